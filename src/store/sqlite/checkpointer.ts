/**
 * WAL checkpoints off the event loop. SQLite checkpoints on the connection whose commit pushed the
 * WAL past `wal_autocheckpoint` pages, synchronously: after a bulk writer (`voices import` in another
 * process) that copy can take the bot's event loop for most of a second. The runner's connection
 * therefore checkpoints nothing itself; a worker thread with its own connection does, every second
 * (PASSIVE: never waits for, nor blocks, readers and writers), and on request after an erasure
 * (TRUNCATE: the WAL emptied, so no old version of an erased page stays on disk).
 */
import { Worker } from 'node:worker_threads';
import type { CheckpointResult } from './db.js';

const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path);
db.pragma('busy_timeout = 2000');
const checkpoint = (mode) => {
  try {
    const [row] = db.pragma('wal_checkpoint(' + mode + ')');
    return { busy: (row && row.busy) !== 0, walFrames: (row && row.log) || 0 };
  } catch (err) {
    return { error: (err && err.code) || 'error' };
  }
};
const timer = setInterval(() => checkpoint('PASSIVE'), workerData.intervalMs);
parentPort.on('message', (msg) => {
  if (msg.kind === 'stop') {
    clearInterval(timer);
    db.close();
    parentPort.postMessage({ id: msg.id, stopped: true });
    process.exit(0);
  }
  parentPort.postMessage({ id: msg.id, ...checkpoint(msg.mode) });
});
`;

type Reply = { id: number; busy?: boolean; walFrames?: number; error?: string; stopped?: boolean };

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  private next = 0;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  constructor(path: string, driverPath: string, intervalMs = 1000) {
    this.worker = new Worker(WORKER, { eval: true, workerData: { path, driver: driverPath, intervalMs } });
    this.worker.unref();
    this.worker.on('message', (reply: Reply) => {
      this.waiting.get(reply.id)?.(reply);
      this.waiting.delete(reply.id);
    });
    this.worker.on('error', () => {
      for (const wake of this.waiting.values()) wake({ id: -1, error: 'worker' });
      this.waiting.clear();
    });
  }

  private ask(message: Record<string, unknown>): Promise<Reply> {
    const id = this.next++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.worker.postMessage({ ...message, id });
    });
  }

  /** A TRUNCATE checkpoint on the worker's connection. */
  async truncate(): Promise<CheckpointResult> {
    const reply = await this.ask({ mode: 'TRUNCATE' });
    if (reply.error !== undefined) throw Object.assign(new Error('checkpoint failed'), { code: reply.error });
    return { busy: reply.busy ?? true, walFrames: reply.walFrames ?? 0 };
  }

  async stop(): Promise<void> {
    await Promise.race([this.ask({ kind: 'stop' }), new Promise((resolve) => setTimeout(resolve, 2000))]);
    await this.worker.terminate();
  }
}
