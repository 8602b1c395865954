/**
 * The GSM 03.38 alphabet (7-bit default set and its single-shift extension table) and the
 * normalization that keeps texts inside it where the meaning survives.
 */

/** The basic set: one septet each. (ESC, 0x1B, is not a character of its own.) */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

/** The extension table: each is sent as ESC + char, so it takes two septets. */
const GSM_EXTENDED = '\f^{}\\[~]|€';

const basicSet = new Set(GSM_BASIC);
const extendedSet = new Set(GSM_EXTENDED);

/** Septets one character takes in GSM-7, or 0 when it is outside the alphabet. */
export function gsmSeptets(char: string): 0 | 1 | 2 {
  if (basicSet.has(char)) return 1;
  if (extendedSet.has(char)) return 2;
  return 0;
}

/** True when every character of `text` is in the GSM-7 alphabet (basic or extension). */
export function isGsm7(text: string): boolean {
  for (const char of text) {
    if (gsmSeptets(char) === 0) return false;
  }
  return true;
}

/**
 * Typographic characters with a GSM equivalent that reads the same. Letters are never touched
 * (an "ê" stays an "ê" and the text goes out as UCS-2): only punctuation and spacing, which word
 * processors and phones insert on their own and which would otherwise double the segment count.
 */
const REPLACEMENTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\u2018\u2019\u201A\u201B\u2032\u02BC]/g, "'"], // ‘ ’ ‚ ‛ ′ ʼ
  [/[\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB]/g, '"'], // “ ” „ ‟ ″ « »
  [/[\u2010\u2011\u2012\u2013\u2014\u2015\u2212]/g, '-'], // hyphens, dashes, minus sign
  [/\u2026/g, '...'], // …
  [/[\u00A0\u2002\u2003\u2007\u2009\u202F\u205F\u3000]/g, ' '], // no-break and typographic spaces (French « ? »)
  [/[\u200B\u2060\uFEFF\u00AD]/g, ''], // zero-width spaces and soft hyphens (not joiners: emoji use them)
];

/** Replaces smart quotes, dashes, ellipses and special spaces with their GSM-7 equivalents. */
export function normalizeForSms(text: string): string {
  let out = text;
  for (const [pattern, replacement] of REPLACEMENTS) out = out.replace(pattern, replacement);
  return out;
}
