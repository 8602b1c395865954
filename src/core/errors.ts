/**
 * Typed errors with stable codes, in the manner of bolt-js `ErrorCode` / `CodedError`:
 * callers branch on `code`, never on message text.
 */
export const ErrorCode = {
  ConfigInvalid: 'config_invalid',
  PromptFileInvalid: 'prompt_file_invalid',
  InputInvalid: 'input_invalid',
  PayloadTooLarge: 'payload_too_large',
  SignatureInvalid: 'signature_invalid',
  NotFound: 'not_found',
  Forbidden: 'forbidden',
  StoreFailure: 'store_failure',
  /** The database cannot take a write right now (locked by another writer, disk full): try later. */
  StoreUnavailable: 'store_unavailable',
  AdapterFailure: 'adapter_failure',
  AdapterFatal: 'adapter_fatal',
  ImportInvalid: 'import_invalid',
  /** The theme engine's thread failed (crashed, threw, ran out of memory): the digest waits for a retry. */
  ThemerFailed: 'themer_failed',
  /** A theming run was stopped because the runner is shutting down. */
  ThemerCancelled: 'themer_cancelled',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class VoicesError extends Error {
  readonly code: ErrorCode;
  /** Safe, structured detail (never message text, addresses or secrets). */
  readonly detail: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, detail?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'VoicesError';
    this.code = code;
    this.detail = detail;
  }
}

export function isVoicesError(err: unknown, code?: ErrorCode): err is VoicesError {
  return err instanceof VoicesError && (code === undefined || err.code === code);
}

/** Wraps anything thrown into a VoicesError so one handler can report it. */
export function asVoicesError(err: unknown, fallback: ErrorCode = ErrorCode.AdapterFailure): VoicesError {
  if (err instanceof VoicesError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new VoicesError(fallback, message, undefined, { cause: err });
}
