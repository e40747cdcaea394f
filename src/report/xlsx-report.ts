import { CHECK_IDS } from '../checks/check-table.ts';
import type { Reason } from '../i18n/phrases.ts';
import { renderPhrase } from '../i18n/render.ts';
import type { Terms } from '../i18n/terms.ts';
import { groupShares, overallShare, type GroupShare } from './group-shares.ts';
import { reasonsIn } from './html/html-site-view.ts';
import type { ReportHeader, SiteReport } from './report-types.ts';
import { NO_GROUP_KEY } from './summary.ts';
import { XlsxWorkbookWriter, type XlsxCell } from './xlsx-writer.ts';
import type { ByteSink } from './zip-writer.ts';

/** report.xlsx being written: a site's rows go out as it is added, and are let go. */
export interface XlsxReport {
  add(site: SiteReport): Promise<void>;
  /** Ends the sheets and the workbook; the output is whole once this resolves. */
  commit(): Promise<void>;
  /** Gives up: removes what the report holds aside (the output is the caller's). */
  discard(): Promise<void>;
}

/**
 * report.xlsx, streamed (rows are written and let go as the sites stream in): a summary sheet by
 * category and by owner, every site, and the checks that kept a site from compliant with their
 * reasons. Frozen header, filters and widths on every sheet; Chinese headers with --lang zh.
 * Every scanned string goes in as a string value, which a spreadsheet never runs as a formula
 * (a cell holds a formula only when it is written as one; src/report/xlsx-writer.ts writes none).
 */
export async function openXlsxReport(
  output: ByteSink,
  header: ReportHeader,
  terms: Terms,
  baseline?: ReportHeader,
): Promise<XlsxReport> {
  const workbook = new XlsxWorkbookWriter(output, {
    application: header.tool.name,
    creator: `${header.tool.name} ${header.tool.version}`,
    createdAt: new Date(header.finished_at),
  });
  const words = terms.report;
  const columns = words.columns;

  const summary = await workbook.openSheet(words.sheets.summary, [
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
  const groupRow = (label: string, group: GroupShare): XlsxCell[] => [
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
  await summary.addRow(groupRow(words.overview, overallShare(header.summary, baseline?.summary)));
  for (const [title, groups, baselineGroups] of [
    [columns.category, header.summary.by_category, baseline?.summary.by_category],
    [columns.owner, header.summary.by_owner, baseline?.summary.by_owner],
  ] as const) {
    for (const group of groupShares(groups, baselineGroups)) {
      await summary.addRow(
        groupRow(`${title}: ${group.key === NO_GROUP_KEY ? words.noGroup : group.key}`, group),
      );
    }
  }
  await summary.close();

  const siteSheet = await workbook.openSheet(words.sheets.sites, [
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
  // The zip takes one sheet at a time: the failing checks' rows wait, deflated, in a temporary
  // file until the sites sheet is done, rather than in memory.
  const failing = await workbook.openDeferredSheet(words.sheets.failingChecks, [
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
  ]);

  const add = async (site: SiteReport): Promise<void> => {
    const figures = site.figures;
    await siteSheet.addRow([
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
      await failing.addRow([
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
      ]);
    }
  };
  return {
    add,
    async commit() {
      await siteSheet.close();
      await failing.close();
      await workbook.close();
    },
    discard: () => workbook.discard(),
  };
}
