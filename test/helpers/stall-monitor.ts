/**
 * Measures how long this thread's event loop is kept from a waiting webhook by work the loop itself does.
 *
 * A 5 ms timer chain notes, for every tick, how late it fired (what a request waiting on the loop would have
 * waited) and how much CPU time this thread used since the previous tick (Linux /proc/thread-self/schedstat, first
 * field, in ns). On a machine shared with other work, lateness also holds time the thread spent ready but without
 * a core (schedstat's second field), or asleep in a synchronous write while the disk was busy: neither is work the
 * loop did. The CPU time is: a synchronous task, a garbage collection or a queue of callbacks shows up there in
 * full, whatever the load. `busy` is that CPU time (lateness where schedstat cannot be read); lateness, lateness
 * less run-queue wait, and `monitorEventLoopDelay` (libuv's view) are reported beside it.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

export interface Tick {
  /** When it fired, in ms after the monitor started. */
  atMs: number;
  /** CPU time this thread used since the previous tick (ms); lateness without schedstat. */
  busyMs: number;
  /** How late it fired (ms). */
  latenessMs: number;
  /** Time this thread waited for a core meanwhile (ms). */
  waitMs: number;
}

export interface StallReport {
  /** Most CPU time the loop spent between two ticks (ms): the assertion's measure. */
  maxBusyMs: number;
  /** Latest tick (ms), everything included. */
  maxLatenessMs: number;
  /** Latest tick less the run-queue wait in it (ms). */
  maxHeldMs: number;
  /** `monitorEventLoopDelay`'s maximum and 99th percentile (ms), run-queue wait included. */
  eventLoopDelayMaxMs: number;
  eventLoopDelayP99Ms: number;
  ticks: number;
  /** Whether CPU and run-queue times could be read (Linux schedstat). */
  schedstat: boolean;
  /** The five busiest ticks. */
  worst: Tick[];
}

function readSchedstat(): { cpu: number; wait: number } | undefined {
  try {
    const [cpu, wait] = readFileSync('/proc/thread-self/schedstat', 'utf8').trim().split(/\s+/).map(Number);
    return Number.isFinite(cpu) && Number.isFinite(wait) ? { cpu: cpu!, wait: wait! } : undefined;
  } catch {
    return undefined;
  }
}

export function startStallMonitor(intervalMs = 5): { stop(): StallReport } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = performance.now();
  const ticks: Tick[] = [];
  let last = readSchedstat();
  const schedstat = last !== undefined;
  let scheduledAt = performance.now();
  const tick = () => {
    const latenessMs = Math.max(0, performance.now() - scheduledAt - intervalMs);
    const now = readSchedstat();
    const cpuMs = now && last ? (now.cpu - last.cpu) / 1e6 : latenessMs;
    const waitMs = now && last ? (now.wait - last.wait) / 1e6 : 0;
    last = now;
    ticks.push({ atMs: performance.now() - started, busyMs: cpuMs, latenessMs, waitMs });
    scheduledAt = performance.now();
    timer = setTimeout(tick, intervalMs);
  };
  let timer = setTimeout(tick, intervalMs);
  return {
    stop() {
      clearTimeout(timer);
      delay.disable();
      const max = (f: (t: Tick) => number) => Math.max(0, ...ticks.map(f));
      return {
        maxBusyMs: max((t) => t.busyMs),
        maxLatenessMs: max((t) => t.latenessMs),
        maxHeldMs: max((t) => t.latenessMs - t.waitMs),
        eventLoopDelayMaxMs: delay.max / 1e6,
        eventLoopDelayP99Ms: delay.percentile(99) / 1e6,
        ticks: ticks.length,
        schedstat,
        worst: [...ticks].sort((a, b) => b.busyMs - a.busyMs).slice(0, 5),
      };
    },
  };
}
