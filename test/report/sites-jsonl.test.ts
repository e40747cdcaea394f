import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SiteLoader, siteEntry } from '../../src/report/site-entry.ts';
import { readSitesJsonlLines, SitesJsonlWriter } from '../../src/report/sites-jsonl.ts';
import { siteReport } from './report-builders.ts';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-jsonl-'));
  path = join(dir, 'sites.jsonl');
});

/** The valid lines in file order, and how many lines were not a site. */
async function readLines(file: string) {
  const skipped = { lines: 0 };
  const lines = [];
  for await (const line of readSitesJsonlLines(file, skipped)) lines.push(line);
  return { sites: lines.map((line) => line.site), lines, skippedLines: skipped.lines };
}

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sites.jsonl', () => {
  it('appends one line per site in finishing order and reads them back', async () => {
    const writer = new SitesJsonlWriter(path);
    await Promise.all([2, 0, 1].map((index) => writer.append(siteReport({ index }))));
    await writer.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    const { sites, skippedLines } = await readLines(path);
    expect(sites.map((site) => site.index)).toEqual([2, 0, 1]);
    expect(skippedLines).toBe(0);
  });

  it('says where each appended line lies, so a writer can read the site back later', async () => {
    await writeFile(path, `${JSON.stringify(siteReport({ index: 9 }))}\n{"index":1,"tar`);
    const writer = new SitesJsonlWriter(path);
    const sites = [0, 1, 2].map((index) => siteReport({ index, input: `https://s${index}.cn/` }));
    const locations = [];
    for (const site of sites) locations.push(await writer.append(site));
    await writer.close();
    const loader = new SiteLoader();
    for (const [position, location] of locations.entries()) {
      const site = sites[position]!;
      expect(await loader.load(siteEntry(site, location))).toEqual(site);
    }
    await loader.close();
    const { lines } = await readLines(path);
    expect(lines.slice(1).map((line) => line.location)).toEqual(locations);
  });

  it('tolerates a truncated last line left by a killed scan', async () => {
    const whole = JSON.stringify(siteReport({ index: 0 }));
    const half = JSON.stringify(siteReport({ index: 1 })).slice(0, 200);
    await writeFile(path, `${whole}\n${half}`);
    const { sites, skippedLines } = await readLines(path);
    expect(sites.map((site) => site.index)).toEqual([0]);
    expect(skippedLines).toBe(1);
  });

  it('resuming after a truncated line starts the next site on a fresh line', async () => {
    const whole = JSON.stringify(siteReport({ index: 0 }));
    await writeFile(path, `${whole}\n{"index":1,"tar`);
    const writer = new SitesJsonlWriter(path);
    await writer.append(siteReport({ index: 2 }));
    await writer.close();
    const { sites, skippedLines } = await readLines(path);
    expect(sites.map((site) => site.index)).toEqual([0, 2]);
    expect(skippedLines).toBe(1);
  });

  it('skips lines that are JSON but not a site object', async () => {
    await writeFile(path, '{"hello":1}\n[1,2]\n');
    await appendFile(path, `${JSON.stringify({ ...siteReport(), verdict: 'great' })}\n`);
    const { sites, skippedLines } = await readLines(path);
    expect(sites).toEqual([]);
    expect(skippedLines).toBe(3);
  });

  it('rejects with ENOENT when there is no file', async () => {
    await expect(readLines(join(dir, 'missing.jsonl'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
