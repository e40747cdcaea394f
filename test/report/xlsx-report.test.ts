import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/checks/check-table.ts';
import { termsFor } from '../../src/i18n/render.ts';
import { writeReportFormats } from '../../src/report/report-writers.ts';
import type { Report } from '../../src/report/report-types.ts';
import { haveOpenpyxl, readWithOpenpyxl } from '../support/openpyxl.ts';
import { FORMULA_NAME, sampleReport } from './sample-report.ts';

let directory: string;
let report: Report;
const workbook = new ExcelJS.Workbook();

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'v6ready-xlsx-'));
  report = sampleReport();
  const { sites, ...header } = report;
  await writeReportFormats(directory, header, sites, {
    formats: ['xlsx'],
    terms: termsFor('zh'),
  });
  await workbook.xlsx.readFile(path.join(directory, 'report.xlsx'));
});

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

function headerOf(sheet: ExcelJS.Worksheet): string[] {
  return (sheet.getRow(1).values as unknown[]).slice(1).map(String);
}

describe('report.xlsx read back', () => {
  it('has the summary, sites and failing-checks sheets with Chinese names and headers', () => {
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
      '汇总',
      '全部网站',
      '未通过检测项',
    ]);
    const sites = workbook.getWorksheet('全部网站')!;
    expect(headerOf(sites).slice(0, 10)).toEqual([
      '序号',
      '网站名称',
      '检测目标',
      '域名',
      '域名（中文）',
      '主办单位',
      '类别',
      '排名',
      '检测结论',
      'IPv6 支持度得分',
    ]);
    expect(headerOf(sites)).toContain('二级链接 IPv6 支持度');
  });

  it('freezes the header row of every sheet and filters the whole table', () => {
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0], sheet.name).toMatchObject({ state: 'frozen', ySplit: 1 });
      const lastColumn = sheet.getColumn(headerOf(sheet).length).letter;
      expect(sheet.autoFilter, sheet.name).toBe(`A1:${lastColumn}${sheet.rowCount}`);
    }
    const sites = workbook.getWorksheet('全部网站')!;
    const widths = sites.columns.map((column) => column.width);
    expect(widths.slice(0, 10)).toEqual([7, 28, 30, 28, 24, 24, 14, 8, 12, 10]);
    expect(widths.at(-2)).toBe(80); // the reasons
    expect(workbook.getWorksheet('未通过检测项')!.getColumn(10).width).toBe(90);
  });

  it('holds one row per site in input order with verdicts, scores, a real date and addresses as text', () => {
    const sheet = workbook.getWorksheet('全部网站')!;
    expect(sheet.rowCount).toBe(report.sites.length + 1);
    const header = headerOf(sheet);
    const column = (name: string) => header.indexOf(name) + 1;
    report.sites.forEach((site, at) => {
      const row = sheet.getRow(at + 2);
      expect(row.getCell(1).value).toBe(site.index + 1);
      expect(row.getCell(column('检测结论')).value).toBe(termsFor('zh').verdicts[site.verdict]);
      expect(row.getCell(column('IPv6 支持度得分')).value).toBe(site.score);
      const scannedAt = row.getCell(column('检测时间')).value;
      expect(scannedAt).toBeInstanceOf(Date);
      expect((scannedAt as Date).toISOString()).toBe(new Date(site.scanned_at).toISOString());
    });
    const first = sheet.getRow(2).getCell(column('IPv6 地址（AAAA）'));
    expect(first.value).toBe(report.sites[0]!.figures.aaaa.join('\n'));
    expect(first.numFmt).toBe('@');
  });

  it('keeps a formula-looking site name as a plain string, never a formula', () => {
    const sheet = workbook.getWorksheet('全部网站')!;
    const cell = sheet.getRow(4).getCell(2);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.value).toBe(FORMULA_NAME);
  });

  it('lists each reason of each site that is not compliant, with the check and its Chinese name', () => {
    const sheet = workbook.getWorksheet('未通过检测项')!;
    const expected = report.sites.flatMap((site) => site.reason_codes ?? []);
    expect(sheet.rowCount - 1).toBe(expected.length);
    const checks = new Set(
      Array.from({ length: sheet.rowCount - 1 }, (_, at) => sheet.getRow(at + 2).getCell(7).value),
    );
    for (const reason of expected) if (reason.check) expect(checks).toContain(reason.check);
    expect(
      [...checks]
        .filter((check) => check !== null)
        .every((check) => CHECK_IDS.includes(check as never)),
    ).toBe(true);
  });

  it('sums the summary sheet to the report summary, per owner and per category', () => {
    const sheet = workbook.getWorksheet('汇总')!;
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, at) => sheet.getRow(at + 2));
    const byLabel = new Map(rows.map((row) => [String(row.getCell(1).value), row]));
    expect(byLabel.get('总览')?.getCell(2).value).toBe(report.sites.length);
    for (const [owner, group] of Object.entries(report.summary.by_owner)) {
      const label = `主办单位: ${owner === '(none)' ? '（未填写）' : owner}`;
      expect(byLabel.get(label)?.getCell(2).value, label).toBe(group.total);
      expect(byLabel.get(label)?.getCell(4).value, label).toBe(group.by_verdict.compliant);
    }
    expect(rows.filter((row) => String(row.getCell(1).value).startsWith('类别: '))).toHaveLength(
      Object.keys(report.summary.by_category).length,
    );
  });

  it('top-aligns and wraps every cell below the header, keeping each column its number format', () => {
    for (const sheet of workbook.worksheets) {
      const header = headerOf(sheet);
      for (let row = 2; row <= sheet.rowCount; row += 1) {
        for (let column = 1; column <= header.length; column += 1) {
          const cell = sheet.getRow(row).getCell(column);
          const where = `${sheet.name} ${cell.address}`;
          expect(cell.alignment, where).toEqual({ vertical: 'top', wrapText: true });
          expect(cell.numFmt, where).toBe(sheet.getRow(2).getCell(column).numFmt);
        }
      }
      expect(sheet.getRow(1).getCell(1).font?.bold, sheet.name).toBe(true);
    }
    const sites = workbook.getWorksheet('全部网站')!;
    const column = (name: string) => headerOf(sites).indexOf(name) + 1;
    expect(sites.getRow(2).getCell(column('IPv6 支持度得分')).numFmt).toBe('0.0');
    expect(sites.getRow(2).getCell(column('检测时间')).numFmt).toBe('yyyy-mm-dd hh:mm:ss');
  });
});

