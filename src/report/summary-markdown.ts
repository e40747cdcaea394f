import type { Terms } from '../i18n/terms.ts';
import { groupShares, overallShare, type GroupShare } from './group-shares.ts';
import type { ReportHeader } from './report-types.ts';
import { NO_GROUP_KEY } from './summary.ts';

/**
 * summary.md: the figures of the half-yearly filing (per owner and per category: sites,
 * measured, compliant share, change since the baseline), as Markdown tables that paste into a
 * document. Reads the report's summary only, so it never needs the sites in memory.
 */
export function summaryMarkdown(
  header: ReportHeader,
  terms: Terms,
  baseline?: ReportHeader,
): string {
  const words = terms.report;
  const overall = overallShare(header.summary, baseline?.summary);
  const lines = [
    `# ${words.title}`,
    '',
    `- ${words.scanned}: ${header.started_at} – ${header.finished_at}`,
    `- ${words.profile}: ${header.options.profile}`,
    `- ${words.tool}: ${header.tool.name} ${header.tool.version}`,
    ...(baseline ? [`- ${words.baseline}: ${baseline.started_at} – ${baseline.finished_at}`] : []),
    '',
    `## ${words.overview}`,
    '',
    ...table(
      [
        words.columns.total,
        words.sitesMeasured,
        terms.verdicts.compliant,
        words.compliantShare,
        words.meanScore,
        ...(baseline ? [words.columns.baselineShare, words.columns.change] : []),
      ],
      [
        [
          String(overall.total),
          String(overall.measured),
          String(overall.compliant),
          percent(overall.compliantPercent),
          number(overall.meanScore),
          ...(baseline ? [percent(overall.baselinePercent), change(overall.changePoints)] : []),
        ],
      ],
    ),
    '',
    ...table(
      [words.columns.verdict, words.columns.total],
      (['compliant', 'partial', 'non_compliant', 'unreachable', 'error'] as const).map(
        (verdict) => [terms.verdicts[verdict], String(header.summary.by_verdict[verdict])],
      ),
    ),
    '',
    `## ${words.byOwner}`,
    '',
    ...groupTable(
      words.columns.owner,
      groupShares(header.summary.by_owner, baseline?.summary.by_owner),
      terms,
      Boolean(baseline),
    ),
    '',
    `## ${words.byCategory}`,
    '',
    ...groupTable(
      words.columns.category,
      groupShares(header.summary.by_category, baseline?.summary.by_category),
      terms,
      Boolean(baseline),
    ),
    '',
    `- ${words.notes.measured}`,
    `- ${words.notes.share}`,
    ...(baseline ? [`- ${words.notes.change}`] : []),
    '',
  ];
  return lines.join('\n');
}

function groupTable(
  title: string,
  groups: GroupShare[],
  terms: Terms,
  withBaseline: boolean,
): string[] {
  const words = terms.report;
  return table(
    [
      title,
      words.columns.total,
      words.columns.measured,
      terms.verdicts.compliant,
      terms.verdicts.partial,
      terms.verdicts.non_compliant,
      words.compliantShare,
      words.meanScore,
      ...(withBaseline ? [words.columns.baselineShare, words.columns.change] : []),
    ],
    groups.map((group) => [
      group.key === NO_GROUP_KEY ? words.noGroup : group.key,
      String(group.total),
      String(group.measured),
      String(group.compliant),
      String(group.partial),
      String(group.nonCompliant),
      percent(group.compliantPercent),
      number(group.meanScore),
      ...(withBaseline ? [percent(group.baselinePercent), change(group.changePoints)] : []),
    ]),
  );
}

function table(header: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.map(cell).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)];
}

/** A table cell: a pipe or a line break in a scanned name must not break the table. */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ');
}

function percent(value: number | null): string {
  return value === null ? '–' : `${value.toFixed(1)}%`;
}

function number(value: number | null): string {
  return value === null ? '–' : value.toFixed(1);
}

function change(value: number | null): string {
  if (value === null) return '–';
  return value > 0 ? `+${value.toFixed(1)}` : value.toFixed(1);
}
