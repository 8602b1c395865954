/**
 * Structured JSON logs (pino). Callers pass fields, never message text, addresses, platform ids or
 * secrets; the redaction list is a second line of defence for field names that could carry them.
 */
import { pino } from 'pino';
import type { Logger } from '../../adapters/types.js';

const REDACT = [
  'text',
  'body',
  'address',
  'from',
  'to',
  'phone',
  'email',
  'userId',
  'user',
  'token',
  'secret',
  'authorization',
  '*.text',
  '*.body',
  '*.address',
  '*.from',
  '*.to',
  '*.token',
  '*.secret',
  '*.authorization',
];

export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const base = pino(
    { level, base: { service: 'gathering-voices' }, redact: { paths: REDACT, censor: '[redacted]' } },
    destination ?? process.stdout,
  );
  return wrap(base);
}

function wrap(log: pino.Logger): Logger {
  return {
    debug: (fields, msg) => log.debug(fields, msg),
    info: (fields, msg) => log.info(fields, msg),
    warn: (fields, msg) => log.warn(fields, msg),
    error: (fields, msg) => log.error(fields, msg),
    child: (bindings) => wrap(log.child(bindings)),
  };
}
