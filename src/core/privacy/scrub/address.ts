/**
 * Street addresses with a house number, in English, French and the common European forms, plus P.O. boxes,
 * military addresses, apartment/unit parts and the ZIP that closes an address block. A street named without a
 * number ("on Rue Laurier", "Baker Street") is not an address of anyone and stays.
 */
import { stopwords } from './lexicon.js';
import { ci } from './regex.js';
import type { Candidate } from './spans.js';

// Function words end a street name; a few stopwords are also common street-name words and stay allowed.
const STREET_WORDS = new Set('new old high first second third long little est haut line'.split(' '));
const STOP = new Set<string>(stopwords().filter((w) => !STREET_WORDS.has(w)));
// Particles that may sit inside a street name ("rue de la Gauchetière", "Via delle Coste").
const PARTICLES = new Set(
  "de du des la le les d' l' d’ l’ del della delle di da do dos das van von der den ten ter y e et".split(
    ' ',
  ),
);

const NUM = String.raw`\d{1,6}[A-Za-z]?(?:-\d{1,5})?`;
const WORD = String.raw`[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.\-]*`;
const CAP = String.raw`\p{Lu}[\p{L}\p{M}'’.\-]*`;

// English street types after the name ("12 Baker St", "1659 Hoog St", "22 Pollen Crescent").
const EN_TYPE = `street|st|str|avenue|ave|av|road|rd|boulevard|blvd|drive|dr|lane|ln|way|court|ct|place|pl|crescent|cres|terrace|terr|parkway|pkwy|highway|hwy|circle|cir|square|sq|trail|trl|row|close|grove|gardens|gdns|mews|walk|alley|path|pike|turnpike|bypass|loop|point|pt|heights|hts|hill|park|plaza|landing|ridge|view|crossing|expressway|freeway|green|mall|lodge|junction|causeway|creek|isle|island|islands|estate|estates|manor|mill|mills|harbor|harbour|meadows|station|ville|village|wharf|quay|common|commons|fields|field|falls|glen|hollow|knoll|lakes|lake|oval|pass|pines|plains|port|ranch|shoals|shore|shores|spring|springs|summit|trace|track|valley|vista|wells|wood|woods|drives`;
// Types that are also ordinary words: only when capitalized ("5 Big Trucks Drive" is rare; "5 trucks drive" is not).
const EN_WEAK = new Set(
  'way close row walk path point view green mall lodge park hill common field fields spring wood woods pass port trace track station village ville island isle lake lakes loop landing crossing summit shore falls plains ridge valley wells drive drives mill estate'.split(
    ' ',
  ),
);
const EN_STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}$€£])(${NUM})(?:[ \t]+\d{1,6})?,?[ \t]+((?:${WORD}[ \t]+){1,4}?)(${ci(EN_TYPE)})\b(?:[ \t]+(?:North|South|East|West|N|S|E|W|NE|NW|SE|SW)\b)?`,
  'gu',
);

// French (and other Romance) types before the name: "88 rue Saint-Denis", "1200, boul. René-Lévesque Ouest".
// "Via" only capitalized: "via Zoom 3 times" is English.
const FR_TYPE = String.raw`rue|avenue|av\.|boulevard|boul\.?|bd|chemin|ch\.|place|route|rang|allée|impasse|montée|côte|croissant|promenade|quai|cours|square|terrasse|voie|ruelle|sentier|autoroute|carré|passage|rond-point|viale|piazza|corso|calle|avenida|avda\.|rua|carrer|paseo|plaza|camino|travessa|largo|praça|strada|ul\.|ulica|aleja|al\.|rruga|odos|λεωφόρος|οδός`;
const FR_NUMBER_FIRST = new RegExp(
  String.raw`(?<![\p{L}\p{N}$€£])(${NUM})(?:[ \t]*(?:bis|ter))?,?[ \t]+${ci(FR_TYPE)}(?![\p{L}])((?:[ \t]+${WORD}){1,6})`,
  'gu',
);
// Type then name then number: "Rue de Piétrain 371", "Via delle Coste 41", "ul. Jesionowa 127".
const TYPE_FIRST = new RegExp(
  String.raw`(?<![\p{L}])(?:${ci(FR_TYPE)}|Via|VIA)(?![\p{L}])((?:[ \t]+${WORD}){1,5}?)[ \t]+(\d{1,5}[A-Za-z]?)\b`,
  'gu',
);
// Germanic, Nordic, Dutch, Finnish, Hungarian forms: "Hammarvägen 15", "Villacher Strasse 89", "Király u. 15.".
// A word (maybe after a capitalized one) before a number; kept when the word ends like a street word.
const WORD_BEFORE_NUMBER =
  /(?<![\p{L}\p{N}])(?:(\p{Lu}[\p{L}\p{M}'’-]*)[ \t]+)?([\p{L}-]+\.?)[ \t]+\d{1,5}[A-Za-z]?\b/gu;
const STREET_SUFFIX = new RegExp(
  `${ci('vägen|gatan|gata|katu|tie|kuja|polku|straße|strasse|stræti|weg|laan|straat|gade|vej|veien|vegen|vei|gasse|allee|platz|stien|plein|kade|dreef|singel|utca|út|tér|u\\.|str\\.')}$`,
  'u',
);
// "6750 Koskikatu 25", "50541 Mlýnská 1540": number, capitalized name, number.
const NUMBER_NAME_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}$€£.,])\d{2,6}[ \t]+${CAP}(?:[ \t]+${CAP}){0,3}[ \t]+\d{1,5}[A-Za-z]?\b`,
  'gu',
);
// A capitalized name then a number, accepted only after an address cue ("meet me at Pagari 18").
const NAME_NUMBER = new RegExp(
  String.raw`(?<![\p{L}\p{N}])${CAP}(?:[ \t]+${WORD}){0,3}?[ \t]+\d{1,5}[A-Za-z]?\b\.?`,
  'gu',
);
const ADDRESS_CUE =
  /(?:\baddress(?:es)?\b|\badresse\b|\blives?\s+(?:at|on|in)\b|\bliving\s+(?:at|on)\b|\blived\s+(?:at|in)\b|\bmeet\s+(?:me|you|us)?\s*at\b|\blocated\s+at\b|\b(?:is|are)\s+at\b|\bsent\s+to\b|\bsend\b.{0,20}\bto\b|\bship\s+to\b|\bdeliver\s+to\b|\bmoved\s+to\b|\breturn\s+to\b|\bstop\s+at\b|\boff\s+at\b|\btaxi\s+to\b|\bcorner\s+of\b|\bj'habite\b|\bhabite\s+(?:au|à|a)\b|\bdemeure\s+au\b|\bUser:|\bchez\b|\bvalidate the following\b)[^.?!\n]{0,25}$/i;
const PO_BOX =
  /\b(?:P\.?[ \t]?O\.?[ \t]*Box|Post[ \t]Office[ \t]Box|Case[ \t]postale|C\.P\.)[ \t]*\d{1,6}\b/gi;
const MILITARY =
  /\b(?:(?:PSC|Unit|CMR)[ \t]+\d{3,5},?[ \t]+Box[ \t]+\d{3,5}|(?:USNS|USNV|USS|USCGC)[ \t]+[^\s\d,]+)(?:[ \t]*\n?[ \t]*(?:APO|FPO|DPO)[ \t]+(?:AA|AE|AP)[ \t]+\d{5})?/gi;
const UNIT = String.raw`${ci('apt|apartment|suite|ste|unit|app|appartement|appt|bureau|logement|local')}\.?[ \t]*(?:#|[nN][oO]\.?|[nN]°)?[ \t]*\d{1,5}[A-Za-z]?\b`;
// Alone (not after a street), only the words that mean a dwelling: "Unit 4 of the course" is no address.
const UNIT_ALONE = new RegExp(
  String.raw`(?<![\p{L}])(?:${ci('apt|apartment|suite|app|appartement|appt')}\.?[ \t]*(?:#|[nN][oO]\.?|[nN]°)?[ \t]*\d{1,5}[A-Za-z]?\b|#[ \t]?\d{1,5}\b)`,
  'gu',
);
const UNIT_AFTER = new RegExp(String.raw`^(?:[ \t]*,?[ \t]*\n?[ \t]*(?:${UNIT}|#[ \t]?\d{1,5}\b))+`, 'u');
// "on March 3" after "is at" is a date.
const DATE_WORD =
  /\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|monday|tuesday|wednesday|thursday|friday|saturday|sunday|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|room|bus|route|highway|hwy|exit|gate|chapter|page|version|level|grade|floor|step|phase|bill|line|ligne|autobus|sortie|salle|local|étage|niveau|article|section)\b/i;
