/**
 * An .xlsx workbook of tables, written as it goes: each sheet has a bold header row that is
 * frozen and filtered, set column widths and number formats, and every cell below it top-aligned
 * and wrapped. A row is XML the moment it is added and is deflated into the zip a batch at a
 * time; the parts that list the sheets and styles come last, once they are known (a zip's
 * entries may come in any order).
 *
 * Cells: a string is an inline string (no shared-string table to hold), without the characters
 * XML forbids, cut to Excel's 32,767 characters (the last an ellipsis), and never a formula (no
 * cell is written with a formula). A number must be finite, a date falls in Excel's 1900 date
 * system (1900-03-01 to 9999-12-31); anything else, null and '' are empty cells that keep their
 * column's style.
 *
 * Excel shows at most 1,048,576 rows a sheet: a table that grows past that goes on in a sheet of
 * the same name with " (2)", " (3)" ..., its header repeated.
 */
import { createReadStream } from 'node:fs';
import { mkdtemp, open, rm, type FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchedFileWriter } from './write-atomically.ts';
import { XlsxStyles } from './xlsx-styles.ts';
import { xmlAllowed, xmlEscape } from './xml-text.ts';
import { DeflatingWriter, ZipWriter, type ByteSink, type DeflatedSize } from './zip-writer.ts';

export interface XlsxColumn {
  header: string;
  /** In characters of the default font, as Excel counts a column's width. */
  width: number;
  /** An Excel number format code ('@' text, '0.0', 'yyyy-mm-dd hh:mm:ss', ...). */
  numFmt?: string;
}

export type XlsxCell = string | number | Date | null;

export interface XlsxWorkbookOptions {
  /** docProps/app.xml's application; docProps/core.xml's creator and created date. */
  application: string;
  creator: string;
  createdAt: Date;
  /** When the file is written; now when not given. */
  modifiedAt?: Date;
  /** Rows a sheet holds, header included, before the table goes on in the next sheet. */
  maxRowsPerSheet?: number;
  /** Where deferred sheets wait, in a directory of their own; the OS's temporary directory. */
  temporaryDir?: string;
}

/** A table being written. */
export interface XlsxSheet {
  addRow(cells: readonly XlsxCell[]): Promise<void>;
  close(): Promise<void>;
}

/** Excel's limits: rows a sheet, characters a cell, characters a sheet name. */
export const EXCEL_MAX_ROWS = 1_048_576;
export const EXCEL_MAX_CELL_CHARS = 32_767;
const EXCEL_MAX_SHEET_NAME_CHARS = 31;
const MS_PER_DAY = 86_400_000;
/** Excel's serial of 1970-01-01 in the 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569;
/** 1900-03-01: before it the 1900 system counts a 29 February that never was. */
const FIRST_TRUE_SERIAL = 61;
/** 10000-01-01, the first day Excel cannot show. */
const END_SERIAL = 2_958_466;

/** What a string needs more than copying for: see xml-text.ts, and edge whitespace. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NOT_PLAIN = /[\0-\x08\x0B-\x1F&<>"\uD800-\uDFFF\uFFFE\uFFFF]|^\s|\s$/;

const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELATIONSHIP_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PACKAGE_RELATIONSHIP_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** One sheet of the workbook as it is listed in xl/workbook.xml. */
interface SheetPart {
  name: string;
  /** Its zip entry, xl/worksheets/sheetN.xml. */
  path: string;
  columns: number;
  lastRow: number;
}

/** Where a sheet part's XML goes: the zip itself, or a file until the zip is free. */
interface PartBody {
  write(chunk: string): Promise<void>;
  close(): Promise<void>;
}

export class XlsxWorkbookWriter {
  private readonly zip: ZipWriter;
  private readonly styles = new XlsxStyles();
  /** Every sheet part in the order the workbook lists them, grouped by the table they hold. */
  private readonly tables: SheetPart[][] = [];
  private readonly sheetNames = new Set<string>();
  private readonly openSheets = new Set<XlsxSheet>();
  private readonly spillHandles = new Set<FileHandle>();
  private spillDir: string | undefined;
  private partsMade = 0;
  private readonly maxRowsPerSheet: number;
  private readonly modifiedAt: Date;

