/**
 * How late the scanner's own timers run while a measurement is in flight. A response that
 * arrives while the event loop is busy with other sites (or while the process waits for a CPU)
 * is read late, and that delay would be blamed on the site. A timer that is due every
 * LAG_TICK_MS runs late by as much as the loop was stuck, so the largest lateness seen during a
 * measurement, plus one tick, bounds how much of the measured time can be the scanner's own.
 *
 * One timer serves every measurement in flight and runs only while one is, or someone waits.
 */

/** The timer's period: a stall shorter than this may go unseen, so it is part of every bound. */
export const LAG_TICK_MS = 5;

interface Window {
  maxLagMs: number;
}

const windows = new Set<Window>();
const tickWaiters: ((lagMs: number) => void)[] = [];
let timer: NodeJS.Timeout | undefined;
let dueAt = 0;

function tick(): void {
  const now = performance.now();
  const lagMs = Math.max(0, now - dueAt);
  for (const window of windows) window.maxLagMs = Math.max(window.maxLagMs, lagMs);
  for (const waiter of tickWaiters.splice(0)) waiter(lagMs);
  if (windows.size === 0 && tickWaiters.length === 0) {
    timer = undefined;
    return;
  }
  schedule();
}

function schedule(): void {
  dueAt = performance.now() + LAG_TICK_MS;
  // Kept referenced: a measurement that waits for the tick after its end must get it, even when
  // it was the last thing the process had to do. The timer stops when nobody waits.
  timer = setTimeout(tick, LAG_TICK_MS);
}

function nextTick(): Promise<number> {
  return new Promise((resolve) => {
    tickWaiters.push(resolve);
    if (!timer) schedule();
  });
}

export interface LagMeasured<T> {
  value: T;
  /** The largest lateness of the scanner's timer while `work` ran, in ms. */
  scannerLagMs: number;
}

/**
 * Runs `work` and reports the largest timer lag seen from its start until the first tick after
 * it ends (a stall that delayed the end is only seen by the tick that follows it).
 */
export async function measureScannerLag<T>(work: () => Promise<T>): Promise<LagMeasured<T>> {
  const window: Window = { maxLagMs: 0 };
  windows.add(window);
  if (!timer) schedule();
  try {
    const value = await work();
    await nextTick();
    return { value, scannerLagMs: window.maxLagMs };
  } finally {
    windows.delete(window);
  }
}

/**
 * Resolves at the first tick that runs within `quietLagMs` of its time, or after `maxWaitMs`
 * (true when a quiet tick was seen): a retake starts when the scanner has a moment, not at once
 * into the same stall.
 */
export async function waitForQuietTick(
  quietLagMs: number,
  maxWaitMs: number,
  signal: AbortSignal,
): Promise<boolean> {
  const giveUpAt = performance.now() + maxWaitMs;
  while (!signal.aborted && performance.now() < giveUpAt) {
    if ((await nextTick()) <= quietLagMs) return true;
  }
  return false;
}
