import { mkdtemp, readFile, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readSitesJsonl, SitesJsonlWriter } from '../../src/report/sites-jsonl.ts';
import { siteReport } from './report-builders.ts';

let dir: string;
let path: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-jsonl-'));
  path = join(dir, 'sites.jsonl');
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('sites.jsonl', () => {
  it('appends one line per site and reads them back in input order', async () => {
    const writer = new SitesJsonlWriter(path);
    await Promise.all([2, 0, 1].map((index) => writer.append(siteReport({ index }))));
    await writer.close();
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    const { sites, skippedLines } = await readSitesJsonl(path);
    expect(sites.map((site) => site.index)).toEqual([0, 1, 2]);
    expect(skippedLines).toBe(0);
  });

  it('tolerates a truncated last line left by a killed scan', async () => {
    const whole = JSON.stringify(siteReport({ index: 0 }));
    const half = JSON.stringify(siteReport({ index: 1 })).slice(0, 200);
    await writeFile(path, `${whole}\n${half}`);
    const { sites, skippedLines } = await readSitesJsonl(path);
    expect(sites.map((site) => site.index)).toEqual([0]);
    expect(skippedLines).toBe(1);
  });

  it('keeps the later line when the same site appears twice', async () => {
    const writer = new SitesJsonlWriter(path);
    await writer.append(siteReport({ index: 5, verdict: 'unreachable', score: 0 }));
    await writer.append(siteReport({ index: 5, verdict: 'compliant', score: 100 }));
    await writer.close();
    const { sites } = await readSitesJsonl(path);
    expect(sites).toHaveLength(1);
    expect(sites[0]?.verdict).toBe('compliant');
  });

  it('resuming after a truncated line starts the next site on a fresh line', async () => {
    const whole = JSON.stringify(siteReport({ index: 0 }));
    await writeFile(path, `${whole}\n{"index":1,"tar`);
    const writer = new SitesJsonlWriter(path);
    await writer.append(siteReport({ index: 2 }));
    await writer.close();
    const { sites, skippedLines } = await readSitesJsonl(path);
    expect(sites.map((site) => site.index)).toEqual([0, 2]);
    expect(skippedLines).toBe(1);
  });

  it('skips lines that are JSON but not a site object', async () => {
    await writeFile(path, '{"hello":1}\n[1,2]\n');
    await appendFile(path, `${JSON.stringify({ ...siteReport(), verdict: 'great' })}\n`);
    const { sites, skippedLines } = await readSitesJsonl(path);
    expect(sites).toEqual([]);
    expect(skippedLines).toBe(3);
  });

  it('rejects with ENOENT when there is no file', async () => {
    await expect(readSitesJsonl(join(dir, 'missing.jsonl'))).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });
});