  constructor(
    sink: ByteSink,
    private readonly options: XlsxWorkbookOptions,
  ) {
    this.modifiedAt = options.modifiedAt ?? new Date();
    this.zip = new ZipWriter(sink, { modifiedAt: this.modifiedAt });
    this.maxRowsPerSheet = options.maxRowsPerSheet ?? EXCEL_MAX_ROWS;
    if (this.maxRowsPerSheet < 2) throw new Error('xlsx: a sheet needs room for a row');
  }

  /** A sheet written straight into the zip: it must be closed before another sheet opens. */
  async openSheet(name: string, columns: readonly XlsxColumn[]): Promise<XlsxSheet> {
    return this.sheet(name, columns, (path) => this.zip.open(path));
  }

  /**
   * A sheet whose rows may be added while another sheet is being written: they are deflated into
   * a temporary file, which joins the zip when this sheet is closed (no sheet may be open then).
   */
  async openDeferredSheet(name: string, columns: readonly XlsxColumn[]): Promise<XlsxSheet> {
    const spilled: { path: string; file: string; size: DeflatedSize }[] = [];
    return this.sheet(
      name,
      columns,
      (path) => this.spilledBody(path, (file, size) => spilled.push({ path, file, size })),
      async () => {
        for (const { path, file, size } of spilled) {
          await this.zip.addDeflated(path, size, createReadStream(file));
          await rm(file);
        }
      },
    );
  }

  /** Ends the workbook; every sheet must have been closed. */
  async close(): Promise<void> {
    if (this.openSheets.size > 0) throw new Error('xlsx: a sheet is still open');
    const parts = this.tables.flat();
    await this.zip.add('[Content_Types].xml', contentTypes(parts));
    await this.zip.add('_rels/.rels', packageRelationships());
    await this.zip.add('docProps/core.xml', coreProperties(this.options, this.modifiedAt));
    await this.zip.add('docProps/app.xml', appProperties(this.options.application));
    await this.zip.add('xl/workbook.xml', workbookXml(parts));
    await this.zip.add('xl/_rels/workbook.xml.rels', workbookRelationships(parts));
    await this.zip.add('xl/styles.xml', this.styles.xml());
    await this.zip.finish();
    await this.discard();
  }

  /** Lets go of the temporary files (the sink is the caller's). */
  async discard(): Promise<void> {
    for (const handle of this.spillHandles) await handle.close().catch(() => undefined);
    this.spillHandles.clear();
    if (this.spillDir) await rm(this.spillDir, { recursive: true, force: true });
    this.spillDir = undefined;
  }

  private async sheet(
    name: string,
    columns: readonly XlsxColumn[],
    openBody: (path: string) => Promise<PartBody>,
    afterLastPart: () => Promise<void> = async () => undefined,
  ): Promise<XlsxSheet> {
    const parts: SheetPart[] = [];
    this.tables.push(parts);
    const layout = new SheetLayout(columns, this.styles);
    const startPart = async (): Promise<{ part: SheetPart; body: PartBody }> => {
      const partName =
        parts.length === 0 ? name : continuedName(name, parts.length + 1, this.sheetNames);
      this.claimName(partName);
      this.partsMade += 1;
      const part: SheetPart = {
        name: partName,
        path: `xl/worksheets/sheet${this.partsMade}.xml`,
        columns: columns.length,
        lastRow: 1,
      };
      parts.push(part);
      const body = await openBody(part.path);
      await body.write(layout.head(this.partsMade === 1));
      return { part, body };
    };
    let current = await startPart();
    const sheet: XlsxSheet = {
      addRow: async (cells) => {
        if (current.part.lastRow >= this.maxRowsPerSheet) {
          await current.body.write(layout.tail(current.part.lastRow));
          await current.body.close();
          current = await startPart();
        }
        current.part.lastRow += 1;
        await current.body.write(layout.row(current.part.lastRow, cells));
      },
      close: async () => {
        await current.body.write(layout.tail(current.part.lastRow));
        await current.body.close();
        await afterLastPart();
        this.openSheets.delete(sheet);
      },
    };
    this.openSheets.add(sheet);
    return sheet;
  }

