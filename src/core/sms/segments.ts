/**
 * SMS segment counting, as carriers bill it: GSM-7 texts fit 160 septets in one message or 153
 * per part once concatenated (the user-data header takes the rest); anything else goes as UCS-2,
 * 70 UTF-16 units alone or 67 per part. An extension character (ESC + char) and a surrogate pair
 * are never split across parts, so parts are packed greedily rather than divided.
 */
import { gsmSeptets, normalizeForSms } from './gsm.js';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Number of SMS parts the text is sent as (0 for an empty text). */
  segments: number;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) the text takes. */
  units: number;
  /** Units that fit one part at this length (160/153 or 70/67). */
  perSegment: number;
}

const LIMITS = {
  'GSM-7': { single: 160, multi: 153 },
  'UCS-2': { single: 70, multi: 67 },
} as const;

export interface CountOptions {
  /**
   * Count the text as the SMS adapter sends it, after `normalizeForSms` (default true): a
   * curly apostrophe in a prompt file then costs nothing extra.
   */
  normalize?: boolean;
}

/** How many SMS segments `text` needs, and in which encoding. */
export function countSegments(text: string, options: CountOptions = {}): SegmentCount {
  const sent = options.normalize === false ? text : normalizeForSms(text);
  const chars = [...sent];
  const septets = chars.map(gsmSeptets);
  const gsm = septets.every((n) => n > 0);
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';
  // A code point above the BMP is a surrogate pair: two UCS-2 units that stay together.
  const widths = gsm ? septets : chars.map((c) => c.length);
  const units = widths.reduce<number>((sum, w) => sum + w, 0);
  const limit = LIMITS[encoding];
  if (units === 0) return { encoding, segments: 0, units, perSegment: limit.single };
  if (units <= limit.single) return { encoding, segments: 1, units, perSegment: limit.single };
  let segments = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > limit.multi) {
      segments += 1;
      used = 0;
    }
    used += w;
  }
  return { encoding, segments, units, perSegment: limit.multi };
}

/** Prompts longer than this many segments cost more and arrive split on some phones. */
export const PROMPT_SEGMENT_BUDGET = 2;

/**
 * A warning for a prompt that needs more than `budget` SMS segments, or null. The message names
 * the counts only, never the text, so it is safe to log.
 */
export function promptSegmentWarning(text: string, budget: number = PROMPT_SEGMENT_BUDGET): string | null {
  const count = countSegments(text);
  if (count.segments <= budget) return null;
  return `needs ${count.segments} SMS segments (${count.encoding}, ${count.units} units; budget ${budget})`;
}
