/**
 * Keywords a resident can send at any point. Matching is on the whole message, case- and
 * accent-insensitive, ignoring surrounding punctuation ("Stop." and "arrêt" count).
 */
export type Keyword = 'stop' | 'start' | 'help' | 'delete' | 'lang_en' | 'lang_fr' | 'lang' | 'skip';

const KEYWORDS: Record<string, Keyword> = {};
function add(kind: Keyword, words: string[]): void {
  for (const w of words) KEYWORDS[w] = kind;
}
// Carrier-standard opt-out words (CTIA / Twilio) plus French.
add('stop', [
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'END',
  'QUIT',
  'CANCEL',
  'REVOKE',
  'OPTOUT',
  'OPT OUT',
  'ARRET',
  'ARRETER',
]);
add('start', ['START', 'UNSTOP', 'YES', 'OUI', 'RECOMMENCER']);
add('help', ['HELP', 'INFO', 'AIDE']);
add('delete', ['DELETE', 'FORGET', 'EFFACER', 'SUPPRIMER']);
add('lang_en', ['EN', 'ENGLISH', 'ANGLAIS']);
add('lang_fr', ['FR', 'FRANCAIS', 'FRENCH']);
add('lang', ['LANG', 'LANGUE', 'LANGUAGE']);
add('skip', ['SKIP', 'PASSER', 'PASS']);

/** Upper-case, accents removed, outer punctuation and inner runs of spaces folded. */
export function normalizeKeyword(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/^[\s\p{P}\p{S}]+|[\s\p{P}\p{S}]+$/gu, '')
    .replace(/\s+/g, ' ')
    .toUpperCase();
}

export function matchKeyword(text: string): Keyword | null {
  if (text.length > 40) return null;
  return KEYWORDS[normalizeKeyword(text)] ?? null;
}

/** Consent answers at the welcome step; the word chosen also picks the language. */
export function matchConsent(text: string): { consent: boolean; language?: 'en' | 'fr' } | null {
  const word = normalizeKeyword(text);
  if (['YES', 'Y', 'OK', 'OKAY', 'SURE', 'YEP', 'YEAH', 'I AGREE', 'AGREE'].includes(word)) {
    return { consent: true, language: 'en' };
  }
  if (['OUI', 'O', 'D ACCORD', 'DACCORD', 'D’ACCORD', "D'ACCORD", 'JACCEPTE', "J'ACCEPTE"].includes(word)) {
    return { consent: true, language: 'fr' };
  }
  if (['NO', 'N', 'NON', 'NOPE', 'NO THANKS', 'NON MERCI'].includes(word)) return { consent: false };
  return null;
}

// Free-text opt-outs: a resident who writes "please stop texting me" means STOP.
const FREE_TEXT_OPT_OUT: RegExp[] = [
  /\b(stop|quit|cease)\s+(texting|messaging|sending|contacting|writing|emailing|bothering)\b/,
  /\b(don'?t|do not|never)\s+(text|message|contact|write to|send)\s+(me|us)\b/,
  /\b(unsubscribe|remove|take)\s+me\b/,
  /\bleave me alone\b/,
  /\bno more (texts|messages)\b/,
  /\barr[eê]te[rz]?\s+(de\s+)?(m['’]\s*[eé]crire|m['’]\s*envoyer|me\s+contacter|me\s+texter|les\s+messages)/,
  /\bne\s+m['’]\s*([eé]crivez|envoyez|contactez|textez)\s+plus\b/,
  /\b(d[eé]sabonne[rz]?|d[eé]sinscri(re|vez))[\s-]*(moi)?\b/,
  /\b(retirez|enlevez)[\s-]*moi\b/,
  /\bplus de messages\b/,
];

export function isFreeTextOptOut(text: string): boolean {
  if (text.length > 200) return false;
  const lower = text.toLowerCase();
  return FREE_TEXT_OPT_OUT.some((re) => re.test(lower));
}
