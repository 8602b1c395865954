/**
 * `voices scrub [--json] [--language en|fr]`: reads text on stdin and writes it with personal information replaced by
 * typed placeholders (`[name]`, `[phone]`, `[address]`, …), so organizers can share notes. With `--json`:
 * `{"text": "...", "findings": [{"type","start","end"}]}`. Offsets are in the input text.
 */
import type { Readable, Writable } from 'node:stream';
import type { Command } from 'commander';
import { z } from 'zod';
import { ErrorCode, VoicesError } from '../../core/errors.js';

/** Notes, not data dumps: past this the input is refused rather than half-scrubbed. */
export const MAX_SCRUB_BYTES = 10 * 1024 * 1024;

const options = z.object({
  json: z.boolean().optional(),
  language: z.enum(['en', 'fr']).optional(),
});

export async function readAll(input: Readable, limit = MAX_SCRUB_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of input) {
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buf.length;
    if (size > limit) {
      throw new VoicesError(ErrorCode.PayloadTooLarge, `input is larger than ${limit} bytes`, { limit });
    }
    chunks.push(buf);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function runScrub(
  input: Readable,
  output: Writable,
  raw: { json?: boolean; language?: string },
): Promise<void> {
  const parsed = options.safeParse(raw);
  if (!parsed.success) {
    throw new VoicesError(
      ErrorCode.InputInvalid,
      `invalid option: ${parsed.error.issues[0]?.message ?? 'unknown'}`,
    );
  }
  const text = await readAll(input);
  // Loaded here, not at start-up: the name lists cost ~200 ms that `voices --help` should not pay.
  const { scrub } = await import('../../core/privacy/scrub/index.js');
  const result = scrub(text, { language: parsed.data.language });
  output.write(parsed.data.json ? `${JSON.stringify(result)}\n` : result.text);
}

export function registerScrub(program: Command): void {
  program
    .command('scrub')
    .description('Read text on stdin and write it with names, phones, addresses and other PII replaced')
    .option('--json', 'write {"text", "findings"} instead of the scrubbed text')
    .option('--language <lang>', 'language of the text: en or fr (both are handled either way)')
    .action(async (opts: { json?: boolean; language?: string }) => {
      await runScrub(process.stdin, process.stdout, opts);
    });
}
