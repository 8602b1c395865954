/**
 * The digest's `Themer` port served by a worker thread, so theming never blocks the runner's event loop
 * (webhooks keep being answered while a large digest is clustered).
 *
 * The thread starts on the first call and stops after `idleMs` without work (its word vectors and heap are
 * released between weekly digests). One job runs at a time; later calls queue in the thread. A thread that
 * crashes, throws outside a job or runs out of memory fails its pending calls with `themer_failed` and is
 * replaced on the next call; `close()` stops a run in progress (`themer_cancelled`) and the thread with it.
 */
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../../adapters/types.js';
import { ErrorCode, VoicesError } from '../../core/errors.js';
import type { ThemeInput, ThemeOptions, ThemeResult } from '../../core/themes/types.js';
import type { ThemeBudget, ThemeJobMessage, ThemeJobResult, ThemeWorkerData } from './protocol.js';

export interface ThemeWorkerOptions {
  logger?: Logger;
  /** Stop the idle thread after this long (default 60 s). */
  idleMs?: number;
  /** Module exporting `engineThemer` and `engineHistoryThemer` (default: the theme engine's). Tests swap it. */
  engine?: URL;
  /** Heap limit of the thread, in MB (default: V8's). Past it the run fails with `themer_failed`. */
  maxHeapMb?: number;
}

/** A `Themer` that always answers later (it is one). */
export type AsyncThemer = (inputs: ThemeInput[], options?: ThemeOptions) => Promise<ThemeResult>;

/** The themers a digest uses, run on a worker thread, and how to stop it. */
export interface ThemeWorker {
  themer: AsyncThemer;
  historyThemer: AsyncThemer;
  /** Cancels what is running or queued and stops the thread; later calls fail with `themer_cancelled`. */
  close(): Promise<void>;
}

/** From the compiled build this module is a .js file and so is its thread; from sources (tsx, vitest) both are .ts. */
const fromSources = import.meta.url.endsWith('.ts');
const ext = fromSources ? 'ts' : 'js';
const THREAD = new URL(`./thread.${ext}`, import.meta.url);
const DEFAULT_ENGINE = new URL(`../../core/digest/themer.${ext}`, import.meta.url);

function spawnThread(data: ThemeWorkerData, maxHeapMb: number | undefined): Worker {
  const resourceLimits = maxHeapMb ? { maxOldGenerationSizeMb: maxHeapMb } : undefined;
  if (!fromSources) return new Worker(THREAD, { workerData: data, resourceLimits });
  // Loader hooks given to the parent (`tsx`, `--import tsx`, vitest's transform) do not reach a worker thread on
  // Node 20, so the thread registers tsx's own (a dev dependency, present wherever sources run) before loading.
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot =
    `import(${JSON.stringify(tsx)}).then((m) => { m.register(); ` +
    `return import(${JSON.stringify(THREAD.href)}); });`;
  return new Worker(boot, { eval: true, workerData: data, resourceLimits });
}

/** Replies cloned to the thread per message: about a millisecond each, so a large week never holds the loop. */
const SLICE = 1_000;

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

interface Pending {
  replies: number;
  startedAt: number;
  resolve(result: ThemeResult): void;
  reject(err: VoicesError): void;
}

export function startThemeWorker(options: ThemeWorkerOptions = {}): ThemeWorker {
  const idleMs = options.idleMs ?? 60_000;
  const engine = (options.engine ?? DEFAULT_ENGINE).href;
  const pending = new Map<number, Pending>();
  let worker: Worker | undefined;
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | undefined;
  let closed = false;

  const failAll = (err: VoicesError) => {
    for (const p of pending.values()) p.reject(err);
    pending.clear();
  };

  const stopIdle = () => {
    if (idleTimer) clearTimeout(idleTimer);
    idleTimer = undefined;
  };

  const armIdle = () => {
    stopIdle();
    if (pending.size > 0 || !worker) return;
    const idle = worker;
    idleTimer = setTimeout(() => {
      if (worker === idle && pending.size === 0) {
        worker = undefined;
        void idle.terminate();
      }
    }, idleMs);
    idleTimer.unref();
  };

  const lost = (w: Worker, reason: Record<string, unknown>) => {
    if (worker !== w) return;
    worker = undefined;
    stopIdle();
    if (pending.size === 0) return;
    options.logger?.error({ ...reason, jobs: pending.size }, 'theme worker failed');
    failAll(new VoicesError(ErrorCode.ThemerFailed, 'the theme worker stopped', reason));
  };

  const thread = (): Worker => {
    if (worker) return worker;
    const w = spawnThread({ engine }, options.maxHeapMb);
    w.on('message', (message: ThemeJobResult) => {
      const job = pending.get(message.id);
      if (!job) return;
      pending.delete(message.id);
      if (message.ok) {
        options.logger?.debug(
          {
            replies: job.replies,
            themes: message.result.themes.length,
            ms: Math.round(performance.now() - job.startedAt),
          },
          'themed on the worker thread',
        );
        job.resolve(message.result);
      } else {
        options.logger?.warn({ err: message.error.name, code: message.error.code }, 'theming failed');
        job.reject(
          new VoicesError(ErrorCode.ThemerFailed, 'theming failed', {
            reason: message.error.name,
            ...(message.error.code ? { code: message.error.code } : {}),
          }),
        );
      }
      armIdle();
    });
    // Only the error's class and code: a message from the engine could quote a reply.
    w.on('error', (err: Error & { code?: unknown }) =>
      lost(w, { err: err.name, ...(typeof err.code === 'string' ? { code: err.code } : {}) }),
    );
    w.on('messageerror', () => lost(w, { err: 'messageerror' }));
    w.on('exit', (exitCode) => lost(w, { exitCode }));
    worker = w;
    return w;
  };

  const call =
    (budget: ThemeBudget): AsyncThemer =>
    async (inputs, themeOptions) => {
      if (closed) throw new VoicesError(ErrorCode.ThemerCancelled, 'the theme worker is closed');
      stopIdle();
      const id = nextId++;
      const w = thread();
      const startedAt = performance.now();
      const result = new Promise<ThemeResult>((resolve, reject) =>
        pending.set(id, { replies: inputs.length, startedAt, resolve, reject }),
      );
      // It may fail while slices are still being sent, before the caller holds it: not an unhandled rejection.
      result.catch(() => undefined);
      // Slices, with the event loop free between them; a thread lost meanwhile has already failed `result`.
      const live = () => worker === w && pending.has(id);
      for (let at = 0; at < inputs.length; at += SLICE) {
        if (at > 0) await turn();
        if (!live()) return result;
        w.postMessage({ kind: 'inputs', id, inputs: inputs.slice(at, at + SLICE) } satisfies ThemeJobMessage);
      }
      // Every option but the callback crosses: the question's words are background, and the previous digest's
      // model keeps themes' keys and names.
      const { onProgress: _progress, backgroundWords, ...cloneable } = themeOptions ?? {};
      const options: Extract<ThemeJobMessage, { kind: 'run' }>['options'] = {
        ...cloneable,
        ...(backgroundWords?.length ? { backgroundWords: [...backgroundWords] } : {}),
      };
      if (live()) w.postMessage({ kind: 'run', id, budget, options } satisfies ThemeJobMessage);
      return result;
    };

  return {
    themer: call('current'),
    historyThemer: call('history'),
    async close() {
      if (closed) return;
      closed = true;
      stopIdle();
      const w = worker;
      worker = undefined;
      failAll(new VoicesError(ErrorCode.ThemerCancelled, 'theming cancelled: the runner is stopping'));
      await w?.terminate();
    },
  };
}
