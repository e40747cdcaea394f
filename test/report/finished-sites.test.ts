import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FinishedSites } from '../../src/report/finished-sites.ts';
import { siteEntry, withInputFields, type SiteEntry } from '../../src/report/site-entry.ts';
import { SitesJsonlWriter } from '../../src/report/sites-jsonl.ts';
import { writeReportFiles } from '../../src/report/write-reports.ts';
import { report, siteReport } from './report-builders.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-finished-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const TEXT_FILES = ['report.json', 'report.csv', 'report.html', 'summary.md'];

describe('FinishedSites', () => {
  it('gives the same report files as the SiteEntry map it replaces, replacements and resumed sites included', async () => {
    const verdicts = ['compliant', 'partial', 'non_compliant', 'unreachable', 'error'] as const;
    const writer = new SitesJsonlWriter(join(dir, 'sites.jsonl'));
    const store = new FinishedSites();
    const map = new Map<string, SiteEntry>();
    const record = (key: string, entry: SiteEntry): void => {
      store.set(key, entry);
      map.set(key, entry);
    };
    // A site measured once and again: the later measurement replaces it, as on --resume.
    const first = siteReport({ index: 7, verdict: 'error', score: 0 });
    record(first.target, siteEntry(first, await writer.append(first)));
    for (let index = 199; index >= 0; index -= 1) {
      const verdict = verdicts[index % verdicts.length]!;
      const site = siteReport({
        index,
        verdict,
        score: verdict === 'compliant' ? 100 : (index % 90) + 0.5,
        category: index % 3 === 0 ? null : `c${index % 3}`,
        owner: index % 5 === 0 ? null : `o${index % 4}`,
        // Not in toISOString's form: kept as written, for the loader's identity check.
        ...(index === 11 ? { finishedAt: '2025-07-01T08:00:00Z' } : {}),
      });
      const entry = siteEntry(site, await writer.append(site));
      // A row carried over from an earlier scan takes the current input's position and fields.
      record(
        site.target,
        index % 50 === 1
          ? withInputFields(entry, {
              index: index + 1000,
              category: 'moved',
              owner: null,
              name: 'renamed',
              rank: 3,
            })
          : entry,
      );
    }
    await writer.close();
    expect(store.size).toBe(map.size);
    expect(store.get(first.target)).toEqual(map.get(first.target));

    const heading = { ...report([]), complete: true, sites_total: 200 };
    const fromMap = join(dir, 'from-map');
    const fromStore = join(dir, 'from-store');
    await writeReportFiles(fromMap, heading, [...map.values()], { formats: ['html', 'md'] });
    await writeReportFiles(fromStore, heading, store, { formats: ['html', 'md'] });
    for (const file of TEXT_FILES) {
      expect(await readFile(join(fromStore, file), 'utf8'), file).toBe(
        await readFile(join(fromMap, file), 'utf8'),
      );
    }
    const json = JSON.parse(await readFile(join(fromStore, 'report.json'), 'utf8')) as {
      sites: { index: number; verdict: string; scanned_at: string }[];
    };
    expect(json.sites).toHaveLength(200);
    expect(json.sites.filter((site) => site.index >= 1000)).toHaveLength(4);
    expect(json.sites.find((site) => site.index === 7)?.verdict).not.toBe('error');
    expect(json.sites.find((site) => site.index === 11)?.scanned_at).toBe('2025-07-01T08:00:00Z');
  });

  it('keeps a finished site in under a third of what a SiteEntry in a Map took', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const sites = 100_000;
    // Targets of the length of real names; the strings exist in a scan either way (its input).
    const targets = Array.from({ length: sites }, (_, i) => `www.site-${i}.example.gov.cn`);
    const entryOf = (index: number): SiteEntry => ({
      index,
      target: targets[index]!,
      host: targets[index]!,
      verdict: index % 2 === 0 ? 'compliant' : 'error',
      score: index % 101,
      category: `category ${index % 7}`,
      owner: `owner ${index % 13}`,
      scanned_at: new Date(1_750_000_000_000 + index * 37).toISOString(),
      locator: { file: join(dir, 'sites.jsonl'), offset: index * 900, length: 899 },
    });
    const bytesPerSite = (fill: () => unknown): number => {
      gc();
      const before = process.memoryUsage().heapUsed;
      const kept = fill();
      gc();
      const after = process.memoryUsage().heapUsed;
      expect(kept).toBeDefined();
      return (after - before) / sites;
    };
    const compact = bytesPerSite(() => {
      const store = new FinishedSites();
      for (let index = 0; index < sites; index += 1) store.set(targets[index]!, entryOf(index));
      return store;
    });
    const objects = bytesPerSite(() => {
      const map = new Map<string, SiteEntry>();
      for (let index = 0; index < sites; index += 1) map.set(targets[index]!, entryOf(index));
      return map;
    });
    expect(compact).toBeLessThan(100);
    expect(compact).toBeLessThan(objects / 3);
  });
});
