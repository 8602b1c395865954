/**
 * Group commit for inbound messages. Requests that arrive in the same turn of the event loop are
 * committed in one SQLite transaction, and each is acknowledged only after that commit. Under load
 * this turns one commit per message into one per batch; alone, a message waits one `setImmediate`.
 */
import type { InboundMessage } from '../core/types.js';
import type { Conversations } from './conversations.js';

type Result = ReturnType<Conversations['receive']>;

interface Pending {
  message: InboundMessage;
  resolve: (result: Result) => void;
  reject: (error: unknown) => void;
}

/** Bounds the time one transaction holds the event loop. */
export const MAX_BATCH = 64;

export class InboundBatcher {
  private queue: Pending[] = [];
  private scheduled = false;

  constructor(private readonly conversations: Conversations) {}

  submit(message: InboundMessage): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      this.queue.push({ message, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.splice(0, MAX_BATCH);
    if (this.queue.length > 0) this.schedule();
    if (batch.length === 0) return;
    let results: ReturnType<Conversations['receiveBatch']>;
    try {
      results = this.conversations.receiveBatch(batch.map((p) => p.message));
    } catch (error) {
      // The commit itself failed: nothing of this batch is stored, so nothing is acknowledged.
      for (const p of batch) p.reject(error);
      return;
    }
    results.forEach((r, i) => {
      const p = batch[i];
      if (!p) return;
      if (r.ok) p.resolve(r.result);
      else p.reject(r.error);
    });
  }
}
