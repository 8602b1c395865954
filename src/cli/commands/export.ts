/**
 * `voices export`: the anonymized replies as CSV, JSONL or JSON (no participant ids, no contacts). Every format
 * reads back: `voices import` takes the file into another store (dates keep their instant, `received_at` is read
 * as `date`), and `voices themes` themes it.
 */
import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { stringify } from 'csv-stringify/sync';
import type { ReplyRow } from '../../core/ports/store.js';

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

/** One JSON object a line, named as `voices import` reads them. */
export function exportJsonl(rows: ReplyRow[]): string {
  return rows
    .map((r) =>
      JSON.stringify({
        id: r.id,
        text: r.text,
        prompt: r.promptId,
        group: r.group,
        date: r.receivedAt.toISOString(),
        language: r.language,
        channel: r.channel,
        is_follow_up: r.isFollowUp,
        source: r.source,
      }),
    )
    .map((line) => `${line}\n`)
    .join('');
}

export function registerExport(program: Command): void {
  program
    .command('export')
    .description(
      'write the anonymized replies (scrubbed text, no participant ids or contacts) as CSV, JSONL or JSON',
    )
    .option('--format <format>', 'csv, jsonl or json (all read back by import and themes)', 'csv')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (options: { format: string; out?: string }) => {
      if (options.format !== 'csv' && options.format !== 'json' && options.format !== 'jsonl') {
        throw new Error(`--format: use csv, jsonl or json, not "${options.format}"`);
      }
      const { openCliContext } = await import('../context.js');
      const ctx = await openCliContext();
      try {
        const replies = await ctx.store.read((r) => r.listReplies());
        const rows = exportRows(replies);
        const body =
          options.format === 'jsonl'
            ? exportJsonl(replies)
            : options.format === 'json'
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
        await ctx.close();
      }
    });
}
