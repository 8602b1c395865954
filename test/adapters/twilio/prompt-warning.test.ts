import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createLogger } from '../../../src/runner/logger.js';
import { type Runner, startRunner } from '../../../src/runner/runner.js';
import { TEST_SECRET } from '../../helpers/test-runner.js';
import { ACCOUNT_SID, AUTH_TOKEN, BOT_NUMBER } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'voices-twilio-prompts-'));
let runner: Runner | undefined;

afterEach(async () => {
  await runner?.close();
  rmSync(dir, { recursive: true, force: true });
});

it('warns at start, with ids and counts only, about prompts that need more than two SMS segments', async () => {
  const file = parse(readFileSync(resolve('prompts/community-conversation.yaml'), 'utf8'));
  const secret = 'Tell us about the places in your neighbourhood where you feel at home. ';
  file.prompts[0].text.fr = `${secret.repeat(2)} Êtes-vous d'accord?`;
  writeFileSync(join(dir, 'long.yaml'), stringify(file));
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  runner = await startRunner({
    env: {
      VOICES_DB: join(dir, 'voices.db'),
      VOICES_SECRET: TEST_SECRET,
      HOST: '127.0.0.1',
      PORT: '0',
      ADAPTERS: 'twilio',
      PROMPTS_FILE: join(dir, 'long.yaml'),
      TWILIO_ACCOUNT_SID: ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      TWILIO_FROM: BOT_NUMBER,
      PUBLIC_URL: 'https://voices.example.org',
      TWILIO_API_URL: 'http://127.0.0.1:9',
    },
    logger: createLogger('warn', sink),
  });
  const warnings = lines
    .map((l) => JSON.parse(l))
    .filter((l) => l.msg === 'prompt needs more than two SMS segments');
  expect(warnings).toHaveLength(2); // the French text and its reminder
  expect(warnings[0]).toMatchObject({
    promptId: file.prompts[0].id,
    language: 'fr',
    encoding: 'UCS-2',
    segments: 3,
  });
  expect(lines.join('\n')).not.toContain('neighbourhood');
});
