/** Turns the HTTP server's listen failures into messages that say which setting to change. */
import { ErrorCode, VoicesError } from '../core/errors.js';

export function listenError(err: unknown, port: number, host: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new VoicesError(
      ErrorCode.ConfigInvalid,
      `port ${port} is in use; set PORT to a free port (e.g. PORT=${port === 3000 ? 3001 : 3000}), or stop the program listening on ${host}:${port}`,
      { variable: 'PORT' },
      { cause: err },
    );
  }
  if (code === 'EACCES') {
    return new VoicesError(
      ErrorCode.ConfigInvalid,
      `port ${port} needs administrator rights on this system; set PORT to 1024 or above (e.g. PORT=3000)`,
      { variable: 'PORT' },
      { cause: err },
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return new VoicesError(
      ErrorCode.ConfigInvalid,
      `cannot listen on HOST=${host}: no such address on this machine; set HOST (e.g. 127.0.0.1, or 0.0.0.0 for every interface)`,
      { variable: 'HOST' },
      { cause: err },
    );
  }
  return err;
}
