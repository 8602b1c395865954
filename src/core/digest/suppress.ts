/**
 * Small-cell suppression for participation tables. A count of 1 to `threshold - 1` participants is
 * never shown (primary suppression), and neither is anything that would let it be computed back from
 * the total: the hidden part of a table (total minus the shown cells) must itself be 0 or at least
 * `threshold`, and must never be a single suppressed cell. Cells are hidden smallest first until
 * that holds (complementary suppression); if no cell is left to hide, the total is hidden too.
 */
import type { CountCell } from './types.js';

export const DEFAULT_THRESHOLD = 5;

export interface CountRow {
  key: string;
  participants: number;
  replies: number;
}

export interface SuppressedRow {
  key: string;
  participants: CountCell;
  replies: CountCell;
}

export interface SuppressOptions {
  threshold?: number;
  /**
   * Drop rows under the threshold entirely (their name is not shown either): a group of 3 never
   * appears. Otherwise they stay with null counts.
   */
  dropSmall?: boolean;
}

/** A single count: shown when 0 or at least `threshold`, else null. */
export function cell(count: number, threshold = DEFAULT_THRESHOLD): CountCell {
  return count > 0 && count < threshold ? null : count;
}

/**
 * Suppresses a table whose rows partition (part of) `totalParticipants`; participants not in any
 * row (e.g. no group) are part of what the reader can compute from the total, and are counted as
 * such. Returns the rows to show (in the input order) and the total cell.
 */
export function suppressTable(
  rows: CountRow[],
  totalParticipants: number,
  options: SuppressOptions = {},
): { rows: SuppressedRow[]; total: CountCell } {
  const threshold = options.threshold ?? DEFAULT_THRESHOLD;
  const nonEmpty = rows.filter((r) => r.participants > 0);
  const primary = new Set(nonEmpty.filter((r) => r.participants < threshold).map((r) => r.key));
  const complementary = new Set<string>();
  const unlisted = totalParticipants - nonEmpty.reduce((s, r) => s + r.participants, 0);
  let totalHidden = cell(totalParticipants, threshold) === null;

  const shown = () => nonEmpty.filter((r) => !primary.has(r.key) && !complementary.has(r.key));
  const needsMore = (): boolean => {
    if (totalHidden) return false;
    const residual = totalParticipants - shown().reduce((s, r) => s + r.participants, 0);
    if (residual > 0 && residual < threshold) return true;
    // One suppressed cell alone in the hidden part equals the residual: it needs company.
    const parts = primary.size + complementary.size + (unlisted > 0 ? 1 : 0);
    return primary.size > 0 && parts < 2;
  };
  while (needsMore()) {
    const candidates = shown().sort((a, b) => a.participants - b.participants || a.key.localeCompare(b.key));
    const next = candidates[0];
    if (!next) {
      totalHidden = true;
      break;
    }
    complementary.add(next.key);
  }

  const out: SuppressedRow[] = [];
  for (const row of nonEmpty) {
    if (primary.has(row.key)) {
      if (!options.dropSmall) out.push({ key: row.key, participants: null, replies: null });
    } else if (complementary.has(row.key)) {
      out.push({ key: row.key, participants: null, replies: null });
    } else {
      out.push({ key: row.key, participants: row.participants, replies: row.replies });
    }
  }
  return { rows: out, total: totalHidden ? null : totalParticipants };
}
