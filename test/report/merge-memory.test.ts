import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateShards, runCliForPeakRss } from '../support/generated-shards.ts';

let root: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'v6ready-merge-memory-'));
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/**
 * Peak memory of `merge` must not follow the number of sites: four times the sites (about 9 KB
 * each, 36 MB more of site JSON) may cost a few MB of compact entries, not the sites themselves.
 * docs/PERFORMANCE.md has the 100,000-site figure (bench/merge-memory.ts).
 */
describe('merge memory', { timeout: 600_000 }, () => {
  it('stays flat from 1,500 to 6,000 sites', async () => {
    const peaks: number[] = [];
    for (const sites of [1500, 6000]) {
      const dirs = await generateShards(path.join(root, String(sites)), sites, 3);
      const out = path.join(root, `merged-${sites}`);
      const run = await runCliForPeakRss(['merge', ...dirs, '--out', out]);
      expect(run.code).toBe(0);
      peaks.push(run.peakRssBytes);
    }
    const [small, large] = peaks as [number, number];
    expect(large - small).toBeLessThan(20 * 1024 * 1024);
    expect(large).toBeLessThan(300 * 1024 * 1024);
  });
});
