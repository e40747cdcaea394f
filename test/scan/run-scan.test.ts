import { loopbackScanOptions } from '../support/test-scan-options.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { runScan } from '../../src/scan/run-scan.ts';
import type { ScanOptions } from '../../src/scan/scan-options.ts';
import { InputError } from '../../src/targets/input-error.ts';
import type { TargetRecord } from '../../src/targets/target.ts';

// Invalid targets are judged without any network use, so these tests need no server.
function invalidTarget(index: number): TargetRecord {
  return {
    valid: false,
    index,
    input: `line-${index}`,
    reason: 'not a target',
    category: null,
    owner: null,
    name: null,
    rank: null,
  };
}

let options: ScanOptions;

beforeAll(async () => {
  // Port 9 on loopback: nothing listens, so every lookup fails at once.
  options = await loopbackScanOptions(9, { concurrency: 3, siteTimeoutMs: 5000 });
});

describe('runScan: consuming targets', () => {
  it('pulls a target only when a slot is free, and reports every one in input order', async () => {
    let pulled = 0;
    async function* targets(): AsyncGenerator<TargetRecord> {
      for (let index = 0; index < 50; index += 1) {
        pulled += 1;
        yield invalidTarget(index);
      }
    }
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    let allSlotsBusy: () => void = () => undefined;
    const slotsBusy = new Promise<void>((resolve) => (allSlotsBusy = resolve));
    let inHook = 0;
    const reported: number[] = [];

    const scanning = runScan(targets(), options, {
      onSite: async (site) => {
        reported.push(site.index);
        inHook += 1;
        if (inHook === options.concurrency) allSlotsBusy();
        await released;
      },
    });
    await slotsBusy;
    // Every slot waits in its hook: nothing beyond the sites in flight has been read.
    expect(pulled).toBe(options.concurrency);
    release();
    expect(await scanning).toBe(50);
    expect(pulled).toBe(50);
    expect(reported.sort((left, right) => left - right)).toEqual(
      Array.from({ length: 50 }, (_, index) => index),
    );
  });

  it('an error reading the targets stops pulling; the sites read are still recorded, then it is thrown', async () => {
    async function* targets(): AsyncGenerator<TargetRecord> {
      yield invalidTarget(0);
      yield invalidTarget(1);
      throw new InputError('list.txt line 3 is longer than 16384 characters');
    }
    const recorded: number[] = [];
    const scanning = runScan(targets(), options, {
      onSite: (site) => {
        recorded.push(site.index);
      },
    });
    await expect(scanning).rejects.toBeInstanceOf(InputError);
    expect(recorded.sort()).toEqual([0, 1]);
  });

  it('an interrupt stops reading and closes the input', async () => {
    const interrupt = new AbortController();
    let closed = false;
    let pulled = 0;
    async function* targets(): AsyncGenerator<TargetRecord> {
      try {
        for (let index = 0; ; index += 1) {
          pulled += 1;
          yield invalidTarget(index);
        }
      } finally {
        closed = true;
      }
    }
    await runScan(targets(), options, {
      signal: interrupt.signal,
      onSite: (site) => {
        if (site.index === 10) interrupt.abort();
      },
    });
    expect(closed).toBe(true);
    expect(pulled).toBeLessThan(10 + 2 * options.concurrency);
  });
});
