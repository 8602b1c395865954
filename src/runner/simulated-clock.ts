/**
 * The simulator's time travel: the runner's clock is the real clock plus an offset that only moves
 * forward, so an organizer can see the next question, the reminder and quiet hours in minutes.
 * Offered only when the simulator is the sole adapter: moving time would move real residents' too.
 */

export interface SimulatedClock {
  now(): Date;
  /** How far ahead of the real clock the runner is, in milliseconds. */
  offsetMs(): number;
  advance(ms: number): void;
}

export function simulatedClock(base: () => Date): SimulatedClock {
  let offset = 0;
  return {
    now: () => new Date(base().getTime() + offset),
    offsetMs: () => offset,
    advance(ms: number) {
      if (!Number.isFinite(ms) || ms <= 0) throw new RangeError('time only moves forward');
      offset += ms;
    },
  };
}
