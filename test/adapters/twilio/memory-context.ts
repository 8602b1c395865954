/**
 * A small in-memory AdapterContext on the runner's real HttpServer, for adapter tests that do
 * not need the engine: receive dedupes by message id and answers "got: <text>".
 */
import { Writable } from 'node:stream';
import type {
  AdapterContext,
  DeliveryStatus,
  InboundMessage,
  ReceiveResult,
} from '../../../adapters/types.js';
import { HttpServer } from '../../../src/runner/http-server.js';
import { createLogger } from '../../../src/runner/logger.js';

export interface MemoryContext {
  ctx: AdapterContext;
  url: string;
  received: InboundMessage[];
  answers: Map<string, string[]>;
  statuses: Array<{ id: string; status: DeliveryStatus; errorCode: string | number | undefined }>;
  unreachable: string[];
  logLines: string[];
  close(): Promise<void>;
}

export async function startMemoryContext(
  options: { failReceive?: () => boolean } = {},
): Promise<MemoryContext> {
  const logLines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const logger = createLogger('debug', sink);
  const server = new HttpServer(logger);
  const received: InboundMessage[] = [];
  const answers = new Map<string, string[]>();
  const statuses: MemoryContext['statuses'] = [];
  const unreachable: string[] = [];
  const ctx: AdapterContext = {
    http: server,
    logger,
    async receive(message): Promise<ReceiveResult> {
      // Let concurrent duplicates race for real, as they would for a commit.
      await new Promise((resolve) => setImmediate(resolve));
      if (options.failReceive?.()) throw new Error('disk full');
      const seen = answers.get(message.messageId);
      if (seen) return { duplicate: true, replies: seen };
      received.push(message);
      const replies = message.text === '' ? ['photo?'] : [`got: ${message.text}`];
      answers.set(message.messageId, replies);
      return { duplicate: false, replies };
    },
    async markUnreachable(_channel, address) {
      unreachable.push(address);
    },
    organizer: {
      stats: async () => ({
        participants: 0,
        active: 0,
        optedOut: 0,
        replies: 0,
        byChannel: [],
        byGroup: [],
        suppressed: 0,
      }),
      ask: async () => ({ queued: 0 }),
      promptIds: () => [],
      latestDigest: async () => null,
      invite: async () => false,
    },
    kickOutbox() {},
    async deliveryStatus(id, status, errorCode) {
      statuses.push({ id, status, errorCode });
      return { updated: true };
    },
  };
  const address = await server.listen(0, '127.0.0.1');
  return {
    ctx,
    url: `http://127.0.0.1:${address.port}`,
    received,
    answers,
    statuses,
    unreachable,
    logLines,
    close: () => server.close(),
  };
}
