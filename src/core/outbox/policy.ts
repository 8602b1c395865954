/**
 * The outbox's contract and retry policy, independent of any store or platform.
 *
 * A row moves `pending → sending → sent → delivered | undelivered | failed`, or to `cancelled`
 * (the participant opted out or was erased) or `inline` (answered in a webhook response).
 * - **Claim.** A dispatcher claims due `pending` rows atomically: `sending`, a fresh attempt key and
 *   a lease (`claimedUntil`). Only the claimant (same id and attempt key) may record the outcome.
 * - **Outcome.** Recorded once the platform answered; a write that fails is retried until it
 *   lands, so a row is never left `sending` while its dispatcher lives.
 * - **Recovery.** A `sending` row whose lease ran out belongs to a dispatcher that died inside the
 *   platform call: it goes back to `pending` and may reach the recipient twice (the only case).
 * - **Deadline.** Retries stop at a point in time (`deadlineAt`), not after a count of attempts;
 *   rate limiting is not failure and never uses up anything but time.
 */

/** What a platform said about one send (the adapter's `SendResult`, as the policy needs it). */
export type SendOutcome =
  | { ok: true; providerMessageId?: string }
  | {
      ok: false;
      reason: 'transient' | 'rate_limited' | 'opted_out' | 'unreachable' | 'permanent';
      retryAfterMs?: number;
      code?: string | number;
    };

export interface RetryPolicy {
  /** First backoff step; each failed attempt doubles it. */
  baseMs: number;
  /** Longest single wait. */
  maxMs: number;
  /** A Retry-After below this (0 included) is raised to it. */
  retryAfterFloorMs: number;
  /** How long after it was queued a message is given up. */
  deadlineMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  baseMs: 1_000,
  maxMs: 10 * 60_000,
  retryAfterFloorMs: 1_000,
  deadlineMs: 24 * 3_600_000,
};

/** What to do with a row after its attempt. */
export type OutboxDecision =
  | { kind: 'sent'; providerMessageId: string | null }
  | { kind: 'retry'; notBefore: Date; errorCode: string; rateLimited: boolean }
  | {
      kind: 'failed';
      errorCode: string;
      /** What the participant becomes, when the platform says something about them. */
      participant?: 'opted_out' | 'unreachable';
      expired?: boolean;
    };

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random, so retries of a
 * burst spread out instead of arriving together. `attempt` counts from 1.
 */
export function backoffMs(attempt: number, policy: RetryPolicy = DEFAULT_RETRY_POLICY, random = Math.random) {
  const step = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * The wait after a refusal. A platform's Retry-After wins when it asks for longer than our own
 * backoff would; it is raised to a floor (`Retry-After: 0` must not become a tight loop), and a
 * little jitter keeps rows that were refused together from coming back together.
 */
export function retryDelayMs(
  attempt: number,
  retryAfterMs: number | undefined,
  rateLimited: boolean,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random = Math.random,
): number {
  if (retryAfterMs === undefined) return backoffMs(attempt, policy, random);
  const asked = Math.max(policy.retryAfterFloorMs, retryAfterMs);
  // Rate limits: the platform knows when capacity returns; past the second refusal in a row our
  // own exponential step takes over, so a storm of `Retry-After: 0` still backs off.
  const floor = rateLimited && attempt > 2 ? backoffMs(attempt - 2, policy, random) : 0;
  return Math.min(policy.maxMs, Math.max(asked, floor)) + Math.round(random() * asked * 0.2);
}

/** The deadline of a row queued at `createdAt`. */
export function deadlineFor(createdAt: Date, policy: RetryPolicy = DEFAULT_RETRY_POLICY): Date {
  return new Date(createdAt.getTime() + policy.deadlineMs);
}

/**
 * The decision for one attempt's outcome. `attempt` is this attempt's number (1 for the first);
 * `deadline` is when the row is given up.
 */
export function decide(
  outcome: SendOutcome,
  attempt: number,
  deadline: Date,
  now: Date,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  random = Math.random,
): OutboxDecision {
  if (outcome.ok) return { kind: 'sent', providerMessageId: outcome.providerMessageId ?? null };
  const errorCode = outcome.code === undefined ? outcome.reason : String(outcome.code);
  switch (outcome.reason) {
    case 'transient':
    case 'rate_limited': {
      const rateLimited = outcome.reason === 'rate_limited';
      const wait = retryDelayMs(attempt, outcome.retryAfterMs, rateLimited, policy, random);
      const notBefore = new Date(now.getTime() + wait);
      if (notBefore.getTime() > deadline.getTime()) return { kind: 'failed', errorCode, expired: true };
      return { kind: 'retry', notBefore, errorCode, rateLimited };
    }
    case 'opted_out':
      return { kind: 'failed', errorCode, participant: 'opted_out' };
    case 'unreachable':
      return { kind: 'failed', errorCode, participant: 'unreachable' };
    default:
      return { kind: 'failed', errorCode };
  }
}
