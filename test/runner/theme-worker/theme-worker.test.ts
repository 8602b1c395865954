/** The digest's themer on a worker thread: same themes as in-process, typed failures, cancellation, idle stop. */
import { afterEach, describe, expect, it } from 'vitest';
import type { Logger } from '../../../adapters/types.js';
import { engineThemer } from '../../../src/core/digest/themer.js';
import { ErrorCode, isVoicesError } from '../../../src/core/errors.js';
import type { ThemeInput } from '../../../src/core/themes/types.js';
import { startThemeWorker, type ThemeWorker } from '../../../src/runner/theme-worker/index.js';

const FAKE = new URL('./fake-engine.ts', import.meta.url);

function recordingLogger() {
  const lines: string[] = [];
  const logger: Logger = {
    debug: (f, m) => lines.push(JSON.stringify({ ...f, m })),
    info: (f, m) => lines.push(JSON.stringify({ ...f, m })),
    warn: (f, m) => lines.push(JSON.stringify({ ...f, m })),
    error: (f, m) => lines.push(JSON.stringify({ ...f, m })),
    child: () => logger,
  };
  return { logger, lines };
}

const replies = (...texts: string[]): ThemeInput[] => texts.map((text, i) => ({ id: `r${i + 1}`, text }));

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

let worker: ThemeWorker | undefined;
afterEach(async () => {
  await worker?.close();
  worker = undefined;
});

