/** Public types of the scrubber (re-exported by `./index.js`). */
export type PiiType =
  | 'email'
  | 'phone'
  | 'url'
  | 'handle'
  | 'address'
  | 'postal_code'
  | 'card'
  | 'iban'
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
  /** Reserved for language-specific rules; the detectors already know English and French. */
  language?: 'en' | 'fr' | undefined;
}
