/** What both store implementations share: row rules that are not SQL. */
import { digestSchema } from '../core/digest/schema.js';
import type { Digest } from '../core/digest/types.js';
import { ErrorCode, VoicesError } from '../core/errors.js';
import { DEFAULT_RETRY_POLICY, deadlineFor } from '../core/outbox/policy.js';
import type { DigestSummary, OutboxRow } from '../core/ports/store.js';

/** Rows per transaction when importing: short enough that a webhook waiting for the lock never waits long. */
export const IMPORT_CHUNK = 500;

/** A row's deadline: its own, or the default from when it was queued. */
export function outboxDeadline(row: Pick<OutboxRow, 'deadlineAt' | 'createdAt'>): Date {
  return row.deadlineAt ?? deadlineFor(row.createdAt, DEFAULT_RETRY_POLICY);
}

/** Forward order of delivery states; terminal failures rank above `delivered` only for failures. */
const STATUS_RANK: Record<string, number> = {
  pending: 0,
  queued: 1,
  sending: 2,
  sent: 3,
  inline: 3,
  delivered: 4,
  undelivered: 4,
  failed: 4,
};

/** A platform's status callback moves a delivery forward, never back. */
export function statusAdvances(current: string, next: string): boolean {
  return (STATUS_RANK[next] ?? 0) > (STATUS_RANK[current] ?? 0);
}

export const replyLanguage = (value: string | null): 'en' | 'fr' | null =>
  value === 'en' || value === 'fr' ? value : null;

/** A LIKE pattern for "contains `q`", with `\` escaping the wildcards. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export function parseDigestBody(id: string, body: unknown): Digest {
  const parsed = digestSchema.safeParse(body);
  if (!parsed.success) {
    throw new VoicesError(ErrorCode.StoreFailure, `stored digest ${id} does not match the digest schema`, {
      id,
      issues: parsed.error.issues.slice(0, 5).map((i) => i.path.join('.')),
    });
  }
  return parsed.data;
}

/** Stored digests (newest first) with where each was posted. */
export function digestSummaries(
  rows: ReadonlyArray<{ id: string; body: unknown; createdAt: Date }>,
  posts: ReadonlyArray<{ id: string; destination: string }>,
): DigestSummary[] {
  return rows.map((row) => {
    const digest = parseDigestBody(row.id, row.body);
    return {
      id: row.id,
      from: digest.period.from,
      to: digest.period.to,
      createdAt: row.createdAt,
      replies: digest.participation.replies,
      // One row per revision posted: each destination once.
      postedTo: [...new Set(posts.filter((p) => p.id === row.id).map((p) => p.destination))].sort(),
    };
  });
}

export function digestNotFound(id: string): VoicesError {
  return new VoicesError(ErrorCode.StoreFailure, `digest ${id} neither stored nor found`);
}
