import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, open, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchedFileWriter } from '../../src/report/write-atomically.ts';
import {
  columnLetters,
  EXCEL_MAX_CELL_CHARS,
  EXCEL_MAX_ROWS,
  XlsxWorkbookWriter,
  type XlsxCell,
  type XlsxColumn,
  type XlsxWorkbookOptions,
} from '../../src/report/xlsx-writer.ts';
import { haveOpenpyxl, readWithOpenpyxl } from '../support/openpyxl.ts';
import { readZip, zipText } from '../support/read-zip.ts';

/** Strings a scanned page can put in a cell, each with what the cell must hold. */
const HOSTILE_STRINGS: readonly { given: string; stored: string }[] = [
  { given: '<b>&amp; "quoted" \'single\' ]]> </t></is>', stored: '' },
  { given: '=HYPERLINK("http://attacker.example/","点此")', stored: '' },
  { given: '+1+2', stored: '' },
  { given: '-2-3', stored: '' },
  { given: '@SUM(A1:A2)', stored: '' },
  { given: '=1+1', stored: '' },
  {
    given: 'nul\u0000 bell\u0007 vt\u000b ff\u000c esc\u001b us\u001f end',
    stored: 'nul bell vt ff esc us end',
  },
  { given: 'tab\there\nnewline\r\ncrlf', stored: '' },
  { given: '  spaces around  ', stored: '' },
  {
    given: 'lone \ud800 high, lone \udc00 low, pair 🙂 kept',
    stored: 'lone  high, lone  low, pair 🙂 kept',
  },
  { given: 'non-characters \ufffe\uffff gone', stored: 'non-characters  gone' },
  { given: '杭州市人民政府 — 中文标题', stored: '' },
].map(({ given, stored }) => ({ given, stored: stored === '' ? given : stored }));

const LONG = 'x'.repeat(39_999) + 'y';
/** Cut where a surrogate pair would be split: the pair goes whole, not half. */
const LONG_EMOJI = `${'a'.repeat(EXCEL_MAX_CELL_CHARS - 2)}🙂${'b'.repeat(10)}`;

const COLUMNS: XlsxColumn[] = [
  { header: 'Text', width: 40, numFmt: '@' },
  { header: 'Number', width: 12, numFmt: '0.0' },
  { header: 'When', width: 20, numFmt: 'yyyy-mm-dd hh:mm:ss' },
  { header: 'Plain', width: 9 },
];
const OPTIONS: XlsxWorkbookOptions = {
  application: 'v6ready',
  creator: 'v6ready 9.9.9 <&>',
  createdAt: new Date('2026-12-02T08:00:00Z'),
};

let directory: string;
let workbookPath: string;
const workbook = new ExcelJS.Workbook();

/** Writes a workbook through a file, as report-writers does; returns its path. */
async function writeWorkbook(
  name: string,
  write: (workbook: XlsxWorkbookWriter) => Promise<void>,
  options: Partial<XlsxWorkbookOptions> = {},
): Promise<string> {
  const file = path.join(directory, name);
  const handle = await open(file, 'wx');
  const writer = new BatchedFileWriter(handle);
  const xlsx = new XlsxWorkbookWriter(writer, { ...OPTIONS, ...options });
  await write(xlsx);
  await xlsx.close();
  await writer.flush();
  await handle.close();
  return file;
}

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'v6ready-xlsx-writer-'));
  workbookPath = await writeWorkbook('hostile.xlsx', async (xlsx) => {
    const strings = await xlsx.openSheet('Strings', COLUMNS);
    for (const { given } of HOSTILE_STRINGS) await strings.addRow([given, null, null, null]);
    await strings.addRow([LONG]);
    await strings.addRow([LONG_EMOJI]);
    await strings.close();
    const values = await xlsx.openSheet('Values', COLUMNS);
    const rows: XlsxCell[][] = [
      ['finite', 12.5, new Date('2026-12-02T16:30:44Z'), 3],
      ['not finite', Number.NaN, new Date(Number.NaN), Number.POSITIVE_INFINITY],
      ['edges', -0, new Date('1900-02-28T00:00:00Z'), 1e21],
      ['empty', '', null, Number.NEGATIVE_INFINITY],
    ];
    for (const row of rows) await values.addRow(row);
    await values.close();
  });
  await workbook.xlsx.readFile(workbookPath);
});

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

