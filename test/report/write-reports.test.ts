import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report-types.ts';
import { writeReports } from '../../src/report/write-reports.ts';
import { report, siteReport } from './report-builders.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-write-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeReports', () => {
  it('writes report.json and report.csv in input order whatever order sites finished in', async () => {
    const finished = [3, 0, 4, 1, 2].map((index) => siteReport({ index }));
    const shuffled: Report = { ...report(finished), sites: finished };
    const out = join(dir, 'nested', 'out');
    await writeReports(out, shuffled);

    const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
    expect(json.schema).toBe('v6ready/report@1');
    expect(json.sites.map((site) => site.index)).toEqual([0, 1, 2, 3, 4]);

    const csvLines = (await readFile(join(out, 'report.csv'), 'utf8')).split('\r\n');
    expect(csvLines.slice(1, 6).map((line) => line.split(',')[0])).toEqual([
      'site0.example.cn',
      'site1.example.cn',
      'site2.example.cn',
      'site3.example.cn',
      'site4.example.cn',
    ]);
  });

  it('writes 2-space JSON and leaves no temporary files behind', async () => {
    await writeReports(dir, report([siteReport()]));
    expect((await readdir(dir)).sort()).toEqual(['report.csv', 'report.json']);
    expect(await readFile(join(dir, 'report.json'), 'utf8')).toMatch(/^\{\n {2}"schema"/);
  });

  it('replaces an earlier report in place', async () => {
    await writeReports(dir, report([siteReport({ index: 0 })]));
    await writeReports(dir, report([siteReport({ index: 0 }), siteReport({ index: 1 })]));
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(json.sites).toHaveLength(2);
    expect(json.summary.total).toBe(2);
  });
});
