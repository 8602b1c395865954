/** `voices scrub`: stdin in, scrubbed text out; refuses oversized input with a typed error. */
import { spawnSync } from 'node:child_process';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readAll, runScrub } from '../../src/cli/commands/scrub.js';
import { ErrorCode, isVoicesError } from '../../src/core/errors.js';

async function run(input: string, opts: { json?: boolean; language?: string } = {}): Promise<string> {
  const out = new PassThrough();
  let written = '';
  out.on('data', (d) => {
    written += String(d);
  });
  await runScrub(Readable.from([Buffer.from(input)]), out, opts);
  return written;
}

describe('voices scrub', () => {
  it('writes the scrubbed text, keeping line breaks', async () => {
    const notes =
      'Met Sarah Tremblay (514-555-0199) at 88 rue Saint-Denis.\nShe wants more benches on Rue Laurier.\n';
    expect(await run(notes)).toBe(
      'Met [name] ([phone]) at [address].\nShe wants more benches on Rue Laurier.\n',
    );
  });

  it('writes text and findings with --json', async () => {
    const out = JSON.parse(await run('Email jo@example.org', { json: true })) as unknown;
    expect(out).toEqual({ text: 'Email [email]', findings: [{ type: 'email', start: 6, end: 20 }] });
  });

  it('refuses an unknown language with a typed error', async () => {
    const err = await run('hi', { language: 'de' }).catch((e: unknown) => e);
    expect(isVoicesError(err, ErrorCode.InputInvalid)).toBe(true);
  });

  it('refuses input over the limit instead of half-scrubbing it', async () => {
    const err = await readAll(Readable.from([Buffer.alloc(11), Buffer.alloc(11)]), 16).catch(
      (e: unknown) => e,
    );
    expect(isVoicesError(err, ErrorCode.PayloadTooLarge)).toBe(true);
  });

  it('runs as a command: stdin to stdout', () => {
    const res = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'scrub'], {
      input: "Bonjour, je m'appelle Luc, appelez-moi au 418-555-0175.",
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(res.status).toBe(0);
    expect(res.stdout).toBe("Bonjour, je m'appelle [name], appelez-moi au [phone].");
  });
});
