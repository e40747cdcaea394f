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

interface Admission {
  quietLagMs: number;
  giveUpAt: number;
  signal: AbortSignal;
  admit: () => void;
}

const windows = new Set<Window>();
const tickWaiters: ((lagMs: number) => void)[] = [];
/** Site starts held back while the scanner runs late, first come first served. */
const admissions: Admission[] = [];
/** The lateness of the latest tick; while a measurement is in flight, the timer keeps it fresh. */
let lastLagMs = 0;
let timer: NodeJS.Timeout | undefined;
let dueAt = 0;

function tick(): void {
  const now = performance.now();
  const lagMs = Math.max(0, now - dueAt);
  lastLagMs = lagMs;
  for (const window of windows) window.maxLagMs = Math.max(window.maxLagMs, lagMs);
  for (const waiter of tickWaiters.splice(0)) waiter(lagMs);
  admitOnTick(lagMs, now);
  if (windows.size === 0 && tickWaiters.length === 0 && admissions.length === 0) {
    timer = undefined;
    return;
  }
  schedule();
}

/**
 * One held start goes at each tick that ran on time, so sites join a late scanner one by one and
 * it can catch up between them; starts that waited their longest, or whose run was aborted, go
 * whatever the lag, and all go when no measurement is in flight.
 */
function admitOnTick(lagMs: number, now: number): void {
  // No measurement in flight: a late timer harms nobody, and every held start goes.
  const measuring = windows.size > 0;
  let admittedOnTime = false;
  for (let index = 0; index < admissions.length;) {
    const admission = admissions[index] as Admission;
    const onTime: boolean = !measuring || (!admittedOnTime && lagMs <= admission.quietLagMs);
    if (onTime || now >= admission.giveUpAt || admission.signal.aborted) {
      admittedOnTime ||= onTime;
      admissions.splice(index, 1);
      admission.admit();
    } else {
      index++;
    }
  }
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

/**
 * Resolves when a new site may start: at once while no measurement that the scanner's lag would
 * falsify is in flight (measureScannerLag), or while the timer runs within `quietLagMs` of its
 * time (and nobody is held before this caller); else at a later tick that does, one start per
 * such tick, or after `maxWaitMs` whatever the lag. A scanner that is late already would
 * only be later with another site, and every site in flight would read its own delays as the
 * network's (slow samples, steps timed out); held back, the sites in flight finish on time and
 * the scan runs about as fast, since the scanner's CPU was the limit.
 */
export function admitWhenOnTime(
  quietLagMs: number,
  maxWaitMs: number,
  signal: AbortSignal,
): Promise<void> {
  if (
    signal.aborted ||
    (admissions.length === 0 && (windows.size === 0 || lastLagMs <= quietLagMs))
  ) {
    return Promise.resolve();
  }
  return new Promise((admit) => {
    admissions.push({ quietLagMs, giveUpAt: performance.now() + maxWaitMs, signal, admit });
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