describe('startThemeWorker', () => {
  it('gives the same themes as the engine run in-process', async () => {
    const inputs = [
      'The bus is always late on route 5',
      'Buses come late and are crowded',
      'More buses on the weekend please',
      'The park trails are lovely in the fall',
      'We love the new park benches',
      'Parks are clean and safe for kids',
      'Rent keeps going up every year',
      'Housing costs and rent are too high',
      'Affordable rent for young families',
    ].map((text, i) => ({ id: `r${i + 1}`, text, participantId: `p${i % 4}` }));
    worker = startThemeWorker();
    const [inThread, history] = await Promise.all([
      worker.themer(inputs, { backgroundWords: ['Riverside'] }),
      worker.historyThemer(inputs, { themes: 2 }),
    ]);
    expect(inThread).toEqual(await engineThemer(inputs, { backgroundWords: ['Riverside'] }));
    expect(inThread.themes.length).toBeGreaterThan(1);
    expect(history.themes).toHaveLength(2);
  });

  it('passes the question and the previous digest’s model: carried themes keep their names on the thread too', async () => {
    const inputs = [
      'The bus is always late on route 5',
      'Buses come late and are crowded',
      'More buses on the weekend please',
      'Rent keeps going up every year',
      'Housing costs and rent are too high',
      'Affordable rent for young families',
      'What would you change about Riverside? The parks',
      'What would you change about Riverside? Cleaner parks',
      'What would you change about Riverside? Safer parks at night',
    ].map((text, i) => ({ id: `r${i + 1}`, text }));
    const first = await engineThemer(inputs);
    const model = structuredClone(first.model!);
    // Last week's name for the bus theme, one its replies still write but this run alone would not give.
    const bus = model.themes.find((t) => t.key === 'transit')!;
    expect(bus.label).not.toBe('Late buses');
    bus.label = 'Late buses';
    bus.labels = { en: 'Late buses' };
    const options = { model, question: 'What would you change about Riverside?' };
    worker = startThemeWorker();
    const inThread = await worker.themer(inputs, options);
    expect(inThread).toEqual(await engineThemer(inputs, options));
    expect(inThread.themes.find((t) => t.key === 'transit')?.label).toBe('Late buses');
  });

  it('runs each budget and passes the cloneable options, callbacks aside', async () => {
    worker = startThemeWorker({ engine: FAKE });
    const progress: number[] = [];
    const current = await worker.themer(replies('a', 'b'), {
      themes: 3,
      backgroundWords: ['BG', 'Warren County'],
      onProgress: (done) => progress.push(done),
    });
    const history = await worker.historyThemer(replies('a'));
    expect(current.themes[0]?.label).toMatch(/^thread \d+ current 3 BG\+Warren County$/);
    expect(current.themes[0]?.replyIds).toEqual(['r1', 'r2']);
    expect(history.themes[0]?.label).toMatch(/^thread \d+ history auto $/);
    // Not the test's own thread (0), and the same one for both: it stays up between calls.
    expect(current.themes[0]?.label.split(' ')[1]).not.toBe('0');
    expect(history.themes[0]?.label.split(' ')[1]).toBe(current.themes[0]?.label.split(' ')[1]);
  });

  it('an engine error fails that call with themer_failed, logged without its text; the thread serves on', async () => {
    const { logger, lines } = recordingLogger();
    worker = startThemeWorker({ engine: FAKE, logger });
    const err = await rejection(worker.themer(replies('throw', 'my secret reply')));
    expect(isVoicesError(err, ErrorCode.ThemerFailed)).toBe(true);
    expect(String((err as Error).message)).not.toContain('secret');
    expect((err as { detail?: unknown }).detail).toEqual({ reason: 'RangeError' });
    expect(lines.join('\n')).toContain('RangeError');
    expect(lines.join('\n')).not.toContain('secret');
    expect((await worker.themer(replies('fine'))).themes).toHaveLength(1);
  });

  it.each(['crash', 'exit'])(
    'a thread that dies (%s) fails its calls; the next call gets a new thread',
    async (mode) => {
      const { logger, lines } = recordingLogger();
      worker = startThemeWorker({ engine: FAKE, logger });
      const before = (await worker.themer(replies('first'))).themes[0]!.label.split(' ')[1];
      const [a, b] = await Promise.all([
        rejection(worker.themer(replies(mode, 'my secret reply'))),
        rejection(worker.historyThemer(replies('queued behind it'))),
      ]);
      expect(isVoicesError(a, ErrorCode.ThemerFailed)).toBe(true);
      expect(isVoicesError(b, ErrorCode.ThemerFailed)).toBe(true);
      expect(lines.join('\n')).toContain('theme worker failed');
      expect(lines.join('\n')).not.toContain('secret');
      const after = (await worker.themer(replies('again'))).themes[0]!.label.split(' ')[1];
      expect(after).not.toBe(before);
    },
  );

  it('a thread out of memory fails with themer_failed, not the process', async () => {
    worker = startThemeWorker({ engine: FAKE, maxHeapMb: 64 });
    const err = await rejection(worker.themer(replies('oom')));
    expect(isVoicesError(err, ErrorCode.ThemerFailed)).toBe(true);
    expect((err as { detail?: { code?: string } }).detail?.code).toBe('ERR_WORKER_OUT_OF_MEMORY');
    expect((await worker.themer(replies('fine'))).themes).toHaveLength(1);
  });

  it('close() cancels a run that never ends, promptly, and refuses later calls', async () => {
    worker = startThemeWorker({ engine: FAKE });
    await worker.themer(replies('warm up'));
    const spinning = rejection(worker.themer(replies('spin')));
    await new Promise((r) => setTimeout(r, 100));
    const started = performance.now();
    await worker.close();
    const err = await spinning;
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(isVoicesError(err, ErrorCode.ThemerCancelled)).toBe(true);
    expect(isVoicesError(await rejection(worker.themer(replies('late'))), ErrorCode.ThemerCancelled)).toBe(
      true,
    );
  });

  it('close() while a large job is still being sent cancels it', async () => {
    worker = startThemeWorker({ engine: FAKE });
    const many = replies(...Array.from({ length: 5_000 }, (_, i) => `reply ${i}`));
    const sending = rejection(worker.themer(many));
    await new Promise((r) => setImmediate(r));
    await worker.close();
    expect(isVoicesError(await sending, ErrorCode.ThemerCancelled)).toBe(true);
  });

  it('sends a large job in slices and gets every reply back', async () => {
    worker = startThemeWorker({ engine: FAKE });
    const many = replies(...Array.from({ length: 2_500 }, (_, i) => `reply ${i}`));
    expect((await worker.themer(many)).themes[0]?.replyIds).toEqual(many.map((r) => r.id));
  });

  it('stops the idle thread and starts a new one when work comes', async () => {
    worker = startThemeWorker({ engine: FAKE, idleMs: 50 });
    const first = (await worker.themer(replies('a'))).themes[0]!.label.split(' ')[1];
    await new Promise((r) => setTimeout(r, 300));
    const second = (await worker.themer(replies('b'))).themes[0]!.label.split(' ')[1];
    expect(second).not.toBe(first);
  });
});
