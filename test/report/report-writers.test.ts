import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { termsFor } from '../../src/i18n/render.ts';
import type { Report, SiteReport } from '../../src/report/report-types.ts';
import { writeReportFormats } from '../../src/report/report-writers.ts';
import { sampleReport } from './sample-report.ts';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-writers-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The sites as a source that can be read once only, as a stream of sites.jsonl is. */
async function* once(sites: SiteReport[], failAfter = Infinity): AsyncGenerator<SiteReport> {
  for (const [position, site] of sites.entries()) {
    if (position === failAfter) throw new Error('disk gone');
    yield site;
  }
}

describe('writeReportFormats', () => {
  it('writes every format from one pass over the sites', async () => {
    const { sites, ...header }: Report = sampleReport();
    const written = await writeReportFormats(dir, header, once(sites), {
      formats: ['json', 'csv', 'html', 'xlsx', 'md'],
      terms: termsFor('zh'),
    });
    expect(written).toEqual(
      ['report.json', 'report.csv', 'report.html', 'report.xlsx', 'summary.md'].map((name) =>
        join(dir, name),
      ),
    );
    const json = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
    expect(json.sites).toEqual(sites);
    const csv = (await readFile(join(dir, 'report.csv'), 'utf8')).trimEnd().split('\r\n');
    expect(csv).toHaveLength(sites.length + 1);
    const html = await readFile(join(dir, 'report.html'), 'utf8');
    for (const site of sites) expect(html).toContain(`"target":"${site.target}"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(join(dir, 'report.xlsx'));
    expect(workbook.worksheets[1]?.rowCount).toBe(sites.length + 1);
    expect(await readFile(join(dir, 'summary.md'), 'utf8')).toMatch(/^# /);
  });

  it('writes summary.md alone without reading a site', async () => {
    const { sites, ...header } = sampleReport();
    const written = await writeReportFormats(dir, header, once(sites, 0), { formats: ['md'] });
    expect(written).toEqual([join(dir, 'summary.md')]);
  });

  it('leaves no file behind, temporary or whole, when the sites fail half-way', async () => {
    const { sites, ...header } = sampleReport();
    await expect(
      writeReportFormats(dir, header, once(sites, 2), {
        formats: ['json', 'csv', 'html', 'xlsx', 'md'],
      }),
    ).rejects.toThrow('disk gone');
    expect(await readdir(dir)).toEqual([]);
  });
});
