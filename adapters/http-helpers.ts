/** HTTP answers every webhook handler shares (the runner's server uses them too). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, isVoicesError } from '../src/core/errors.js';

/** How long a refused request's connection stays half-open so the client can read the answer. */
const LINGER_MS = 1_000;

/**
 * A refused request (its body too large, say) is answered and its connection closed: reading the
 * rest of a body we refused would only feed the sender. Node closes a `connection: close` socket
 * as soon as the answer is written; with the body still arriving, that close is a reset, which
 * can wipe the answer before the client reads it. So: stop reading, send FIN after the answer,
 * and close for good a moment later (a "lingering close").
 */
export function closeAfterResponse(req: IncomingMessage, res: ServerResponse): void {
  const socket = req.socket;
  if (res.writableFinished) {
    socket.destroy();
    return;
  }
  if (!res.headersSent) res.setHeader('connection', 'close');
  socket.pause();
  socket.destroySoon = () => {
    socket.pause();
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}

/** The Retry-After (seconds) for an error: a StoreUnavailable's own, else 5. */
export function retryAfterOf(err: unknown): string {
  const seconds = isVoicesError(err, ErrorCode.StoreUnavailable) ? err.detail?.retryAfterSeconds : undefined;
  return String(typeof seconds === 'number' ? seconds : 5);
}
