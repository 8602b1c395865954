/** `voices export`: the anonymized replies as CSV or JSON (no participant ids, no contacts). */
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { ReplyRow } from '../../store/store.js';

const COLUMNS = [
  'id',
  'prompt',
  'is_follow_up',
  'text',
  'channel',
  'language',
  'group',
  'received_at',
  'source',
];

export function exportRows(rows: ReplyRow[]) {
  return rows.map((r) => ({
    id: r.id,
    prompt: r.promptId,
    is_follow_up: r.isFollowUp,
    text: r.text,
    channel: r.channel,
    language: r.language,
    group: r.group,
    received_at: r.receivedAt.toISOString(),
    source: r.source,
  }));
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'write the anonymized replies (scrubbed text, no participant ids or contacts) as CSV or JSON',
    )
    .option('--format <format>', 'csv or json', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (options: { format: string; out?: string }) => {
      if (options.format !== 'csv' && options.format !== 'json') {
        throw new Error(`--format: use csv or json, not "${options.format}"`);
      }
      const { openCliContext } = await import('../context.js');
      const ctx = openCliContext();
      try {
        const rows = exportRows(ctx.store.listReplies());
        const body =
          options.format === 'json'
            ? `${JSON.stringify(rows, null, 2)}\n`
            : stringify(rows, {
                header: true,
                columns: COLUMNS,
                cast: { boolean: (b) => (b ? 'true' : 'false') },
              });
        const out = options.out ? createWriteStream(options.out) : process.stdout;
        await new Promise<void>((resolve, reject) => {
          out.write(body, (err) => (err ? reject(err) : resolve()));
        });
        if (options.out) (out as ReturnType<typeof createWriteStream>).end();
        process.stderr.write(`exported ${rows.length} replies\n`);
      } finally {
        ctx.close();
      }
    });
}