describe.skipIf(!haveOpenpyxl)('report.xlsx read back by openpyxl', () => {
  it('holds what exceljs reads, cell for cell, with the same number formats and no formula', async () => {
    const book = await readWithOpenpyxl(path.join(directory, 'report.xlsx'));
    expect(book.sheets.map((sheet) => sheet.name)).toEqual(
      workbook.worksheets.map((sheet) => sheet.name),
    );
    book.sheets.forEach((sheet, at) => {
      const read = workbook.worksheets[at]!;
      expect(sheet.rows, sheet.name).toHaveLength(read.rowCount);
      expect(sheet.freeze_panes, sheet.name).toBe('A2');
      expect(sheet.auto_filter, sheet.name).toBe(read.autoFilter);
      sheet.rows.forEach((row, rowAt) => {
        row.forEach(([value, dataType, numberFormat], columnAt) => {
          const cell = read.getRow(rowAt + 1).getCell(columnAt + 1);
          const where = `${sheet.name} ${cell.address}`;
          expect(dataType, where).not.toBe('f');
          expect(numberFormat, where).toBe(cell.numFmt ?? 'General');
          if (cell.value instanceof Date) {
            // openpyxl gives microseconds from the day fraction: the same instant within 1 ms.
            const instant = Date.parse(`${String(value).slice('date:'.length)}Z`);
            expect(Math.abs(instant - cell.value.getTime()), where).toBeLessThanOrEqual(1);
          } else {
            expect(value, where).toEqual(cell.value);
          }
        });
      });
    });
    const formulaLooking = book.sheets[1]!.rows[3]![1]!;
    expect(formulaLooking.slice(0, 2)).toEqual([FORMULA_NAME, 's']);
  });
});

describe('report.xlsx of many sites', () => {
  it('holds neither sheet in memory: rows wait for the zip, failing checks wait in a file', async () => {
    const many = 15_000;
    const [first] = sampleReport().sites.filter((site) => site.reasons.length > 0);
    const { sites: _sites, ...header } = sampleReport();
    function* sites() {
      for (let index = 0; index < many; index++) yield { ...first!, index };
    }
    const out = await mkdtemp(path.join(tmpdir(), 'v6ready-xlsx-many-'));
    try {
      const before = process.memoryUsage().arrayBuffers;
      let peak = before;
      const sampler = setInterval(() => {
        peak = Math.max(peak, process.memoryUsage().arrayBuffers);
      }, 10);
      try {
        await writeReportFormats(out, header, sites(), {
          formats: ['xlsx'],
          terms: termsFor('en'),
        });
      } finally {
        clearInterval(sampler);
      }
      // Unbounded, the two sheets' rows waited in buffers: ~15 MB at this count.
      expect(peak - before).toBeLessThan(6 * 1024 * 1024);
      const reread = new ExcelJS.Workbook();
      await reread.xlsx.readFile(path.join(out, 'report.xlsx'));
      const [, siteSheet, failingSheet] = reread.worksheets;
      expect(siteSheet!.rowCount).toBe(many + 1);
      expect(failingSheet!.rowCount).toBe(many * first!.reasons.length + 1);
      expect(failingSheet!.getRow(many * first!.reasons.length + 1).getCell(1).value).toBe(many);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  }, 60_000);
});
