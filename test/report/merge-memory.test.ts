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
 * Memory of `merge` must not follow the number of sites: 6,000 sites (about 9 KB each, 54 MB of
 * site JSON) merge in a 48 MB V8 heap, which holding the sites (or one string of them) exceeds.
 * RSS alone is too noisy to compare two runs (it follows when the collector runs); the heap cap
 * is the bound. docs/PERFORMANCE.md has the 100,000-site figure (bench/merge-memory.ts).
 */
describe('merge memory', { timeout: 600_000 }, () => {
  it('merges 6,000 sites in a 48 MB heap, under 300 MB resident', async () => {
    const dirs = await generateShards(path.join(root, 'shards'), 6000, 3);
    const run = await runCliForPeakRss(['merge', ...dirs, '--out', path.join(root, 'merged')], 48);
    expect(run.stderr).not.toMatch(/heap out of memory/);
    expect(run.code).toBe(0);
    expect(run.peakRssBytes).toBeLessThan(300 * 1024 * 1024);
  });
});
