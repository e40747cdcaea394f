import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mergeShardOutputs } from '../../src/report/merge.ts';
import { writeReports } from '../../src/report/write-reports.ts';
import { report, siteReport } from './report-builders.ts';

let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'v6ready-merge-'));
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function shardDir(name: string): Promise<string> {
  const dir = join(root, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

describe('mergeShardOutputs', () => {
  it('joins two shards into one report in input order with a fresh summary', async () => {
    const shard0 = await shardDir('shard-0');
    const shard1 = await shardDir('shard-1');
    await writeReports(
      shard0,
      report([siteReport({ index: 0 }), siteReport({ index: 3, verdict: 'partial', score: 60 })], {
        shard: '0/2',
      }),
    );
    await writeReports(
      shard1,
      report([siteReport({ index: 2 }), siteReport({ index: 1, verdict: 'error', score: 0 })], {
        shard: '1/2',
      }),
    );

    const merged = await mergeShardOutputs([shard0, shard1]);
    expect(merged.sites.map((site) => site.index)).toEqual([0, 1, 2, 3]);
    expect(merged.summary.total).toBe(4);
    expect(merged.summary.by_verdict).toMatchObject({ compliant: 2, partial: 1, error: 1 });
    expect(merged.options.shard).toBeNull();
    expect(merged.merged_from?.map((source) => [source.shard, source.sites])).toEqual([
      ['0/2', 2],
      ['1/2', 2],
    ]);
  });

  it('takes the sites of a killed shard from its sites.jsonl', async () => {
    const finished = await shardDir('finished');
    const killed = await shardDir('killed');
    await writeReports(finished, report([siteReport({ index: 0 })], { shard: '0/2' }));
    const lines = [1, 2].map((index) => JSON.stringify(siteReport({ index })));
    await writeFile(join(killed, 'sites.jsonl'), `${lines.join('\n')}\n{"index":3,"ta`);

    const merged = await mergeShardOutputs([finished, killed]);
    expect(merged.sites.map((site) => site.index)).toEqual([0, 1, 2]);
    expect(merged.merged_from?.[1]).toMatchObject({ file: 'sites.jsonl', sites: 2 });
  });

  it('keeps the newest measurement of a site that two inputs share', async () => {
    const older = await shardDir('older');
    const newer = await shardDir('newer');
    const oldSite = siteReport({ index: 0, verdict: 'unreachable', score: 0 });
    const newSite = siteReport({ index: 0, finishedAt: '2025-07-02T08:00:00.000Z' });
    await writeReports(newer, report([newSite]));
    await writeReports(older, report([oldSite]));
    const merged = await mergeShardOutputs([newer, older]);
    expect(merged.sites).toHaveLength(1);
    expect(merged.sites[0]?.verdict).toBe('compliant');
  });

  it('fails clearly when a directory has neither report.json nor sites.jsonl', async () => {
    const good = await shardDir('good');
    const empty = await shardDir('empty');
    await writeReports(good, report([siteReport()]));
    await expect(mergeShardOutputs([good, empty])).rejects.toThrow(
      /empty: neither report\.json nor sites\.jsonl/,
    );
  });

  it('refuses a report of another schema', async () => {
    const good = await shardDir('good');
    const other = await shardDir('other');
    await writeReports(good, report([siteReport()]));
    await writeFile(
      join(other, 'report.json'),
      JSON.stringify({ ...report([siteReport({ index: 1 })]), schema: 'v6ready/report@2' }),
    );
    await expect(mergeShardOutputs([good, other])).rejects.toThrow(/schema "v6ready\/report@2"/);
  });

  it('refuses to merge only unfinished shards, whose options are unknown', async () => {
    const killed = await shardDir('killed');
    await writeFile(join(killed, 'sites.jsonl'), `${JSON.stringify(siteReport())}\n`);
    await expect(mergeShardOutputs([killed])).rejects.toThrow(/--resume/);
  });
});
