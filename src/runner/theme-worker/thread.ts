/**
 * Runs inside the theme worker thread: takes one theming job at a time from the runner and answers with the
 * result, so clustering never runs on the runner's event loop.
 */
import { constants, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { Themer } from '../../core/digest/build.js';
import type { ThemeInput } from '../../core/themes/types.js';
import type { ThemeJobMessage, ThemeJobResult, ThemeWorkerData } from './protocol.js';

const port = parentPort;
if (!port) throw new Error('thread.ts runs only as a worker thread');

// On a busy machine the runner's thread (webhooks) goes first: Linux gives each thread its own nice value, so this
// lowers only this one (elsewhere it would lower the whole process, so it is left alone there).
if (process.platform === 'linux') {
  try {
    setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
  } catch {
    // A sandbox may refuse it; theming then runs at the runner's priority.
  }
}

const { engine } = workerData as ThemeWorkerData;
const themers = (await import(engine)) as { engineThemer: Themer; engineHistoryThemer: Themer };

type RunMessage = Extract<ThemeJobMessage, { kind: 'run' }>;

async function run(job: RunMessage, inputs: ThemeInput[]): Promise<ThemeJobResult> {
  const themer = job.budget === 'history' ? themers.engineHistoryThemer : themers.engineThemer;
  try {
    const options = Object.keys(job.options).length > 0 ? job.options : undefined;
    return { id: job.id, ok: true, result: await themer(inputs, options) };
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    return {
      id: job.id,
      ok: false,
      error: {
        name: err instanceof Error ? err.name : typeof err,
        ...(typeof code === 'string' ? { code } : {}),
      },
    };
  }
}

const received = new Map<number, ThemeInput[]>();
// One job at a time: two clusterings side by side would only share the same core and double the memory.
let queue = Promise.resolve();
port.on('message', (message: ThemeJobMessage) => {
  const inputs = received.get(message.id) ?? [];
  if (message.kind === 'inputs') {
    for (const input of message.inputs) inputs.push(input);
    received.set(message.id, inputs);
    return;
  }
  received.delete(message.id);
  queue = queue.then(async () => port.postMessage(await run(message, inputs)));
});
