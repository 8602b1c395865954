/** Messages between the runner and its theme worker thread (structured clones, never logged). */
import type { ThemeInput, ThemeOptions, ThemeResult } from '../../core/themes/types.js';

/** `history` runs the cheaper budget used for previous weeks (`engineHistoryThemer`). */
export type ThemeBudget = 'current' | 'history';

/**
 * A job goes to the thread as slices of its replies (`inputs`, each cloned in a millisecond or two, so a large
 * week does not hold the runner's event loop while it is copied), then `run`.
 */
export type ThemeJobMessage =
  | { kind: 'inputs'; id: number; inputs: ThemeInput[] }
  | {
      kind: 'run';
      id: number;
      budget: ThemeBudget;
      /** The cloneable part of `ThemeOptions` (no callbacks cross the thread). */
      options: Omit<ThemeOptions, 'onProgress' | 'backgroundWords'> & { backgroundWords?: string[] };
    };

export type ThemeJobResult =
  | { id: number; ok: true; result: ThemeResult }
  /** Only the error's class name and code: an engine error's message could quote a reply. */
  | { id: number; ok: false; error: { name: string; code?: string } };

/** What the thread is told at start: the module holding `engineThemer` and `engineHistoryThemer`. */
export interface ThemeWorkerData {
  engine: string;
}
