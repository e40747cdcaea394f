import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReport, readSites } from '../../src/report/read-report.ts';
import type { SiteReport } from '../../src/report/report-types.ts';
import { writeReports } from '../../src/report/write-reports.ts';
import { UserError } from '../../src/user-error.ts';
import { report, siteReport } from './report-builders.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-read-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function allSites(path: string): Promise<SiteReport[]> {
  const sites: SiteReport[] = [];
  for await (const site of readSites(await openReport(path))) sites.push(site);
  return sites;
}

describe('openReport and readSites', () => {
  it('yields the sites of a report.json one by one in input order, with its header', async () => {
    const sites = [2, 0, 1].map((index) => siteReport({ index }));
    await writeReports(dir, report(sites, { shard: '1/4' }));
    const opened = await openReport(join(dir, 'report.json'));
    expect(opened.header.options.shard).toBe('1/4');
    expect(opened.header.summary.total).toBe(3);
    expect((await allSites(dir)).map((site) => site.index)).toEqual([0, 1, 2]);
    expect(await allSites(dir)).toEqual([...sites].sort((a, b) => a.index - b.index));
  });

  it('reads a report reformatted by another tool (one line) the same way', async () => {
    const sites = [siteReport({ index: 0 }), siteReport({ index: 1 })];
    await writeFile(join(dir, 'report.json'), JSON.stringify(report(sites)));
    expect((await allSites(dir)).map((site) => site.index)).toEqual([0, 1]);
  });

  it('counts a report written before the completeness fields as whole', async () => {
    const { complete: _c, sites_done: _d, sites_total: _t, ...old } = report([siteReport()]);
    await writeFile(join(dir, 'report.json'), JSON.stringify(old, null, 2));
    expect((await openReport(dir)).header).toMatchObject({
      complete: true,
      sites_done: 1,
      sites_total: 1,
    });
  });

  it.each([
    [
      'a site without its verdict',
      (site: Record<string, unknown>) => delete site.verdict,
      /site 2: verdict/,
    ],
    [
      'a site whose figures lack a field',
      (site: Record<string, unknown>) => delete (site.figures as Record<string, unknown>).aaaa,
      /site 2: figures\.aaaa/,
    ],
    [
      'a site whose reasons are not text',
      (site: Record<string, unknown>) => (site.reasons = [1]),
      /site 2: reasons/,
    ],
    [
      'a site whose index is negative',
      (site: Record<string, unknown>) => (site.index = -1),
      /site 2: index/,
    ],
  ])('refuses %s with a user error naming the site', async (_name, spoil, message) => {
    await writeReports(dir, report([siteReport({ index: 0 }), siteReport({ index: 1 })]));
    const path = join(dir, 'report.json');
    const json = JSON.parse(await readFile(path, 'utf8')) as { sites: Record<string, unknown>[] };
    spoil(json.sites[1]!);
    for (const text of [JSON.stringify(json, null, 2), JSON.stringify(json)]) {
      await writeFile(path, text);
      const opening = openReport(path);
      await expect(opening).rejects.toBeInstanceOf(UserError);
      await expect(openReport(path)).rejects.toThrow(message);
    }
  });

  it('refuses a report whose options lack a field the merge compares', async () => {
    const whole = report([siteReport()]);
    const { depth: _depth, ...options } = whole.options;
    await writeFile(join(dir, 'report.json'), JSON.stringify({ ...whole, options }, null, 2));
    await expect(openReport(dir)).rejects.toThrow(/options\.depth/);
  });

  it.each([
    ['a missing path', (path: string) => join(path, 'missing.json'), /no such file/],
    [
      'a file that is not JSON',
      async (path: string) => {
        await writeFile(join(path, 'x.json'), '{"schema": ');
        return join(path, 'x.json');
      },
      /not JSON/,
    ],
    ['an empty directory', (path: string) => path, /neither report\.json nor sites\.jsonl/],
  ])('refuses %s with a user error', async (_name, make, message) => {
    const path = await make(dir);
    await expect(openReport(path)).rejects.toBeInstanceOf(UserError);
    await expect(openReport(path)).rejects.toThrow(message);
  });
});
