import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report-types.ts';
import { siteEntry } from '../../src/report/site-entry.ts';
import { SitesJsonlWriter } from '../../src/report/sites-jsonl.ts';
import { buildSummary } from '../../src/report/summary.ts';
import { writeReportFiles, writeReports } from '../../src/report/write-reports.ts';
import { report, siteReport } from './report-builders.ts';
import { sampleReport } from './sample-report.ts';

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

  it.each([
    ['the sample sites', sampleReport()],
    ['no sites', report([])],
    [
      'a merged report',
      {
        ...report([siteReport()]),
        merged_from: [
          {
            dir: 'shard-0',
            file: 'report.json',
            shard: '0/1',
            started_at: '2025-07-01T08:00:00.000Z',
            finished_at: '2025-07-01T09:00:00.000Z',
            sites: 1,
          },
        ],
      },
    ],
  ])(
    'lays report.json out byte for byte as JSON.stringify with 2 spaces (%s)',
    async (_name, given: Report) => {
      await writeReports(dir, given);
      const { schema, tool, started_at, finished_at, options, complete, sites_done } = given;
      const expected = {
        schema,
        tool,
        started_at,
        finished_at,
        options,
        complete,
        sites_done,
        sites_total: given.sites_total,
        summary: given.summary,
        ...(given.merged_from ? { merged_from: given.merged_from } : {}),
        sites: given.sites,
      };
      expect(await readFile(join(dir, 'report.json'), 'utf8')).toBe(
        `${JSON.stringify(expected, null, 2)}\n`,
      );
    },
  );

  it('replaces an earlier report in place', async () => {
    await writeReports(dir, report([siteReport({ index: 0 })]));
    await writeReports(dir, report([siteReport({ index: 0 }), siteReport({ index: 1 })]));
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(json.sites).toHaveLength(2);
    expect(json.summary.total).toBe(2);
  });

  it('streams a report.json that parses, lists every site once in input order, and whose summary recounts its sites', async () => {
    const verdicts = ['compliant', 'partial', 'non_compliant', 'unreachable', 'error'] as const;
    const jsonl = join(dir, 'sites.jsonl');
    const writer = new SitesJsonlWriter(jsonl);
    const entries = [];
    // Finishing order is not input order, and an earlier, replaced line of site 7 is in the file.
    await writer.append(siteReport({ index: 7, verdict: 'error', score: 0 }));
    for (const index of [...Array.from({ length: 300 }, (_, i) => 299 - i)]) {
      const verdict = verdicts[index % verdicts.length]!;
      const site = siteReport({
        index,
        verdict,
        score: verdict === 'compliant' ? 100 : index % 90,
        category: index % 3 === 0 ? null : `c${index % 3}`,
        owner: `o${index % 4}`,
      });
      entries.push(siteEntry(site, await writer.append(site)));
    }
    await writer.close();
    const out = join(dir, 'out');
    await writeReportFiles(out, { ...report([]), complete: true, sites_total: 300 }, entries);

    const json = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as Report;
    expect(json.sites.map((site) => site.index)).toEqual(Array.from({ length: 300 }, (_, i) => i));
    expect(new Set(json.sites.map((site) => site.target)).size).toBe(300);
    expect(json.summary).toEqual(buildSummary(json.sites));
    expect(json.summary.by_verdict.error).toBe(60);
    expect(json).toMatchObject({ complete: true, sites_done: 300, sites_total: 300 });
    const csvRows = (await readFile(join(out, 'report.csv'), 'utf8')).split('\r\n');
    expect(csvRows).toHaveLength(302);
    expect(csvRows[8]?.split(',')[0]).toBe('site7.example.cn');
  });

  it('writes an empty site list as valid JSON', async () => {
    await writeReportFiles(dir, { ...report([]), complete: false, sites_total: 4 }, []);
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(json).toMatchObject({ sites: [], complete: false, sites_done: 0, sites_total: 4 });
  });
});
