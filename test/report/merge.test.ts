import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { planMerge } from '../../src/report/merge.ts';
import { openReport, readSites } from '../../src/report/read-report.ts';
import type { Report, SiteReport } from '../../src/report/report-types.ts';
import { writeScanRecord } from '../../src/report/scan-record.ts';
import { writeReportFiles, writeReports } from '../../src/report/write-reports.ts';
import { report, reportOptions, siteReport } from './report-builders.ts';

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

/** Merges and writes, as `v6ready merge` does, and reads the result back whole. */
async function mergeShardOutputs(dirs: string[]): Promise<Report> {
  const plan = await planMerge(dirs);
  const out = join(root, 'merged');
  await writeReportFiles(out, plan.heading, plan.entries);
  const opened = await openReport(out);
  const sites: SiteReport[] = [];
  for await (const site of readSites(opened)) sites.push(site);
  return { ...opened.header, sites };
}

describe('merge', () => {
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
    await writeScanRecord(killed, {
      schema: 'v6ready/report@1',
      tool: { name: 'v6ready', version: '0.1.0' },
      started_at: '2025-07-01T08:00:00.000Z',
      options: reportOptions({ shard: '1/2' }),
      sites_total: 3,
    });

    const merged = await mergeShardOutputs([finished, killed]);
    expect(merged.sites.map((site) => site.index)).toEqual([0, 1, 2]);
    expect(merged.merged_from?.[1]).toMatchObject({ file: 'sites.jsonl', sites: 2 });
    expect(merged.complete).toBe(false);
  });

  it('keeps the newest measurement of a site that two inputs share, and names the overlap', async () => {
    const older = await shardDir('older');
    const newer = await shardDir('newer');
    const oldSite = siteReport({ index: 0, verdict: 'unreachable', score: 0 });
    const newSite = siteReport({ index: 0, finishedAt: '2025-07-02T08:00:00.000Z' });
    await writeReports(newer, report([newSite]));
    await writeReports(older, report([oldSite]));
    const merged = await mergeShardOutputs([newer, older]);
    expect(merged.sites).toHaveLength(1);
    expect(merged.sites[0]?.verdict).toBe('compliant');
    expect((await planMerge([newer, older])).overlappingShards).toEqual([0]);
  });

  it('refuses shards measured with other options and names each differing option', async () => {
    const shallow = await shardDir('shallow');
    const deep = await shardDir('deep');
    await writeReports(shallow, report([siteReport({ index: 0 })], { shard: '0/2', depth: 0 }));
    await writeReports(
      deep,
      report([siteReport({ index: 1 })], { shard: '1/2', depth: 2, profile: 'strict' }),
    );
    await expect(planMerge([shallow, deep])).rejects.toThrow(
      /other options.*depth 2 vs 0, profile "strict" vs "default"/,
    );
  });

  it('refuses shards of different splits', async () => {
    const ofTwo = await shardDir('of-two');
    const ofThree = await shardDir('of-three');
    await writeReports(ofTwo, report([siteReport({ index: 0 })], { shard: '0/2' }));
    await writeReports(ofThree, report([siteReport({ index: 1 })], { shard: '0/3' }));
    await expect(planMerge([ofTwo, ofThree])).rejects.toThrow(/3 parts.*of 2/);
  });

  it('refuses shards of different input lists', async () => {
    const first = await shardDir('first');
    const second = await shardDir('second');
    await writeReports(
      first,
      report([siteReport({ index: 0 })], { shard: '0/2', input_sha256: 'aa' }),
    );
    await writeReports(
      second,
      report([siteReport({ index: 1 })], { shard: '1/2', input_sha256: 'bb' }),
    );
    await expect(planMerge([first, second])).rejects.toThrow(/another input/);
  });

  it('names a missing shard and counts the merge as partial of the whole input', async () => {
    const shard0 = await shardDir('shard-0');
    const shard2 = await shardDir('shard-2');
    await writeReports(
      shard0,
      report([siteReport({ index: 0 })], { shard: '0/3', input_total: 3 }),
    );
    await writeReports(
      shard2,
      report([siteReport({ index: 2 })], { shard: '2/3', input_total: 3 }),
    );
    const plan = await planMerge([shard0, shard2]);
    expect(plan.missingShards).toEqual([1]);
    const merged = await mergeShardOutputs([shard0, shard2]);
    expect(merged).toMatchObject({ complete: false, sites_done: 2, sites_total: 3 });
  });

  it('counts all shards of the split, each whole, as a whole report', async () => {
    const shard0 = await shardDir('shard-0');
    const shard1 = await shardDir('shard-1');
    await writeReports(
      shard0,
      report([siteReport({ index: 0 })], { shard: '0/2', input_total: 2 }),
    );
    await writeReports(
      shard1,
      report([siteReport({ index: 1 })], { shard: '1/2', input_total: 2 }),
    );
    const merged = await mergeShardOutputs([shard0, shard1]);
    expect(merged).toMatchObject({ complete: true, sites_done: 2, sites_total: 2 });
  });

  it('counts a shard whose own report is partial as a partial merge', async () => {
    const shard0 = await shardDir('shard-0');
    await writeReports(shard0, {
      ...report([siteReport({ index: 0 })], { shard: '0/1', input_total: 2 }),
      complete: false,
      sites_total: 2,
    });
    const plan = await planMerge([shard0]);
    expect(plan.partialInputs).toEqual([shard0]);
    expect(plan.heading.complete).toBe(false);
  });

  it('fails clearly when a directory has neither report.json nor sites.jsonl', async () => {
    const good = await shardDir('good');
    const empty = await shardDir('empty');
    await writeReports(good, report([siteReport()]));
    await expect(planMerge([good, empty])).rejects.toThrow(
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
    await expect(planMerge([good, other])).rejects.toThrow(/schema "v6ready\/report@2"/);
  });

  it('refuses to merge only unfinished shards, whose options are unknown', async () => {
    const killed = await shardDir('killed');
    await writeFile(join(killed, 'sites.jsonl'), `${JSON.stringify(siteReport())}\n`);
    await expect(planMerge([killed])).rejects.toThrow(/--resume/);
  });
});
