/** HTTP answers every webhook handler shares (the runner's server uses them too). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, isVoicesError, VoicesError } from '../src/core/errors.js';

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

export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** Reads the raw body, refusing more than `limit` bytes with a typed error (→ 413). */
export async function readBody(req: IncomingMessage, limit = DEFAULT_BODY_LIMIT): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new VoicesError(ErrorCode.PayloadTooLarge, `body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) throw new VoicesError(ErrorCode.PayloadTooLarge, `body larger than ${limit} bytes`);
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Decodes UTF-8 strictly: invalid bytes are a client error, not silently mangled text. */
export function decodeUtf8(body: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new VoicesError(ErrorCode.InputInvalid, 'body is not valid UTF-8');
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(payload),
  });
  res.end(payload);
}
