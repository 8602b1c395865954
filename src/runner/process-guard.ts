/**
 * The last line of defence for `voices start`: an error that escaped every handler is logged
 * (its class and code only: messages from libraries can quote request data) instead of killing
 * the process with a stack trace on stderr. A stray rejected promise is survivable: the process
 * keeps serving. An uncaught exception leaves state unknown: the runner is closed cleanly (what
 * was acknowledged is committed; sends in flight record their outcome) and the process exits 1,
 * for its supervisor to restart.
 */
import type { Logger } from '../../adapters/types.js';
import { errorName } from './http-server.js';

export interface ProcessGuardOptions {
  /** Closes the runner; bounded by `closeTimeoutMs`. */
  close(): Promise<void>;
  exit?: (code: number) => void;
  closeTimeoutMs?: number;
}

function codeOf(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' || typeof code === 'number' ? String(code) : undefined;
}

export interface ProcessGuards {
  onRejection(reason: unknown): void;
  onException(err: unknown): void;
}

export function processGuards(logger: Logger, options: ProcessGuardOptions): ProcessGuards {
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let exiting = false;
  const onRejection = (reason: unknown) => {
    logger.error({ err: errorName(reason), code: codeOf(reason) }, 'unhandled rejection; still serving');
  };
  const onException = (err: unknown) => {
    logger.error({ err: errorName(err), code: codeOf(err) }, 'uncaught exception; closing and exiting');
    if (exiting) return;
    exiting = true;
    const timer = setTimeout(() => exit(1), options.closeTimeoutMs ?? 20_000);
    timer.unref();
    options.close().then(
      () => exit(1),
      () => exit(1),
    );
  };
  return { onRejection, onException };
}

/** Installs the handlers on the process; returns a function that removes them. */
export function installProcessGuards(logger: Logger, options: ProcessGuardOptions): () => void {
  const { onRejection, onException } = processGuards(logger, options);
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
