import { describe, expect, it } from 'vitest';
import { LAG_TICK_MS, measureScannerLag, waitForQuietTick } from '../../src/scan/scanner-lag.ts';

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
