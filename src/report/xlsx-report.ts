import type ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';

/** The zip entry stream a sheet writes into: readable-stream's, without `writableNeedDrain`. */
type ZipEntry = Writable & { _writableState?: { needDrain?: boolean } };
import { CHECK_IDS } from '../checks/check-table.ts';
import type { Reason } from '../i18n/phrases.ts';
import { renderPhrase } from '../i18n/render.ts';
import type { Terms } from '../i18n/terms.ts';
import { groupShares, overallShare, type GroupShare } from './group-shares.ts';
import { reasonsIn } from './html/html-site-view.ts';
import type { ReportHeader, SiteReport } from './report-types.ts';
import { NO_GROUP_KEY } from './summary.ts';

/** The column set of one sheet: header, width, and how the values are shown. */
interface Column {
  header: string;
  width: number;
  /** '@' keeps addresses, hosts and names as text; a date format shows a real date. */
  numFmt?: string;
}

type CellValue = string | number | Date | null;

/** report.xlsx being written: a site's rows go out as it is added, and are let go. */
export interface XlsxReport {
  add(site: SiteReport): Promise<void>;
  /** Ends the sheets and the workbook; the file at `path` is whole once this resolves. */
  commit(): Promise<void>;
  /** Gives up: removes what the report holds aside (the file at `path` is the caller's). */
  discard(): Promise<void>;
}

/**
 * report.xlsx with exceljs's streaming writer (rows are written and let go as the sites stream
 * in): a summary sheet by category and by owner, every site, and the checks that kept a site from
 * compliant with their reasons. Frozen header, filters and widths on every sheet; Chinese
 * headers with --lang zh. Every scanned string goes in as a string value, which a spreadsheet
 * never runs as a formula (a cell holds a formula only when it is written as one).
 */
export async function openXlsxReport(
  path: string,
  header: ReportHeader,
  terms: Terms,
  baseline?: ReportHeader,
): Promise<XlsxReport> {
  // Loaded on use, and only the streaming writer: all of exceljs (its reader, unzipper, csv)
  // costs a few hundred ms of start-up that merge, diff and a scan that fails early should not
  // pay. exceljs 4 has no "exports" map, so the deep path is its own module file.
  const { default: WorkbookWriter } = await import('exceljs/lib/stream/xlsx/workbook-writer.js');
  const workbook = new WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = `${header.tool.name} ${header.tool.version}`;
  workbook.created = new Date(header.finished_at);
  const words = terms.report;
  const columns = words.columns;

  const summary = sheet(workbook, words.sheets.summary, [
    { header: columns.group, width: 34, numFmt: '@' },
    { header: columns.total, width: 10 },
    { header: columns.measured, width: 12 },
    { header: terms.verdicts.compliant, width: 12 },
    { header: terms.verdicts.partial, width: 12 },
    { header: terms.verdicts.non_compliant, width: 12 },
    { header: terms.verdicts.unreachable, width: 12 },
    { header: terms.verdicts.error, width: 10 },
    { header: words.compliantShare, width: 14, numFmt: '0.0"%"' },
    { header: words.meanScore, width: 14, numFmt: '0.0' },
    ...(baseline
      ? [
          { header: columns.baselineShare, width: 16, numFmt: '0.0"%"' },
          { header: columns.change, width: 14, numFmt: '+0.0;-0.0;0.0' },
        ]
      : []),
  ]);
  const groupRow = (label: string, group: GroupShare): CellValue[] => [
    label,
    group.total,
    group.measured,
    group.compliant,
    group.partial,
    group.nonCompliant,
    group.unreachable,
    group.error,
    group.compliantPercent,
    group.meanScore,
    ...(baseline ? [group.baselinePercent, group.changePoints] : []),
  ];
  await summary.add(groupRow(words.overview, overallShare(header.summary, baseline?.summary)));
  for (const [title, groups, baselineGroups] of [
    [columns.category, header.summary.by_category, baseline?.summary.by_category],
    [columns.owner, header.summary.by_owner, baseline?.summary.by_owner],
  ] as const) {
    for (const group of groupShares(groups, baselineGroups)) {
      await summary.add(
        groupRow(`${title}: ${group.key === NO_GROUP_KEY ? words.noGroup : group.key}`, group),
      );
    }
  }
  summary.commit();

  const siteSheet = sheet(workbook, words.sheets.sites, [
    { header: columns.index, width: 7 },
    { header: columns.name, width: 28, numFmt: '@' },
    { header: columns.target, width: 30, numFmt: '@' },
    { header: columns.host, width: 28, numFmt: '@' },
    { header: columns.unicodeHost, width: 24, numFmt: '@' },
    { header: columns.owner, width: 24, numFmt: '@' },
    { header: columns.category, width: 14, numFmt: '@' },
    { header: columns.rank, width: 8 },
    { header: columns.verdict, width: 12, numFmt: '@' },
    { header: columns.score, width: 10, numFmt: '0.0' },
    ...CHECK_IDS.map((id) => ({ header: terms.checks[id], width: 14, numFmt: '@' })),
    { header: columns.aaaa, width: 30, numFmt: '@' },
    { header: columns.a, width: 22, numFmt: '@' },
    { header: columns.v6Status, width: 12, numFmt: '@' },
    { header: columns.v4Status, width: 12, numFmt: '@' },
    { header: columns.similarity, width: 10, numFmt: '0.000' },
    { header: columns.l2Ratio, width: 12, numFmt: '0.000' },
    { header: columns.l3Ratio, width: 12, numFmt: '0.000' },
    { header: columns.reasons, width: 80, numFmt: '@' },
    { header: columns.scannedAt, width: 20, numFmt: 'yyyy-mm-dd hh:mm:ss' },
  ]);
  // The zip takes one sheet at a time: rows written to the failing-checks sheet while the sites
  // sheet is open would wait in memory until the whole sites sheet was done (tens of MB on a
  // large list). They wait in a file instead, and that sheet is written after the sites sheet.
  const spillDir = await mkdtemp(join(tmpdir(), 'v6ready-xlsx-'));
  const spillPath = join(spillDir, 'failing-checks.jsonl');
  const spill = createWriteStream(spillPath);
  let spillError: Error | undefined;
  spill.on('error', (error) => {
    spillError ??= error;
  });
  const failingColumns: Column[] = [
    { header: columns.index, width: 7 },
    { header: columns.name, width: 28, numFmt: '@' },
    { header: columns.host, width: 28, numFmt: '@' },
    { header: columns.owner, width: 24, numFmt: '@' },
    { header: columns.category, width: 14, numFmt: '@' },
    { header: columns.verdict, width: 12, numFmt: '@' },
    { header: columns.check, width: 14, numFmt: '@' },
    { header: columns.checkName, width: 26, numFmt: '@' },
    { header: columns.status, width: 10, numFmt: '@' },
    { header: columns.reason, width: 90, numFmt: '@' },
  ];

  const add = async (site: SiteReport): Promise<void> => {
    const figures = site.figures;
    await siteSheet.add([
      site.index + 1,
      site.name,
      site.target,
      site.host,
      site.unicode_host,
      site.owner,
      site.category,
      site.rank,
      terms.verdicts[site.verdict],
      site.score,
      ...CHECK_IDS.map((id) => {
        const status = site.checks[id]?.status;
        return status ? terms.statuses[status] : null;
      }),
      figures.aaaa.join('\n'),
      figures.a.join('\n'),
      figures.v6_status === null ? null : String(figures.v6_status),
      figures.v4_status === null ? null : String(figures.v4_status),
      figures.similarity,
      figures.l2_ratio,
      figures.l3_ratio,
      reasonsIn(site, terms).join('\n'),
      new Date(site.scanned_at),
    ]);
    const reasons: (Reason | string)[] = site.reason_codes ?? site.reasons;
    for (const reason of reasons) {
      const check = typeof reason === 'string' ? null : reason.check;
      const failingRow: CellValue[] = [
        site.index + 1,
        site.name,
        site.unicode_host ?? site.host ?? site.target,
        site.owner,
        site.category,
        terms.verdicts[site.verdict],
        check,
        check ? terms.checks[check] : null,
        check ? terms.statuses[site.checks[check].status] : null,
        typeof reason === 'string' ? reason : renderPhrase(reason, terms),
      ];
      spill.write(`${JSON.stringify(failingRow)}\n`);
    }
  };
  return {
    add,
    async commit() {
      try {
        siteSheet.commit();
        await new Promise<void>((resolve) => spill.end(resolve));
        if (spillError) throw spillError;
        const failing = sheet(workbook, words.sheets.failingChecks, failingColumns);
        const rows = createInterface({ input: createReadStream(spillPath), crlfDelay: Infinity });
        for await (const line of rows) await failing.add(JSON.parse(line) as CellValue[]);
        failing.commit();
        await workbook.commit();
      } finally {
        await rm(spillDir, { recursive: true, force: true });
      }
    },
    async discard() {
      spill.destroy();
      await rm(spillDir, { recursive: true, force: true });
    },
  };
}