  /** A part deflated into a file, handed to `spilled` once whole. */
  private async spilledBody(
    path: string,
    spilled: (file: string, size: DeflatedSize) => void,
  ): Promise<PartBody> {
    this.spillDir ??= await mkdtemp(join(this.options.temporaryDir ?? tmpdir(), 'v6ready-xlsx-'));
    const file = join(this.spillDir, `${this.partsMade}.deflated`);
    const handle = await open(file, 'wx');
    this.spillHandles.add(handle);
    const fileWriter = new BatchedFileWriter(handle);
    const body = new DeflatingWriter(fileWriter, path);
    return {
      write: (chunk) => body.write(chunk),
      close: async () => {
        const size = await body.end();
        await fileWriter.flush();
        await handle.close();
        this.spillHandles.delete(handle);
        spilled(file, size);
      },
    };
  }

  private claimName(name: string): void {
    if (
      name.length === 0 ||
      name.length > EXCEL_MAX_SHEET_NAME_CHARS ||
      /[:\\/?*[\]]/.test(name) ||
      name.startsWith("'") ||
      name.endsWith("'")
    ) {
      throw new Error(`xlsx: Excel does not allow the sheet name ${JSON.stringify(name)}`);
    }
    const key = name.toLowerCase();
    if (this.sheetNames.has(key)) throw new Error(`xlsx: two sheets named ${name}`);
    this.sheetNames.add(key);
  }
}

/** What every part of one table shares: its columns' XML, styles and cell references. */
class SheetLayout {
  private readonly letters: string[];
  /** Per column, a cell's markup up to its row number, and from there up to its type. */
  private readonly cellOpenings: string[];
  private readonly cellStyles: string[];
  private readonly headerStyles: number[];
  private readonly rowStyle: number;
  private readonly headerRowStyle: number;
  private readonly colsXml: string;
  private readonly headerCells: string;

  constructor(
    private readonly columns: readonly XlsxColumn[],
    styles: XlsxStyles,
  ) {
    if (columns.length === 0) throw new Error('xlsx: a sheet needs a column');
    this.letters = columns.map((_, at) => columnLetters(at));
    // Made once: a row is most of the writer's CPU, and a number in a template is a conversion.
    this.cellOpenings = this.letters.map((letters) => `<c r="${letters}`);
    this.cellStyles = columns.map(
      (column) => `" s="${styles.index({ numFmt: column.numFmt, topWrapped: true })}"`,
    );
    this.headerStyles = columns.map((column) =>
      styles.index({ numFmt: column.numFmt, bold: true }),
    );
    this.rowStyle = styles.index({ topWrapped: true });
    this.headerRowStyle = styles.index({ bold: true });
    // A column's own style (its number format) is what a cell typed in below the table gets.
    this.colsXml = columns
      .map((column, at) => {
        const style = column.numFmt ? ` style="${styles.index({ numFmt: column.numFmt })}"` : '';
        return `<col min="${at + 1}" max="${at + 1}" width="${column.width}"${style} customWidth="1"/>`;
      })
      .join('');
    this.headerCells = columns
      .map((column, at) =>
        this.cell(this.cellOpenings[at]!, '1', `" s="${this.headerStyles[at]}"`, column.header),
      )
      .join('');
  }

  /** Everything before the second row: the frozen pane, the widths, the header row. */
  head(selected: boolean): string {
    return [
      XML_DECLARATION,
      `<worksheet xmlns="${MAIN_NS}" xmlns:r="${RELATIONSHIP_NS}">`,
      `<sheetViews><sheetView${selected ? ' tabSelected="1"' : ''} workbookViewId="0">`,
      '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>',
      '<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>',
      '<sheetFormatPr defaultRowHeight="15"/>',
      `<cols>${this.colsXml}</cols><sheetData>`,
      `<row r="1" s="${this.headerRowStyle}" customFormat="1">${this.headerCells}</row>`,
    ].join('');
  }

