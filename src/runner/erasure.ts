/**
 * Erased means erased on disk. secure_delete zeroes an erased row in the page's new version, but
 * the WAL still holds the page's earlier versions until a checkpoint copies the new ones into the
 * database file; a TRUNCATE checkpoint then empties the WAL. It cannot complete while another
 * connection reads an older snapshot, so it is retried, off the request path, until it does.
 */
import type { Logger } from '../../adapters/types.js';
import type { Store } from '../core/ports/store.js';
import { errorName } from './http-server.js';

/** Retry pauses while a reader holds an old snapshot: 50 ms doubling to 5 s, for about ten minutes. */
const FIRST_PAUSE_MS = 50;
const MAX_PAUSE_MS = 5_000;
const MAX_TRIES = 130;

export class WalScrubber {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private pending = false;
  private tries = 0;

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
  ) {}

  /** Asks for a checkpoint soon (requests coalesce). */
  request(): void {
    this.pending = true;
    this.tries = 0;
    if (!this.timer && !this.running) this.schedule(0);
  }

  /** Runs a pending checkpoint now (shutdown) and stops retrying. */
  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.running) await this.running;
    if (this.pending) await this.attempt();
    if (this.timer) clearTimeout(this.timer);
    this.pending = false;
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.attempt().finally(() => {
        this.running = null;
      });
    }, ms);
    this.timer.unref();
  }

  private async attempt(): Promise<void> {
    if (!this.pending) return;
    this.tries += 1;
    try {
      const result = await this.store.flushErasures();
      if (result.done) {
        this.pending = false;
        this.logger.debug({ tries: this.tries }, 'WAL checkpointed after an erasure');
        return;
      }
    } catch (err) {
      this.logger.warn({ err: errorName(err) }, 'WAL checkpoint after an erasure failed; retrying');
    }
    if (this.tries >= MAX_TRIES) {
      this.pending = false;
      this.logger.error(
        { tries: this.tries },
        'WAL checkpoint after an erasure kept failing; the next erasure tries again',
      );
      return;
    }
    this.schedule(Math.min(MAX_PAUSE_MS, FIRST_PAUSE_MS * 2 ** Math.min(7, this.tries - 1)));
  }
}