/** A worksheet with its header row frozen, filtered and sized; rows are committed as added. */
function sheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: Column[],
): { add: (values: CellValue[]) => Promise<void>; commit: () => void } {
  const worksheet = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 0 }],
  });
  worksheet.columns = columns.map((column, at) => ({
    key: `c${at}`,
    header: column.header,
    width: column.width,
    ...(column.numFmt ? { style: { numFmt: column.numFmt } } : {}),
  }));
  worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const headerRow = worksheet.getRow(1);
  headerRow.font = { bold: true };
  headerRow.commit();
  // One style object per column, shared by every row: exceljs renders and looks up a style once
  // per object it has not seen, so a style made per cell costs that for every cell.
  const alignment: Partial<ExcelJS.Alignment> = { vertical: 'top', wrapText: true };
  const rowStyle: Partial<ExcelJS.Style> = { alignment };
  const cellStyles = columns.map((column): Partial<ExcelJS.Style> =>
    column.numFmt ? { numFmt: column.numFmt, alignment } : { alignment },
  );
  return {
    add: async (values) => {
      const row = worksheet.addRow(values.map((value) => value ?? null));
      // A Row keeps its style in `style` (its model's RowModel.style); the typings leave it out.
      (row as ExcelJS.Row & { style: Partial<ExcelJS.Style> }).style = rowStyle;
      for (let at = 0; at < values.length; at += 1) {
        row.getCell(at + 1).style = cellStyles[at] ?? rowStyle;
      }
      row.commit();
      // exceljs writes a committed row into the zip without waiting for it: rows made faster
      // than they are compressed would pile up in memory (40 MB at 40,000 sites). Wait for the
      // zip to take them when it says so. The sheet's stream (exceljs's StreamBuf) hands its
      // data to its pipes; the zip's entry (a readable-stream PassThrough, whose state is
      // `_writableState`) is the one pipe once that sheet is being zipped.
      const zipEntry = (worksheet as unknown as { stream: { pipes?: ZipEntry[] } }).stream
        .pipes?.[0];
      if (zipEntry?._writableState?.needDrain) await once(zipEntry, 'drain');
    },
    commit: () => worksheet.commit(),
  };
}
