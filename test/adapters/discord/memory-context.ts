/**
 * A small in-memory `AdapterContext` for adapter-level tests: it dedupes by message id, records
 * what the adapter hands over, answers each message with a numbered reply through the adapter's
 * `send` (as the runner's outbox does for `inlineReplies: false`), and applies `unreachable`.
 * End-to-end behaviour with the real engine is covered by the runner-backed tests.
 */
import type {
  Adapter,
  AdapterContext,
  Channel,
  InboundMessage,
  Logger,
  OutboundMessage,
  ParticipationStats,
  ReceiveResult,
  SendResult,
} from '../../../adapters/types.js';

export interface LogLine {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  msg: string;
}

export function memoryLogger(lines: LogLine[], bindings: Record<string, unknown> = {}): Logger {
  const at =
    (level: LogLine['level']) =>
    (fields: Record<string, unknown>, msg: string): void => {
      lines.push({ level, fields: { ...bindings, ...fields }, msg });
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => memoryLogger(lines, { ...bindings, ...more }),
  };
}

export class MemoryContext implements AdapterContext {
  readonly logs: LogLine[] = [];
  readonly logger = memoryLogger(this.logs);
  readonly received: InboundMessage[] = [];
  readonly unreachable: string[] = [];
  readonly invited: string[] = [];
  readonly asked: string[] = [];
  readonly sendResults: SendResult[] = [];
  readonly routes: string[] = [];
  digestCalls = 0;
  digest: unknown = null;
  private readonly seen = new Set<string>();
  private queue: OutboundMessage[] = [];
  private draining: Promise<void> = Promise.resolve();
  adapter: Adapter | undefined;

  readonly http = {
    route: (method: string, path: string): void => {
      this.routes.push(`${method} ${path}`);
    },
    routePrefix: (method: string, prefix: string): void => {
      this.routes.push(`${method} ${prefix}*`);
    },
  };

  readonly organizer = {
    stats: async (): Promise<ParticipationStats> => ({
      participants: 12,
      active: 9,
      optedOut: null,
      replies: 40,
      byChannel: [{ channel: 'discord', participants: 12 }],
      byGroup: [],
      suppressed: 1,
    }),
    ask: async (promptId: string): Promise<{ queued: number }> => {
      this.asked.push(promptId);
      return { queued: 9 };
    },
    promptIds: (): string[] => ['street-safety', 'parks'],
    latestDigest: async (): Promise<unknown | null> => {
      this.digestCalls++;
      return this.digest;
    },
    invite: async (channel: Channel, address: string): Promise<boolean> => {
      if (this.invited.includes(address)) return false;
      this.invited.push(address);
      this.queue.push({ channel, address, text: 'Welcome! Reply YES to take part.' });
      return true;
    },
  };

  async receive(message: InboundMessage): Promise<ReceiveResult> {
    if (this.seen.has(message.messageId)) return { duplicate: true, replies: [] };
    this.seen.add(message.messageId);
    this.received.push(message);
    const reply = `reply ${this.received.length}`;
    this.queue.push({ channel: message.channel, address: message.address, text: reply });
    return { duplicate: false, replies: [reply] };
  }

  async markUnreachable(_channel: Channel, address: string): Promise<void> {
    this.unreachable.push(address);
  }

  kickOutbox(): void {
    this.draining = this.draining.then(() => this.drain());
  }

  /** Resolves once every queued reply has been handed to `send`. */
  async settled(): Promise<void> {
    await this.draining;
  }

  async deliveryStatus(): Promise<{ updated: boolean }> {
    return { updated: false };
  }

  private async drain(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    for (const message of batch) {
      const result = await this.adapter!.send(message);
      this.sendResults.push(result);
      if (!result.ok && result.reason === 'unreachable')
        await this.markUnreachable(message.channel, message.address);
    }
  }
}
