/**
 * A stand-in theme engine for the worker tests, loaded inside the worker thread. What it does is chosen by the
 * first reply's text: `throw`, `crash` (an uncaught error outside the job), `exit`, `spin` (never returns),
 * `oom`; otherwise one theme of every reply, labelled with the thread it ran on and the budget.
 */
import { threadId } from 'node:worker_threads';
import type { Themer } from '../../../src/core/digest/build.js';
import type { ThemeInput, ThemeOptions } from '../../../src/core/themes/types.js';

function behave(inputs: ThemeInput[], options: ThemeOptions | undefined, budget: string) {
  const mode = inputs[0]?.text;
  if (mode === 'throw') throw new RangeError('the engine failed on: my secret reply');
  if (mode === 'crash') {
    setTimeout(() => {
      throw new Error('uncaught with my secret reply');
    });
    return new Promise<never>(() => {});
  }
  if (mode === 'exit') process.exit(3);
  if (mode === 'spin') for (;;);
  if (mode === 'oom') {
    const hoard: number[][] = [];
    for (;;) hoard.push(Array.from({ length: 100_000 }, (_, i) => i + 0.5));
  }
  return {
    themes: [
      {
        id: 't1',
        key: 't1',
        label: `thread ${threadId} ${budget} ${options?.themes ?? 'auto'} ${options?.backgroundWords?.join('+') ?? ''}`,
        labels: {},
        keywords: [],
        replyIds: inputs.map((r) => r.id),
        claims: [],
        quotes: [],
        participants: inputs.length,
      },
    ],
    unthemed: [],
  };
}

export const engineThemer: Themer = async (inputs, options) => behave(inputs, options, 'current');
export const engineHistoryThemer: Themer = async (inputs, options) => behave(inputs, options, 'history');
