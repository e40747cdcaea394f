import { describe, expect, it } from 'vitest';
import {
  admitWhenOnTime,
  LAG_TICK_MS,
  measureScannerLag,
  waitForQuietTick,
} from '../../src/scan/scanner-lag.ts';

function stallEventLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    // busy
  }
}

describe('measureScannerLag', () => {
  it('returns the work’s value and a stall during the work as lag', async () => {
    const { value, scannerLagMs } = await measureScannerLag(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2 * LAG_TICK_MS));
      stallEventLoop(120);
      return 'done';
    });
    expect(value).toBe('done');
    expect(scannerLagMs).toBeGreaterThanOrEqual(120 - LAG_TICK_MS);
  });

  it('sees a stall that delayed the end of the work, though no tick ran before the end', async () => {
    const { scannerLagMs } = await measureScannerLag(async () => {
      stallEventLoop(120);
      return 'done';
    });
    expect(scannerLagMs).toBeGreaterThanOrEqual(120 - LAG_TICK_MS);
  });

  it('does not count a stall that ended before the measurement started', async () => {
    const stalled = measureScannerLag(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2 * LAG_TICK_MS));
      stallEventLoop(150);
    });
    const { scannerLagMs: stalledLagMs } = await stalled;
    // Started after the stall was over: whatever this machine does, not those 150 ms.
    const later = await measureScannerLag(async () => 'quiet');
    expect(stalledLagMs).toBeGreaterThanOrEqual(150 - LAG_TICK_MS);
    expect(later.scannerLagMs).toBeLessThan(stalledLagMs);
  });
});

describe('waitForQuietTick', () => {
  it('ends at once, unquiet, when the site signal is already aborted', async () => {
    const aborted = AbortSignal.abort();
    expect(await waitForQuietTick(10, 60_000, aborted)).toBe(false);
  });
});

describe('admitWhenOnTime', () => {
  const never = new AbortController().signal;
  const afterTick = (): Promise<void> =>
    new Promise((resolve) => setTimeout(resolve, 2 * LAG_TICK_MS));
  /** A latency measurement in flight until `end` is called: what the gate protects. */
  const measurementInFlight = (): { end: () => Promise<void> } => {
    let finish = (): void => {};
    const measured = measureScannerLag(() => new Promise<void>((resolve) => (finish = resolve)));
    return {
      end: async () => {
        finish();
        await measured;
      },
    };
  };

  it('admits at once while the scanner runs on time, a measurement in flight', async () => {
    const measurement = measurementInFlight();
    try {
      await afterTick();
      let admitted = false;
      const admission = admitWhenOnTime(50, 60_000, never).then(() => {
        admitted = true;
      });
      await Promise.resolve();
      expect(admitted).toBe(true);
      await admission;
    } finally {
      await measurement.end();
    }
  });

  it('holds starts after a stall and lets them go one per on-time tick', async () => {
    const measurement = measurementInFlight();
    try {
      await afterTick();
      // Resolves just after the first tick that follows the stall, which saw it: no tick has run
      // on time since.
      const { scannerLagMs } = await measureScannerLag(async () => stallEventLoop(80));
      expect(scannerLagMs).toBeGreaterThan(50);
      const admittedAt: number[] = [];
      const heldFrom = performance.now();
      await Promise.all(
        [0, 1, 2].map(() =>
          // On time within 50 ms: the stall's tick was not, a busy test machine's next ones are.
          admitWhenOnTime(50, 60_000, never).then(() => {
            admittedAt.push(performance.now());
          }),
        ),
      );
      expect(admittedAt).toHaveLength(3);
      expect(admittedAt[0]).toBeGreaterThan(heldFrom);
      // One per tick: each start after the first waited for a tick of its own.
      expect((admittedAt[1] as number) - (admittedAt[0] as number)).toBeGreaterThanOrEqual(
        LAG_TICK_MS - 1,
      );
      expect((admittedAt[2] as number) - (admittedAt[1] as number)).toBeGreaterThanOrEqual(
        LAG_TICK_MS - 1,
      );
    } finally {
      await measurement.end();
    }
  });

  it('admits at once when no measurement is in flight, however late the timer ran', async () => {
    const { scannerLagMs } = await measureScannerLag(async () => stallEventLoop(80));
    expect(scannerLagMs).toBeGreaterThan(50);
    let admitted = 0;
    const admissions = [0, 1, 2].map(() =>
      admitWhenOnTime(LAG_TICK_MS, 60_000, never).then(() => admitted++),
    );
    await Promise.resolve();
    expect(admitted).toBe(3);
    await Promise.all(admissions);
  });

  it('lets a held start go after its longest wait, however late the scanner runs', async () => {
    const measurement = measurementInFlight();
    // Every tick finds the loop stalled for 20 ms: never on time within 1 ms.
    const staller = setInterval(() => stallEventLoop(20), 1);
    try {
      await afterTick();
      const heldFrom = performance.now();
      await admitWhenOnTime(1, 100, never);
      expect(performance.now() - heldFrom).toBeGreaterThanOrEqual(100 - LAG_TICK_MS);
    } finally {
      clearInterval(staller);
      await measurement.end();
    }
  });

  it('admits at once when the run is aborted', async () => {
    await admitWhenOnTime(0, 60_000, AbortSignal.abort());
  });
});