  row(rowNumber: number, cells: readonly XlsxCell[]): string {
    const row = String(rowNumber);
    let xml = `<row r="${row}" s="${this.rowStyle}" customFormat="1">`;
    const count = Math.min(cells.length, this.columns.length);
    for (let at = 0; at < count; at += 1) {
      xml += this.cell(this.cellOpenings[at]!, row, this.cellStyles[at]!, cells[at] ?? null);
    }
    return `${xml}</row>`;
  }

  /** The end of the part: the filter over the whole table, then the page setup. */
  tail(lastRow: number): string {
    return (
      `</sheetData><autoFilter ref="${filterRange(this.columns.length, lastRow)}"/>` +
      '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
      '</worksheet>'
    );
  }

  /** `<c r="` + column letters, the row number, `" s="` + style + `"`, and the value. */
  private cell(opening: string, row: string, style: string, value: XlsxCell): string {
    if (typeof value === 'string') {
      // Most strings need nothing done: one test lets them through as they are.
      if (value.length <= EXCEL_MAX_CELL_CHARS && !NOT_PLAIN.test(value)) {
        return value === ''
          ? `${opening}${row}${style}/>`
          : `${opening}${row}${style} t="inlineStr"><is><t>${value}</t></is></c>`;
      }
      const text = cellText(value);
      if (text === '') return `${opening}${row}${style}/>`;
      // Without it a reader may drop leading and trailing spaces and line breaks.
      const space = /^\s|\s$/.test(text) ? ' xml:space="preserve"' : '';
      return `${opening}${row}${style} t="inlineStr"><is><t${space}>${xmlEscape(text)}</t></is></c>`;
    }
    const number = value instanceof Date ? dateSerial(value) : value;
    if (number === null || !Number.isFinite(number)) return `${opening}${row}${style}/>`;
    return `${opening}${row}${style}><v>${number}</v></c>`;
  }
}

/** A string as a cell holds it: what XML allows, at most Excel's 32,767 characters. */
export function cellText(value: string): string {
  const text = xmlAllowed(value);
  if (text.length <= EXCEL_MAX_CELL_CHARS) return text;
  let end = EXCEL_MAX_CELL_CHARS - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1; // keep a surrogate pair whole
  return `${text.slice(0, end)}…`;
}

/** The date as an Excel serial (days since 1899-12-30, UTC), or null outside what Excel shows. */
export function dateSerial(date: Date): number | null {
  const serial = date.getTime() / MS_PER_DAY + UNIX_EPOCH_SERIAL;
  return serial >= FIRST_TRUE_SERIAL && serial < END_SERIAL ? serial : null;
}

/** A, B, ... Z, AA, AB, ...: the letters of the column at a 0-based position. */
export function columnLetters(position: number): string {
  let letters = '';
  for (let rest = position + 1; rest > 0; rest = Math.floor((rest - 1) / 26)) {
    letters = String.fromCharCode(65 + ((rest - 1) % 26)) + letters;
  }
  return letters;
}

function filterRange(columns: number, lastRow: number): string {
  return `A1:${columnLetters(columns - 1)}${lastRow}`;
}

/** "Sites (2)": the name of a table's next sheet, cut so that it stays within 31 characters. */
function continuedName(name: string, part: number, taken: ReadonlySet<string>): string {
  for (let number = part; ; number += 1) {
    const suffix = ` (${number})`;
    const candidate = `${name.slice(0, EXCEL_MAX_SHEET_NAME_CHARS - suffix.length)}${suffix}`;
    if (!taken.has(candidate.toLowerCase())) return candidate;
  }
}