describe('XlsxWorkbookWriter strings, read back by exceljs', () => {
  it('keeps every hostile string as a plain string value, never a formula', () => {
    const sheet = workbook.getWorksheet('Strings')!;
    HOSTILE_STRINGS.forEach(({ given, stored }, at) => {
      const cell = sheet.getRow(at + 2).getCell(1);
      expect(cell.type, JSON.stringify(given)).toBe(ExcelJS.ValueType.String);
      expect(cell.value, JSON.stringify(given)).toBe(stored);
    });
  });

  it('cuts a string to Excel’s 32,767 characters, the last an ellipsis, never half a pair', () => {
    const sheet = workbook.getWorksheet('Strings')!;
    const long = String(sheet.getRow(HOSTILE_STRINGS.length + 2).getCell(1).value);
    expect(long).toHaveLength(EXCEL_MAX_CELL_CHARS);
    expect(long).toBe(`${'x'.repeat(EXCEL_MAX_CELL_CHARS - 1)}…`);
    const emoji = String(sheet.getRow(HOSTILE_STRINGS.length + 3).getCell(1).value);
    expect(emoji).toBe(`${'a'.repeat(EXCEL_MAX_CELL_CHARS - 2)}…`);
  });

  it('writes no formula and no character XML forbids into any sheet', async () => {
    const entries = readZip(await readFile(workbookPath));
    for (const entry of entries.filter((one) => one.name.startsWith('xl/worksheets/'))) {
      const xml = entry.data.toString('utf8');
      expect(xml, entry.name).not.toMatch(/<f[ >]/);
      // eslint-disable-next-line no-control-regex -- control characters are what it looks for
      expect(xml, entry.name).not.toMatch(/[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/);
      expect(xml, entry.name).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }
    // Excel drops a value's edge spaces unless its text says to keep them.
    expect(zipText(entries, 'xl/worksheets/sheet1.xml')).toContain(
      '<t xml:space="preserve">  spaces around  </t>',
    );
  });
});

describe('XlsxWorkbookWriter numbers and dates, read back by exceljs', () => {
  const cells = (row: number) => {
    const sheet = workbook.getWorksheet('Values')!;
    return [1, 2, 3, 4].map((column) => sheet.getRow(row).getCell(column));
  };

  it('writes finite numbers as numbers and dates as dates in their number formats', () => {
    const [, number, date, plain] = cells(2);
    expect(number!.value).toBe(12.5);
    expect(number!.numFmt).toBe('0.0');
    expect(date!.value).toEqual(new Date('2026-12-02T16:30:44Z'));
    expect(date!.numFmt).toBe('yyyy-mm-dd hh:mm:ss');
    expect(plain!.value).toBe(3);
    expect(cells(4)[3]!.value).toBe(1e21);
    expect(cells(4)[1]!.value).toBe(0);
  });

  it('leaves NaN, infinities, an invalid date, a date before 1900-03-01, null and "" empty', () => {
    for (const cell of [...cells(3).slice(1), cells(4)[2]!, ...cells(5).slice(1)]) {
      expect(cell.value, cell.address).toBeNull();
      // The empty cell keeps its column's style.
      expect(cell.alignment, cell.address).toEqual({ vertical: 'top', wrapText: true });
    }
  });
});

describe('XlsxWorkbookWriter layout', () => {
  it('freezes, filters and sizes each sheet, with a bold header and the creator', () => {
    for (const sheet of workbook.worksheets) {
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, topLeftCell: 'A2' });
      expect(sheet.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(sheet.getRow(2).getCell(1).font?.bold).toBeFalsy();
      expect(sheet.columns.map((column) => column.width)).toEqual([40, 12, 20, 9]);
    }
    expect(workbook.getWorksheet('Strings')!.autoFilter).toBe(`A1:D${HOSTILE_STRINGS.length + 3}`);
    expect(workbook.getWorksheet('Values')!.autoFilter).toBe('A1:D5');
    expect(workbook.creator).toBe(OPTIONS.creator);
    expect(workbook.created).toEqual(OPTIONS.createdAt);
  });

  it('names each filter range as Excel does, so that the filter shows', async () => {
    const xml = zipText(readZip(await readFile(workbookPath)), 'xl/workbook.xml');
    expect(xml).toContain(
      `<definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">'Values'!$A$1:$D$5</definedName>`,
    );
  });

  it('goes on in a sheet " (2)" with the header again when a table passes the row limit', async () => {
    const file = await writeWorkbook(
      'continued.xlsx',
      async (xlsx) => {
        const direct = await xlsx.openSheet('Sites', COLUMNS);
        const deferred = await xlsx.openDeferredSheet('Failing checks', COLUMNS);
        for (let row = 1; row <= 7; row += 1) {
          await direct.addRow([`site ${row}`, row]);
          await deferred.addRow([`check ${row}`, row]);
        }
        await direct.close();
        await deferred.close();
      },
      { maxRowsPerSheet: 4 },
    );
    const reread = new ExcelJS.Workbook();
    await reread.xlsx.readFile(file);
    expect(reread.worksheets.map((sheet) => sheet.name)).toEqual([
      'Sites',
      'Sites (2)',
      'Sites (3)',
      'Failing checks',
      'Failing checks (2)',
      'Failing checks (3)',
    ]);
    const texts = reread.worksheets.map((sheet) =>
      sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row[1]] : [])),
    );
    expect(texts[0]).toEqual(['Text', 'site 1', 'site 2', 'site 3']);
    expect(texts[2]).toEqual(['Text', 'site 7']);
    expect(texts[5]).toEqual(['Text', 'check 7']);
    expect(reread.worksheets[2]!.autoFilter).toBe('A1:D2');
    expect(EXCEL_MAX_ROWS).toBe(1_048_576);
  });

  it('refuses a sheet name Excel refuses, and a second sheet of the same name', async () => {
    await expect(
      writeWorkbook('bad-name.xlsx', async (xlsx) => {
        await xlsx.openSheet('a/b', COLUMNS);
      }),
    ).rejects.toThrow(/does not allow the sheet name "a\/b"/);
    await expect(
      writeWorkbook('long-name.xlsx', async (xlsx) => {
        await xlsx.openSheet('x'.repeat(32), COLUMNS);
      }),
    ).rejects.toThrow(/does not allow/);
    await expect(
      writeWorkbook('twice.xlsx', async (xlsx) => {
        await (await xlsx.openSheet('Sites', COLUMNS)).close();
        await xlsx.openSheet('SITES', COLUMNS);
      }),
    ).rejects.toThrow(/two sheets named SITES/);
  });

  it('leaves no temporary file behind, closed or discarded', async () => {
    const temporaryDir = await mkdtemp(path.join(directory, 'spill-'));
    const sink = { writeBytes: async () => undefined };
    for (const end of ['close', 'discard'] as const) {
      const xlsx = new XlsxWorkbookWriter(sink, { ...OPTIONS, temporaryDir });
      const sites = await xlsx.openSheet('Sites', COLUMNS);
      const failing = await xlsx.openDeferredSheet('Failing', COLUMNS);
      await failing.addRow(['waits in a file']);
      await sites.addRow(['x']);
      expect(await readdir(temporaryDir), end).toHaveLength(1);
      if (end === 'close') {
        await sites.close();
        await failing.close();
        await xlsx.close();
      } else {
        await xlsx.discard();
      }
      expect(await readdir(temporaryDir), end).toEqual([]);
    }
  });
});