// "3654" in ">3654 Brixtonlaan 380": a building number just before a street found without it.
const HOUSE_NUMBER_BEFORE = /(?<![\p{L}\p{N}$€£.,])\d{1,6},?[ \t]+$/u;
// The ZIP or postal code a few lines under an address block ("Uruguay 64677", "Kaster\n, VWV\n 04494").
// Not a date or time ("since 2022-12-01", "at 1930:00").
const BLOCK_ZIP = /(?<![\p{L}\p{N}\-/.:])\d{3,6}(?:[- ]\d{2,4})?(?![\p{L}\p{N}]|[-/.:]\d)/gu;

function wordsOk(words: string, allowLower: boolean): boolean {
  for (const w of words.split(/[ \t]+/)) {
    if (!w) continue;
    const lower = w.toLowerCase();
    if (PARTICLES.has(lower)) continue;
    if (STOP.has(lower)) return false;
    const head = w.replace(/^[dDlL]['’]/u, '')[0] ?? '';
    if (!allowLower && head === head.toLowerCase() && !/\d/.test(head)) return false;
  }
  return true;
}

/**
 * End of a French street name after its type: capitalized words and particles ("de la Gauchetière", "d'Ouchy"),
 * up to the first ordinary word or punctuation ("88 rue Laurier depuis" -> "88 rue Laurier").
 */
function frenchNameEnd(name: string, lowerText: boolean): number {
  let end = 0;
  let words = 0;
  const re = /[ \t]+(\S+)/gu;
  for (let m = re.exec(name); m !== null; m = re.exec(name)) {
    const raw = m[1] ?? '';
    const w = raw.replace(/[,;:!?).]+$/u, '');
    if (!w) break;
    const lower = w.toLowerCase();
    const nameWord = /^(?:[dDlL]['’])?[\p{Lu}\d]/u.test(w) || (lowerText && !STOP.has(lower) && words < 2);
    const particle = PARTICLES.has(lower);
    if (!nameWord && !particle) break;
    if (nameWord) end = m.index + m[0].length - (raw.length - w.length);
    words += 1;
    if (w !== raw) break;
  }
  return end;
}

// "In 2050, Bowling Green will be…": a year after a time preposition is no house number.
const YEAR_CONTEXT =
  /(?:^|[^\p{L}])(?:in|by|since|until|till|before|after|from|of|en|depuis|dès|avant|après|d['’]ici|vers)[ \t]+$/iu;
function isYear(text: string, start: number): boolean {
  return (
    /^(?:1[89]|20)\d\d(?!\d)/u.test(text.slice(start, start + 5)) &&
    YEAR_CONTEXT.test(text.slice(Math.max(0, start - 12), start))
  );
}

/**
 * The postal code that closes an address block: on the address line or one of the next short lines, and last on
 * its line ("…, Beder, Denmark 56905", "Kaster\n, VWV\n 04494"). A sentence on the next line ends the block.
 */
function pushBlockZip(text: string, from: number, out: Candidate[]): void {
  let at = from;
  for (let line = 0; line < 5 && at < text.length; line += 1) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    if (end - at > 48) return;
    const content = text.slice(at, end);
    BLOCK_ZIP.lastIndex = 0;
    for (let z = BLOCK_ZIP.exec(content); z !== null; z = BLOCK_ZIP.exec(content)) {
      if (!/^[\s,.;)]*$/u.test(content.slice(z.index + z[0].length))) continue;
      out.push({ type: 'postal_code', start: at + z.index, end: at + z.index + z[0].length, priority: 65 });
    }
    if (newline === -1) return;
    at = newline + 1;
  }
}

// Above a phone guess: "3536 1659 Hoog St" is a house number, not a phone number.
function push(out: Candidate[], start: number, end: number, priority = 82): void {
  out.push({ type: 'address', start, end, priority });
}

export function detectAddresses(text: string, out: Candidate[]): void {
  if (!/\d/.test(text)) return;
  const found: Candidate[] = [];
  const lowerText = !/\p{Lu}/u.test(text);

  EN_STREET.lastIndex = 0;
  for (let m = EN_STREET.exec(text); m !== null; m = EN_STREET.exec(text)) {
    const words = m[2] ?? '';
    const type = m[3] ?? '';
    const weak = EN_WEAK.has(type.toLowerCase());
    if (weak && type[0] === type[0]?.toLowerCase()) continue;
    // "3 kids and the street" is no address: every word of the name must be a name-like word.
    // "12 St" alone is not enough.
    if (words.trim() === '' || !wordsOk(words, !weak && type.length > 2)) continue;
    push(found, m.index, m.index + m[0].length);
  }

  FR_NUMBER_FIRST.lastIndex = 0;
  for (let m = FR_NUMBER_FIRST.exec(text); m !== null; m = FR_NUMBER_FIRST.exec(text)) {
    const name = m[2] ?? '';
    const end = frenchNameEnd(name, lowerText);
    if (end === 0) continue;
    const nameStart = m.index + m[0].length - name.length;
    push(found, m.index, nameStart + end);
  }

  TYPE_FIRST.lastIndex = 0;
  for (let m = TYPE_FIRST.exec(text); m !== null; m = TYPE_FIRST.exec(text)) {
    if (!wordsOk(m[1] ?? '', lowerText)) continue;
    push(found, m.index, m.index + m[0].length);
  }

  WORD_BEFORE_NUMBER.lastIndex = 0;
  for (let m = WORD_BEFORE_NUMBER.exec(text); m !== null; m = WORD_BEFORE_NUMBER.exec(text)) {
    if (!STREET_SUFFIX.test(m[2] ?? '')) continue;
    const lead = m[1];
    // "Then Hammarvägen 15": an ordinary word before the street name is not part of it.
    const start =
      lead && STOP.has(lead.toLowerCase()) ? m.index + m[0].indexOf(m[2] ?? '', lead.length) : m.index;
    push(found, start, m.index + m[0].length);
  }

  for (const re of [NUMBER_NAME_NUMBER, PO_BOX, MILITARY]) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) push(found, m.index, m.index + m[0].length);
  }

  NAME_NUMBER.lastIndex = 0;
  for (let m = NAME_NUMBER.exec(text); m !== null; m = NAME_NUMBER.exec(text)) {
    if (!ADDRESS_CUE.test(text.slice(Math.max(0, m.index - 60), m.index))) continue;
    const words = m[0].replace(/[ \t]+\d{1,5}[A-Za-z]?\.?$/u, '');
    if (!wordsOk(words, true) || DATE_WORD.test(words)) continue;
    push(found, m.index, m.index + m[0].length, 70);
  }

  for (let x = found.length - 1; x >= 0; x -= 1) if (isYear(text, found[x]!.start)) found.splice(x, 1);

  // Grow each address over its unit ("app. 4", "Suite 721"), a house number just before it, and the ZIP below it.
  for (const a of found) {
    const after = UNIT_AFTER.exec(text.slice(a.end, a.end + 80));
    if (after) a.end += after[0].length;
    const before = HOUSE_NUMBER_BEFORE.exec(text.slice(Math.max(0, a.start - 12), a.start));
    if (before) a.start -= before[0].length;
    out.push(a);
    pushBlockZip(text, a.end, out);
  }

  UNIT_ALONE.lastIndex = 0;
  for (let m = UNIT_ALONE.exec(text); m !== null; m = UNIT_ALONE.exec(text)) {
    if (
      m[0].startsWith('#') &&
      !/(?:apt|app|unit|suite|bureau|logement|porte|door|room)[ \t.]*$/i.test(
        text.slice(Math.max(0, m.index - 12), m.index),
      )
    )
      continue;
    // "app" alone is also the word for an app: only after something address-like.
    if (/^app[ \t]/i.test(m[0]) && !found.some((a) => a.end >= m.index - 3 && a.end <= m.index)) continue;
    push(out, m.index, m.index + m[0].length, 72);
  }
}
