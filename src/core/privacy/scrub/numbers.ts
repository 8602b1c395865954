/** Numeric identifiers: payment cards and IBANs, Canadian SIN, US SSN, phone numbers, postal and ZIP codes. */
import { ci } from './regex.js';
import { type Candidate, collect } from './spans.js';

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 check: move the first four characters to the end, letters to numbers, mod 97 must be 1. */
function ibanValid(raw: string): boolean {
  const iban = raw.replace(/ /g, '').toUpperCase();
  const moved = iban.slice(4) + iban.slice(0, 4);
  let rest = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) rest = (rest * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return rest === 1;
}

const onlyDigits = (s: string): string => s.replace(/\D/g, '');

const CARD = /(?<![\p{L}\p{N}])\d(?:[ -]?\d){12,18}(?![\p{L}\p{N}])/gu;
const CARD_CONTEXT = /\b(?:card|carte|visa|mastercard|amex|credit|crédit|debit|débit)\b/i;
const IBAN = /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g;
const SIN = /(?<![\p{L}\p{N}])\d{3}([ -]?)\d{3}\1\d{3}(?![\p{L}\p{N}])/gu;
const SIN_CONTEXT = /\b(?:SIN|NAS|social insurance|assurance sociale)\b/i;
const SSN = /(?<![\p{L}\p{N}])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\p{L}\p{N}])/gu;
const SSN_BARE = /(?<![\p{L}\p{N}])\d{9}(?![\p{L}\p{N}])/gu;
const SSN_CONTEXT = /\b(?:SSN|social security)\b/i;
// Digits with the separators phone numbers use, on one line; validated below.
const EXTENSION = String.raw`[ \t]*[,;]?[ \t]*(?:${ci('ext|extension|x|poste|p')}\.?|#)[ \t]*\d{1,6}`;
const PHONE = new RegExp(
  String.raw`(?<![\p{L}\p{N}+])(?:\+|00)?\(?\d[\d \t().\-/]{5,24}\d(?:${EXTENSION})?(?![\p{L}\p{N}@_])`,
  'gu',
);
const EXTENSION_END = new RegExp(`${EXTENSION}$`, 'u');
const DATE_LIKE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})$/;
const DATE_START = /^\d{4}-\d{2}-\d{2}[ \tT]/;
const YEAR_RANGE = /^(?:1[89]|20)\d{2}[ \t]*[-–/][ \t]*(?:1[89]|20)\d{2}$/;
const AMOUNT_SHAPE = /^(?:\d{1,3}(?:[ \u00a0.,]\d{3})+(?:[.,]\d{1,2})?|\d+)$/;
const AMOUNT_BEFORE = /(?:[$€£]|\b(?:CAD|USD|EUR))[ \t]*$/;
const AMOUNT_AFTER =
  /^[ \t]*(?:[$€£%]|k\$|dollars?\b|euros?\b|habitants\b|people\b|residents?\b|résidents?\b|personnes\b|km\b|kg\b|m2\b|pi2\b|sq\b)/i;
const CA_POSTAL = /\b[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b/gi;
// A US ZIP needs address context: a state code before it, or a "ZIP"/"code postal" label.
// Postal codes differ by country ("3520", "394 13", "53-320", "7412 SL"); after a label any of them counts.
const ZIP_LABELLED =
  /\b(?:zip(?:[ \t]?code)?|postal[ \t]code|postcode|code[ \t]postal)(?:[ \t]+is|[ \t]*:|[ \t]+est)?[ \t]*(\d{3,6}(?:[- ]\d{2,4})?(?:[ ][A-Z]{2}\b)?)(?![\d])/gi;
const ZIP_AFTER_STATE =
  /\b(?:A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY]),?[ \t]+(\d{5}(?:-\d{4})?)\b/gu;

function pushGroup(out: Candidate[], re: RegExp, text: string, priority: number): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const value = m[1] ?? '';
    const start = m.index + m[0].length - value.length;
    out.push({ type: 'postal_code', start, end: start + value.length, priority });
  }
}

function contextBefore(text: string, index: number, re: RegExp, width = 60): boolean {
  return re.test(text.slice(Math.max(0, index - width), index));
}

function phoneOk(text: string, index: number, raw: string): boolean {
  const core = raw.replace(EXTENSION_END, '');
  const digits = onlyDigits(core).length;
  if (digits < 7 || digits > 15) return false;
  if (DATE_LIKE.test(core) || YEAR_RANGE.test(core) || DATE_START.test(core)) return false;
  // "2000-04-16 11:34:35": a clock time follows.
  if (text[index + raw.length] === ':') return false;
  if (/^\d+[.,]\d{1,2}$/.test(core)) return false;
  // "1 500 000 $" or "$12345678" is money; "514-555-0199 $" is still a phone number.
  if (!AMOUNT_SHAPE.test(core)) return true;
  const amount =
    AMOUNT_BEFORE.test(text.slice(Math.max(0, index - 5), index)) ||
    AMOUNT_AFTER.test(text.slice(index + raw.length, index + raw.length + 12));
  return !amount && !/[,.]/.test(core);
}

export function detectNumbers(text: string, out: Candidate[]): void {
  if (!/\d/.test(text)) return;
  collect(out, text, CARD, 'card', 92, (m) => {
    const digits = onlyDigits(m[0]);
    return luhn(digits) || (digits.length >= 13 && contextBefore(text, m.index, CARD_CONTEXT));
  });
  collect(out, text, IBAN, 'iban', 93, (m) => ibanValid(m[0]));
  collect(out, text, SSN, 'ssn', 91);
  collect(out, text, SSN_BARE, 'ssn', 91, (m) => contextBefore(text, m.index, SSN_CONTEXT));
  collect(out, text, SIN, 'sin', 91, (m) => {
    const digits = onlyDigits(m[0]);
    if (!luhn(digits)) return false;
    if (contextBefore(text, m.index, SIN_CONTEXT)) return true;
    // No SIN starts with 0 or 8; without a label, only the grouped form counts.
    return m[1] !== '' && digits[0] !== '0' && digits[0] !== '8';
  });
  PHONE.lastIndex = 0;
  for (let m = PHONE.exec(text); m !== null; m = PHONE.exec(text)) {
    // "514-555-0199 0:" or "call 514-555-0199 2024-05-01": when the whole run fails, the number may end earlier.
    let raw = m[0];
    for (let tries = 0; tries < 3 && !phoneOk(text, m.index, raw); tries += 1) {
      const last = EXTENSION_END.exec(raw) ?? /[ \t().\-/]+\d+\)?$/u.exec(raw);
      raw = last ? raw.slice(0, last.index) : '';
    }
    if (!raw || !phoneOk(text, m.index, raw)) continue;
    // "(514-555-0199)": an opening parenthesis with no closing one belongs to the sentence.
    const skip = raw.startsWith('(') && !raw.includes(')') ? 1 : 0;
    out.push({ type: 'phone', start: m.index + skip, end: m.index + raw.length, priority: 80 });
  }
  collect(out, text, CA_POSTAL, 'postal_code', 70);
  pushGroup(out, ZIP_LABELLED, text, 70);
  pushGroup(out, ZIP_AFTER_STATE, text, 70);
}