function contentTypes(parts: readonly SheetPart[]): string {
  const office = 'application/vnd.openxmlformats-officedocument';
  const overrides = [
    ['/xl/workbook.xml', `${office}.spreadsheetml.sheet.main+xml`],
    ...parts.map((part) => [`/${part.path}`, `${office}.spreadsheetml.worksheet+xml`]),
    ['/xl/styles.xml', `${office}.spreadsheetml.styles+xml`],
    ['/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'],
    ['/docProps/app.xml', `${office}.extended-properties+xml`],
  ];
  return [
    XML_DECLARATION,
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">',
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>',
    '<Default Extension="xml" ContentType="application/xml"/>',
    ...overrides.map(([name, type]) => `<Override PartName="${name}" ContentType="${type}"/>`),
    '</Types>',
  ].join('');
}

function packageRelationships(): string {
  const types = 'http://schemas.openxmlformats.org';
  return relationships([
    [`${types}/officeDocument/2006/relationships/officeDocument`, 'xl/workbook.xml'],
    [`${types}/package/2006/relationships/metadata/core-properties`, 'docProps/core.xml'],
    [`${types}/officeDocument/2006/relationships/extended-properties`, 'docProps/app.xml'],
  ]);
}

function workbookRelationships(parts: readonly SheetPart[]): string {
  return relationships([
    ...parts.map((part): [string, string] => [
      `${RELATIONSHIP_NS}/worksheet`,
      part.path.slice('xl/'.length),
    ]),
    [`${RELATIONSHIP_NS}/styles`, 'styles.xml'],
  ]);
}

/** A relationships part; the sheets' ids are rId1 ... in order (workbook.xml relies on it). */
function relationships(targets: readonly [type: string, target: string][]): string {
  return [
    XML_DECLARATION,
    `<Relationships xmlns="${PACKAGE_RELATIONSHIP_NS}">`,
    ...targets.map(
      ([type, target], at) =>
        `<Relationship Id="rId${at + 1}" Type="${type}" Target="${xmlEscape(target)}"/>`,
    ),
    '</Relationships>',
  ].join('');
}

function workbookXml(parts: readonly SheetPart[]): string {
  // Excel keeps a filter's range in this hidden name too, and writes it whenever it saves one.
  const filterNames = parts.map((part, at) => {
    const sheet = `'${part.name.replace(/'/g, "''")}'`;
    const range = filterRange(part.columns, part.lastRow).replace(/([A-Z]+)(\d+)/g, '$$$1$$$2');
    return `<definedName name="_xlnm._FilterDatabase" localSheetId="${at}" hidden="1">${xmlEscape(`${sheet}!${range}`)}</definedName>`;
  });
  return [
    XML_DECLARATION,
    `<workbook xmlns="${MAIN_NS}" xmlns:r="${RELATIONSHIP_NS}">`,
    '<bookViews><workbookView activeTab="0"/></bookViews><sheets>',
    ...parts.map(
      (part, at) =>
        `<sheet name="${xmlEscape(part.name)}" sheetId="${at + 1}" r:id="rId${at + 1}"/>`,
    ),
    '</sheets>',
    filterNames.length > 0 ? `<definedNames>${filterNames.join('')}</definedNames>` : '',
    '</workbook>',
  ].join('');
}

function coreProperties(options: XlsxWorkbookOptions, modifiedAt: Date): string {
  const stamp = (element: string, date: Date) =>
    Number.isNaN(date.getTime())
      ? ''
      : `<dcterms:${element} xsi:type="dcterms:W3CDTF">${date.toISOString().replace(/\.\d{3}Z$/, 'Z')}</dcterms:${element}>`;
  return [
    XML_DECLARATION,
    '<cp:coreProperties',
    ' xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"',
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<dc:creator>${xmlEscape(options.creator)}</dc:creator>`,
    stamp('created', options.createdAt),
    stamp('modified', modifiedAt),
    '</cp:coreProperties>',
  ].join('');
}

function appProperties(application: string): string {
  return [
    XML_DECLARATION,
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">',
    `<Application>${xmlEscape(application)}</Application>`,
    '</Properties>',
  ].join('');
}