describe('columnLetters', () => {
  it('counts A..Z, AA.., as Excel names columns', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702, 16_383].map(columnLetters)).toEqual([
      'A',
      'Z',
      'AA',
      'AB',
      'AZ',
      'BA',
      'ZZ',
      'AAA',
      'XFD',
    ]);
  });
});

describe.skipIf(!haveOpenpyxl)('XlsxWorkbookWriter read back by openpyxl', () => {
  it('holds the same strings, numbers, dates and empty cells as exceljs reads', async () => {
    const book = await readWithOpenpyxl(workbookPath);
    expect(book.sheets.map((sheet) => sheet.name)).toEqual(['Strings', 'Values']);
    const strings = book.sheets[0]!.rows.map((row) => row[0]!);
    HOSTILE_STRINGS.forEach(({ stored }, at) => {
      expect(strings[at + 1]!.slice(0, 2), JSON.stringify(stored)).toEqual([stored, 's']);
    });
    expect(strings[HOSTILE_STRINGS.length + 1]![0]).toBe(
      `${'x'.repeat(EXCEL_MAX_CELL_CHARS - 1)}…`,
    );
    const values = book.sheets[1]!.rows.map((row) => row.map((cell) => cell[0]));
    expect(values.slice(1)).toEqual([
      ['finite', 12.5, 'date:2026-12-02T16:30:44', 3],
      ['not finite', null, null, null],
      ['edges', 0, null, 1e21],
      ['empty', null, null, null],
    ]);
  });

  it('sees the frozen header, the filter, the widths, the number formats and the styles', async () => {
    const book = await readWithOpenpyxl(workbookPath);
    for (const sheet of book.sheets) {
      expect(sheet.freeze_panes).toBe('A2');
      expect(sheet.widths).toEqual({ A: 40, B: 12, C: 20, D: 9 });
      const [header, first] = sheet.rows;
      expect(header!.map((cell) => cell[3])).toEqual([true, true, true, true]);
      expect(first!.map((cell) => cell[2])).toEqual(['@', '0.0', 'yyyy-mm-dd hh:mm:ss', 'General']);
      for (const cell of first!) expect(cell.slice(3)).toEqual([false, 'top', true]);
    }
    expect(book.sheets[1]!.auto_filter).toBe('A1:D5');
    expect(book.creator).toBe(OPTIONS.creator);
    expect(book.created).toBe('2026-12-02T08:00:00');
  });
});

const UNZIP = '/usr/bin/unzip';
describe.skipIf(!existsSync(UNZIP))('the workbook as a zip', () => {
  it('passes unzip -t', () => {
    expect(execFileSync(UNZIP, ['-t', workbookPath], { encoding: 'utf8' })).toMatch(
      /No errors detected/,
    );
  });
});
