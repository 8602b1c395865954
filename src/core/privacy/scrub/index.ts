/**
 * PII scrubber: runs before any text is stored. Replaces what identifies a person with typed
 * placeholders (`[phone]`, `[email]`, `[name]`, …) and keeps what organizers need to read
 * (places, organizations, amounts, dates, street names without a number).
 *
 * Detectors live beside this file, one module per family; each proposes candidate spans with a priority and
 * `resolve` keeps the best non-overlapping ones. `scrub` never throws: if a detector fails on some input, the
 * whole text is withheld rather than stored unscrubbed.
 */
import { detectAddresses } from './address.js';
import { detectContact } from './contact.js';
import { lexicon } from './lexicon.js';
import { detectNames } from './names.js';
import { detectNumbers } from './numbers.js';
import { type Candidate, render, resolve } from './spans.js';
import type { ScrubOptions, ScrubResult } from './types.js';

export { PLACEHOLDER } from './spans.js';
export type { PiiType, ScrubFinding, ScrubOptions, ScrubResult } from './types.js';

/** What is stored when scrubbing itself failed: nothing of the original text. */
export const WITHHELD = '[withheld]';

export function scrub(text: string, _options: ScrubOptions = {}): ScrubResult {
  const input = typeof text === 'string' ? text : String(text ?? '');
  if (input.length === 0) return { text: '', findings: [] };
  try {
    const candidates: Candidate[] = [];
    detectContact(input, candidates);
    detectNumbers(input, candidates);
    detectAddresses(input, candidates);
    detectNames(input, candidates);
    const findings = resolve(candidates);
    return { text: render(input, findings), findings };
  } catch {
    return { text: WITHHELD, findings: [] };
  }
}

/**
 * Loads the name and word lists now: the first scrub would otherwise spend a few hundred milliseconds
 * reading them, blocking a server's event loop on its first free-text message.
 */
export function warmUpScrubber(): void {
  lexicon();
}
