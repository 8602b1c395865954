/**
 * Group commit for inbound messages. Requests that arrive in the same turn of the event loop (or
 * while earlier batches commit) are committed in one transaction, and each is acknowledged only
 * after that commit. Under load this turns one commit per message into one per batch; alone, a
 * message waits one `setImmediate`.
 *
 * When another process holds the write lock, the batch waits asynchronously (backoff) and tries
 * again; a message that could not be committed within `BUSY_PATIENCE_MS`, or at all (disk full), is
 * rejected with `StoreUnavailable`, which its adapter answers with 503 and Retry-After.
 */
import type { InboundMessage } from '../core/types.js';
import { storeTrouble, storeUnavailable } from '../store/busy.js';
import type { BatchOutcome, Conversations, ReceiveOutcome } from './conversations.js';

type Result = ReceiveOutcome;

interface Pending {
  message: InboundMessage;
  since: number;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/** Bounds the time one transaction holds the event loop. */
export const MAX_BATCH = 64;
/** How long a message may wait for the write lock before its platform is told to retry. */
export const BUSY_PATIENCE_MS = 2_000;

export class InboundBatcher {
  private queue: Pending[] = [];
  private scheduled = false;
  private busyTries = 0;
  /** Batches being committed right now. */
  private flushing = 0;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;

  /**
   * @param concurrency batches committing at once: 1 for SQLite (one connection, one writer); more
   *   for PostgreSQL, whose batches commit side by side on pooled connections.
   */
  constructor(
    private readonly conversations: Conversations,
    private readonly concurrency = 1,
  ) {}

  submit(message: InboundMessage): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ message, since: Date.now(), resolve, reject });
      this.schedule();
    });
  }

  private schedule(delayMs = 0): void {
    if (this.scheduled) return;
    this.scheduled = true;
    if (delayMs > 0) this.timer = setTimeout(() => this.flush(), delayMs);
    else this.immediate = setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    this.timer = undefined;
    this.immediate = undefined;
    // While `concurrency` batches are committing, new messages wait and go together in the next one.
    while (this.flushing < this.concurrency && this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH);
      this.flushing += 1;
      void this.conversations
        .receiveBatch(batch.map((p) => p.message))
        .then(
          (results) => this.settle(batch, results),
          (error: unknown) => this.failed(batch, error),
        )
        .finally(() => {
          this.flushing -= 1;
          if (this.queue.length > 0) this.schedule();
        });
    }
  }

  private settle(batch: Pending[], results: BatchOutcome[]): void {
    this.busyTries = 0;
    results.forEach((r, i) => {
      const p = batch[i];
      if (!p) return;
      if (r.ok) p.resolve(r.result);
      else {
        const trouble = storeTrouble(r.error);
        p.reject(trouble ? storeUnavailable(trouble, r.error) : r.error);
      }
    });
  }

  /** The commit itself failed: nothing of this batch is stored, so nothing is acknowledged. */
  private failed(batch: Pending[], error: unknown): void {
    const trouble = storeTrouble(error);
    if (trouble === 'busy') {
      // Another writer holds the lock: wait off the event loop and try the batch again.
      const now = Date.now();
      const waiting = batch.filter((p) => now - p.since < BUSY_PATIENCE_MS);
      for (const p of batch) if (!waiting.includes(p)) p.reject(storeUnavailable('busy', error));
      this.queue.unshift(...waiting);
      this.busyTries += 1;
      const step = Math.min(100, 5 * 2 ** this.busyTries);
      if (this.immediate) clearImmediate(this.immediate);
      if (this.timer) clearTimeout(this.timer);
      this.scheduled = false;
      if (this.queue.length > 0) this.schedule(step / 2 + Math.random() * (step / 2));
      return;
    }
    for (const p of batch) p.reject(trouble ? storeUnavailable(trouble, error) : error);
  }
}
