/** Bad input gets a clear 4xx or a polite reply, never a crash, and the runner keeps serving. */
import { writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isVoicesError } from '../../src/core/errors.js';
import { startRunner } from '../../src/runner/runner.js';
import { direct } from '../helpers/store.js';
import { simulate, startTestRunner, TEST_SECRET, type TestRunner } from '../helpers/test-runner.js';

async function post(runner: TestRunner, body: string | Buffer, type = 'application/json') {
  const res = await fetch(`${runner.url}/simulator/messages`, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string } } };
}

describe('bad input', () => {
  let runner: TestRunner;
  beforeAll(async () => {
    runner = await startTestRunner();
    for (const t of ['hi', 'yes', 'skip']) await simulate(runner, 'eve', t);
  });
  afterAll(async () => {
    await runner.dispose();
  });

  it('an empty body is a 400 with a clear message', async () => {
    const r = await post(runner, '');
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toMatch(/JSON/);
  });

  it('malformed JSON, missing and wrong-typed fields are 400s naming the field', async () => {
    expect((await post(runner, '{"from": "eve", "text": ')).status).toBe(400);
    const missing = await post(runner, JSON.stringify({ text: 'hi' }));
    expect(missing.status).toBe(400);
    expect(missing.body.error?.message).toMatch(/from/);
    const wrong = await post(runner, JSON.stringify({ from: 'eve', text: 42 }));
    expect(wrong.status).toBe(400);
    expect(wrong.body.error?.code).toBe('input_invalid');
    expect((await post(runner, JSON.stringify([1, 2]))).status).toBe(400);
    expect((await post(runner, JSON.stringify({ from: 'eve', text: 'x', extra: true }))).status).toBe(400);
  });

  it('20,000 characters are refused with 413 and nothing is stored', async () => {
    const before = await direct(runner.store).countReplies();
    const r = await post(runner, JSON.stringify({ from: 'eve', text: 'a'.repeat(20_000) }));
    expect(r.status).toBe(413);
    expect(r.body.error?.message).toMatch(/at most/);
    expect(await direct(runner.store).countReplies()).toBe(before);
  });

  it('a body over the limit is refused with 413', async () => {
    const r = await post(runner, JSON.stringify({ from: 'eve', text: 'é'.repeat(70_000) }));
    expect(r.status).toBe(413);
  });

  it('invalid UTF-8 is a 400', async () => {
    const bytes = Buffer.concat([
      Buffer.from('{"from":"eve","text":"'),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('"}'),
    ]);
    const r = await post(runner, bytes);
    expect(r.status).toBe(400);
    expect(r.body.error?.message).toMatch(/UTF-8/);
  });

  it('emoji only is kept as a reply; an empty text gets a polite reply', async () => {
    const before = await direct(runner.store).countReplies();
    const emoji = await simulate(runner, 'eve', '🌻🌻🌻');
    expect(emoji.status).toBe(200);
    expect(await direct(runner.store).countReplies()).toBe(before + 1);
    const empty = await simulate(runner, 'eve', '   ');
    expect(empty.status).toBe(200);
    expect(empty.replies[0]).toMatch(/looks empty/);
  });

  it('control characters and lone surrogates are cleaned, not stored raw', async () => {
    const r = await simulate(runner, 'eve', 'The arena\u0000 is warm \ud800 now');
    expect(r.status).toBe(200);
    // Found by content: the test clock stands still, so replies share their received time.
    const arena = (await direct(runner.store).listReplies()).find((reply) => reply.text.includes('arena'));
    expect(arena?.text).toBe('The arena is warm \ufffd now');
  });

  it('unknown routes are 404 and wrong methods 405', async () => {
    expect((await fetch(`${runner.url}/nope`)).status).toBe(404);
    expect((await fetch(`${runner.url}/simulator/messages`)).status).toBe(405);
  });

  it("a message id is scoped to its resident: B reusing A's id is B's own new message", async () => {
    const a = await simulate(runner, 'ann', 'hello', 'shared-id-1');
    expect(a.status).toBe(200);
    const b = await simulate(runner, 'ben', 'hello', 'shared-id-1');
    expect(b.duplicate).toBe(false);
    expect(b.replies[0]).toMatch(/welcome|Welcome|YES/);
    expect(
      await direct(runner.store).participant(runner.conversations.participantId('simulator', 'ben')),
    ).toBeDefined();
    // The same resident resending the same id is still a retry.
    expect((await simulate(runner, 'ben', 'hello', 'shared-id-1')).duplicate).toBe(true);
  });

  it('a refused body is answered 413 and its connection closed, without reading the rest', async () => {
    const port = new URL(runner.url).port;
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const declared = 50 * 1024 * 1024;
    socket.write(
      `POST /simulator/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${declared}\r\n\r\n`,
    );
    let written = 0;
    let closed = false;
    let response = '';
    socket.on('data', (d) => {
      response += d.toString();
    });
    socket.on('error', () => {});
    const done = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.once('close', () => {
      closed = true;
    });
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const started = Date.now();
    // A sender at about 6 MB/s would need 8 s for the whole body.
    while (!closed && written < declared && Date.now() - started < 10_000) {
      socket.write(chunk);
      written += chunk.length;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await done;
    expect(response).toMatch(/^HTTP\/1\.1 413/);
    expect(response.toLowerCase()).toContain('connection: close');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(written).toBeLessThan(declared / 2);
  });

  it('keeps serving after all of that', async () => {
    expect((await fetch(`${runner.url}/healthz`)).status).toBe(200);
    expect((await simulate(runner, 'eve', 'still here')).status).toBe(200);
  });

  it('a prompt file with an error fails the start with the file, the path and the reason', async () => {
    const bad = join(runner.dir, 'bad-prompts.yaml');
    writeFileSync(bad, 'id: Bad Id\nschedule: { intervalDays: 7, reminderAfterHours: 48 }\n');
    const err = await startRunner({
      env: {
        VOICES_DB: join(runner.dir, 'x.db'),
        VOICES_SECRET: TEST_SECRET,
        PROMPTS_FILE: bad,
        LOG_LEVEL: 'silent',
      },
    }).catch((e: unknown) => e);
    expect(isVoicesError(err, 'prompt_file_invalid')).toBe(true);
    expect(String((err as Error).message)).toContain('bad-prompts.yaml');
    expect(String((err as Error).message)).toMatch(/id: use lowercase/);
    expect(String((err as Error).message)).toMatch(/messages/);
  });

  it('a wrong configuration value names the variable', async () => {
    const err = await startRunner({
      env: {
        VOICES_DB: join(runner.dir, 'y.db'),
        VOICES_SECRET: TEST_SECRET,
        PORT: 'eighty',
        LOG_LEVEL: 'silent',
      },
    }).catch((e: unknown) => e);
    expect(isVoicesError(err, 'config_invalid')).toBe(true);
    expect(String((err as Error).message)).toContain('PORT');
  });
});

/** Sends raw bytes and resolves with how long the server took to close the connection. */
async function timeToClose(port: number, bytes: string): Promise<{ ms: number; response: string }> {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  let response = '';
  socket.on('data', (d) => {
    response += d.toString();
  });
  socket.on('error', () => {});
  const started = performance.now();
  socket.write(bytes);
  await new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return { ms: performance.now() - started, response };
}

describe('request timeouts', () => {
  let runner: TestRunner;
  beforeAll(async () => {
    runner = await startTestRunner({ HTTP_HEADERS_TIMEOUT_MS: '2000', HTTP_REQUEST_TIMEOUT_MS: '3000' });
  });
  afterAll(async () => {
    await runner.dispose();
  });

  it('headers that never finish are cut within a second of the headers timeout', async () => {
    const { ms, response } = await timeToClose(
      Number(new URL(runner.url).port),
      'POST /simulator/messages HTTP/1.1\r\nHost: x\r\n',
    );
    expect(ms).toBeGreaterThanOrEqual(1900);
    expect(ms).toBeLessThan(3000);
    expect(response).toMatch(/^HTTP\/1\.1 408/);
  });

  it('a body that never finishes is cut within a second of the request timeout', async () => {
    const { ms, response } = await timeToClose(
      Number(new URL(runner.url).port),
      'POST /simulator/messages HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"from":',
    );
    expect(ms).toBeGreaterThanOrEqual(2900);
    expect(ms).toBeLessThan(4000);
    expect(response).toMatch(/^HTTP\/1\.1 408/);
  });
});
