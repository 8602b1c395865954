/** A command's options checked against its zod schema; every problem named by its `--option`. */
import type { z } from 'zod';
import { ErrorCode, VoicesError } from '../core/errors.js';

export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    throw new VoicesError(
      ErrorCode.InputInvalid,
      parsed.error.issues
        .map((i) => `${i.path.length ? `--${i.path.join('.')}: ` : ''}${i.message}`)
        .join('; '),
    );
  }
  return parsed.data;
}
