/**
 * The store port over the embedded SQLite database: one connection, one runner per file.
 *
 * better-sqlite3 is synchronous and its own transactions take synchronous callbacks only, so the
 * port's asynchronous transactions are built here: an in-process queue lets one `read` or `write`
 * use the connection at a time, and a write runs `BEGIN IMMEDIATE` (taking the file's write lock
 * up front, so a busy database is reported before any work and the whole write can be retried),
 * the callback, then `COMMIT`. Waiting for another process's lock happens asynchronously, with
 * backoff (`../busy.ts`): the event loop never sleeps for more than the connection's short busy
 * timeout. Callbacks await only store calls, which run at once, so a write holds the lock for the
 * time of its statements.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import type {
  ErasureFlush,
  NewReply,
  RoleHandlers,
  RoleHold,
  Store,
  StoreReader,
  StoreWriter,
  WriteOptions,
} from '../../core/ports/store.js';
import { busyPause, storeTrouble, storeUnavailable, WRITE_DEADLINE_MS } from '../busy.js';
import { IMPORT_CHUNK } from '../rows.js';
import { BackgroundCheckpointer } from './checkpointer.js';
import { checkpointTruncate, type OpenDatabase, openDatabase } from './db.js';
import { SqliteWorkspaceQueries } from './workspace-queries.js';

/** A transaction that found the file locked by another process. */
const BUSY = Symbol('busy');

/** How long an import chunk may wait for a running bot's write lock. */
const IMPORT_DEADLINE_MS = 60_000;

/** Every operation of the port, run on the one connection inside whatever transaction is open. */
export class SqliteTx extends SqliteWorkspaceQueries implements StoreWriter {
  private depth = 0;

  async savepoint<T>(fn: (tx: StoreWriter) => Promise<T>): Promise<T> {
    const name = `sp${++this.depth}`;
    this.sqlite.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this);
      this.sqlite.exec(`RELEASE ${name}`);
      return result;
    } catch (err) {
      // A full disk or an I/O error can end the whole transaction: nothing is left to roll back to.
      if (this.sqlite.inTransaction) {
        this.sqlite.exec(`ROLLBACK TO ${name}`);
        this.sqlite.exec(`RELEASE ${name}`);
      }
      throw err;
    } finally {
      this.depth -= 1;
    }
  }

  /** Imported rows; those whose import key is stored already are skipped. Returns rows added. */
  importRows(rows: readonly NewReply[]): number {
    let added = 0;
    for (const row of rows) if (this.insertReplyRow(randomUUID(), row)) added += 1;
    return added;
  }
}

export interface SqliteStoreOptions {
  backgroundCheckpoints?: boolean;
}

export class SqliteStore implements Store {
  readonly dialect = 'sqlite' as const;
  readonly shared = false;
  readonly handle: OpenDatabase;
  private readonly tx: SqliteTx;
  /** The tail of the queue of operations waiting for the connection. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly statements;

  /** WAL checkpoints on a worker thread (see checkpointer.ts); null: on this connection. */
  private checkpointer: BackgroundCheckpointer | null = null;

  /**
   * `backgroundCheckpoints`: a long-running process (the runner) leaves WAL checkpoints to a worker
   * thread instead of running them on its event loop.
   */
  constructor(path: string, options: SqliteStoreOptions = {}) {
    this.handle = openDatabase(path);
    if (options.backgroundCheckpoints && path !== ':memory:') {
      this.handle.sqlite.pragma('wal_autocheckpoint = 0');
      const driver = createRequire(import.meta.url).resolve('better-sqlite3');
      this.checkpointer = new BackgroundCheckpointer(path, driver);
    }
    this.tx = new SqliteTx(this.handle);
    this.statements = {
      begin: this.handle.sqlite.prepare('BEGIN IMMEDIATE'),
      commit: this.handle.sqlite.prepare('COMMIT'),
      rollback: this.handle.sqlite.prepare('ROLLBACK'),
    };
  }

  /** Runs `fn` when every operation queued before it has finished. */
  private exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }

  read<T>(fn: (reader: StoreReader) => Promise<T>): Promise<T> {
    return this.exclusive(() => fn(this.tx));
  }

  /**
   * Waiting for another process's lock happens outside the queue: between tries the connection
   * serves everything else (reads, and writes that find the lock free), and each waiting write
   * gives up at its own deadline.
   */
  async write<T>(fn: (tx: StoreWriter) => Promise<T>, options?: WriteOptions): Promise<T> {
    const deadline = Date.now() + (options?.deadlineMs ?? WRITE_DEADLINE_MS);
    for (let attempt = 0; ; attempt++) {
      const outcome = await this.exclusive(() => this.transaction(fn, deadline));
      if (outcome !== BUSY) return outcome.value;
      await sleep(busyPause(attempt));
    }
  }

  /** BEGIN IMMEDIATE, the callback, COMMIT; BUSY when another process holds the lock (and time is left). */
  private async transaction<T>(
    fn: (tx: SqliteTx) => Promise<T>,
    deadline: number,
  ): Promise<{ value: T } | typeof BUSY> {
    try {
      this.statements.begin.run();
    } catch (err) {
      const trouble = storeTrouble(err);
      if (trouble === 'busy' && Date.now() < deadline) return BUSY;
      throw trouble ? storeUnavailable(trouble, err) : err;
    }
    try {
      const value = await fn(this.tx);
      this.statements.commit.run();
      return { value };
    } catch (err) {
      if (this.handle.sqlite.inTransaction) this.statements.rollback.run();
      const trouble = storeTrouble(err);
      throw trouble ? storeUnavailable(trouble, err) : err;
    }
  }

  /** Chunks of `chunk` rows, each its own transaction, with a short pause between them. */
  async insertImported(rows: readonly NewReply[], chunk = IMPORT_CHUNK): Promise<number> {
    let added = 0;
    for (let start = 0; start < rows.length; start += chunk) {
      const part = rows.slice(start, start + chunk);
      added += await this.write(async () => this.tx.importRows(part), { deadlineMs: IMPORT_DEADLINE_MS });
      // Let a waiting writer (the bot's webhooks) in before taking the lock again.
      if (start + chunk < rows.length) await sleep(5);
    }
    return added;
  }

  /**
   * Copies every committed page into the database file and truncates the WAL, so the versions of
   * pages an erasure overwrote (secure_delete zeroes the new ones) leave no copy on disk. Not done
   * while another connection reads an older snapshot.
   */
  async flushErasures(): Promise<ErasureFlush> {
    const worker = this.checkpointer;
    if (worker) return { done: !(await worker.truncate()).busy };
    return this.exclusive(async () => ({ done: !checkpointTruncate(this.handle.sqlite).busy }));
  }

  /** One runner per file: the role is ours at once, for as long as we run. */
  async holdRole(_role: string, handlers: RoleHandlers): Promise<RoleHold> {
    await handlers.acquired();
    return { release: async () => {} };
  }

  async ping(): Promise<void> {
    try {
      this.handle.sqlite.prepare('SELECT 1').get();
    } catch (err) {
      throw storeUnavailable(storeTrouble(err) ?? 'io', err);
    }
  }

  /** Stops the background checkpoints (waits for the worker), then closes. */
  async close(): Promise<void> {
    const worker = this.checkpointer;
    this.checkpointer = null;
    await worker?.stop();
    await this.exclusive(async () => this.handle.close());
  }
}
