/**
 * PII scrubber: runs before any text is stored. Replaces what identifies a person with typed
 * placeholders (`[phone]`, `[email]`, `[name]`, …) and keeps what organizers need to read.
 *
 * Interim implementation owned by the PII work (issue 8), which replaces this file's internals;
 * the exported signature below is the contract the rest of the bot relies on.
 */
export type PiiType =
  | 'email'
  | 'phone'
  | 'url'
  | 'handle'
  | 'address'
  | 'postal_code'
  | 'card'
  | 'sin'
  | 'ssn'
  | 'ip'
  | 'mention'
  | 'name';

export interface ScrubFinding {
  type: PiiType;
  /** Offsets in the input text. */
  start: number;
  end: number;
}

export interface ScrubResult {
  text: string;
  findings: ScrubFinding[];
}

export interface ScrubOptions {
  language?: 'en' | 'fr' | undefined;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const PHONE = /(?:\+?\d[\d\s().-]{7,}\d)/g;

export function scrub(text: string, _options: ScrubOptions = {}): ScrubResult {
  const findings: ScrubFinding[] = [];
  let out = text.replace(EMAIL, (m, offset: number) => {
    findings.push({ type: 'email', start: offset, end: offset + m.length });
    return '[email]';
  });
  out = out.replace(PHONE, (m, offset: number) => {
    findings.push({ type: 'phone', start: offset, end: offset + m.length });
    return '[phone]';
  });
  return { text: out, findings };
}
