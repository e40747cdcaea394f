import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReport, readSites } from '../../src/report/read-report.ts';
import type { SiteReport } from '../../src/report/report-types.ts';
import { SiteLoader, siteEntry, type SiteEntry } from '../../src/report/site-entry.ts';
import { SitesJsonlWriter } from '../../src/report/sites-jsonl.ts';
import { writeReports } from '../../src/report/write-reports.ts';
import { report, siteReport } from './report-builders.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-loader-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function appendAll(file: string, sites: SiteReport[]): Promise<SiteEntry[]> {
  const writer = new SitesJsonlWriter(file);
  const entries: SiteEntry[] = [];
  for (const site of sites) entries.push(siteEntry(site, await writer.append(site)));
  await writer.close();
  return entries;
}

describe('SiteLoader', () => {
  it('loads sites in any order from several files, well past what one read takes in', async () => {
    // About 5.7 KB a site: 2 x 250 sites are 2.8 MB, several reads ahead per file.
    const sites = Array.from({ length: 500 }, (_, index) =>
      siteReport({ index, input: `https://s${index}.example.cn/` }),
    );
    const entries = [
      ...(await appendAll(join(dir, 'a.jsonl'), sites.slice(0, 250))),
      ...(await appendAll(join(dir, 'b.jsonl'), sites.slice(250))),
    ];
    // Backwards, forwards, and from both files in turn.
    const order = [
      ...entries.map((_, at) => entries.length - 1 - at),
      ...Array.from({ length: 250 }, (_, at) => [at, 250 + at]).flat(),
    ];
    const loader = new SiteLoader();
    try {
      for (const at of order) expect(await loader.load(entries[at]!)).toEqual(sites[at]);
    } finally {
      await loader.close();
    }
  });

  it('refuses a site whose file was changed after it was indexed', async () => {
    const path = join(dir, 'report.json');
    const site = (index: number, host: string) => siteReport({ index, input: `https://${host}/` });
    await writeReports(dir, report([site(0, 'one.cn'), site(1, 'two.cn')]));
    const opened = await openReport(path);
    // Same layout and lengths, other sites in the places indexed.
    await writeReports(dir, report([site(0, 'uno.cn'), site(1, 'dos.cn')]));
    const reading = async () => {
      for await (const _site of readSites(opened));
    };
    await expect(reading()).rejects.toThrow(/changed while being read.*one\.cn/);
  });

  it('reads a site stored in the entry itself without any file', async () => {
    const site = siteReport({ index: 3 });
    const loader = new SiteLoader();
    expect(await loader.load(siteEntry(site, { site }))).toBe(site);
    await loader.close();
  });

  it('fails on a site whose stored bytes are no longer JSON', async () => {
    const path = join(dir, 'sites.jsonl');
    const [entry] = await appendAll(path, [siteReport({ index: 0 })]);
    await writeFile(path, 'x'.repeat(10_000));
    const loader = new SiteLoader();
    await expect(loader.load(entry!)).rejects.toThrow(SyntaxError);
    await loader.close();
  });
});
