/** Span bookkeeping shared by the detectors: collect candidate findings, keep the best non-overlapping ones, render. */
import type { PiiType, ScrubFinding } from './types.js';

export interface Candidate extends ScrubFinding {
  /** Higher wins an overlap; structured identifiers beat fuzzy ones (a card number beats a phone guess). */
  priority: number;
}

export const PLACEHOLDER: Record<PiiType, string> = {
  email: '[email]',
  phone: '[phone]',
  url: '[url]',
  handle: '[handle]',
  address: '[address]',
  postal_code: '[postal_code]',
  card: '[card]',
  iban: '[iban]',
  sin: '[sin]',
  ssn: '[ssn]',
  ip: '[ip]',
  mention: '[mention]',
  name: '[name]',
};

/**
 * Keeps the highest-priority (then longest) candidates that do not overlap, in text order. Candidates are cut into
 * clusters of mutually overlapping spans first, so a long note with thousands of findings stays linear-ish.
 */
export function resolve(candidates: Candidate[]): ScrubFinding[] {
  const byStart = candidates.filter((c) => c.end > c.start).sort((a, b) => a.start - b.start);
  const kept: Candidate[] = [];
  let cluster: Candidate[] = [];
  let clusterEnd = -1;
  const flush = (): void => {
    const chosen: Candidate[] = [];
    cluster.sort(
      (a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start,
    );
    for (const c of cluster) if (!chosen.some((k) => c.start < k.end && k.start < c.end)) chosen.push(c);
    kept.push(...chosen.sort((a, b) => a.start - b.start));
    cluster = [];
  };
  for (const c of byStart) {
    if (c.start >= clusterEnd && cluster.length > 0) flush();
    cluster.push(c);
    clusterEnd = Math.max(clusterEnd, c.end);
  }
  if (cluster.length > 0) flush();
  return kept.map(({ type, start, end }) => ({ type, start, end }));
}

export function render(text: string, findings: readonly ScrubFinding[]): string {
  let out = '';
  let at = 0;
  for (const f of findings) {
    out += text.slice(at, f.start) + PLACEHOLDER[f.type];
    at = f.end;
  }
  return out + text.slice(at);
}

/** Pushes every match of a global regex as a candidate (optionally only a capture group, or after a check). */
export function collect(
  out: Candidate[],
  text: string,
  re: RegExp,
  type: PiiType,
  priority: number,
  accept?: (m: RegExpExecArray) => boolean,
): void {
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex += 1;
      continue;
    }
    if (accept && !accept(m)) continue;
    out.push({ type, start: m.index, end: m.index + m[0].length, priority });
  }
}
