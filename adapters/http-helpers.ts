/** HTTP answers every webhook handler shares (the runner's server uses them too). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, isVoicesError } from '../src/core/errors.js';

/**
 * A refused request (its body too large, say) is answered and its connection closed: reading the
 * rest of a body we refused would only feed the sender.
 */
export function closeAfterResponse(req: IncomingMessage, res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('connection', 'close');
  const destroy = () => req.socket.destroy();
  if (res.writableFinished) destroy();
  else res.once('finish', destroy);
}

/** The Retry-After (seconds) for an error: a StoreUnavailable's own, else 5. */
export function retryAfterOf(err: unknown): string {
  const seconds = isVoicesError(err, ErrorCode.StoreUnavailable) ? err.detail?.retryAfterSeconds : undefined;
  return String(typeof seconds === 'number' ? seconds : 5);
}
