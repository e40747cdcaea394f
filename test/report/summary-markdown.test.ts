import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../src/judge/judge-types.ts';
import { termsFor } from '../../src/i18n/render.ts';
import { summaryMarkdown } from '../../src/report/summary-markdown.ts';
import { sampleReport } from './sample-report.ts';

/** The cells of the table row whose first cell is `label`, in the section titled `section`. */
function row(markdown: string, section: string, label: string): string[] {
  const part = markdown.split('\n## ').find((block) => block.startsWith(section)) ?? '';
  const line = part.split('\n').find((candidate) => candidate.startsWith(`| ${label} |`));
  expect(line, `${section} / ${label}`).toBeDefined();
  return (line ?? '').split(' | ').map((cell) => cell.replace(/^\| ?| ?\|$/g, ''));
}

describe('summary.md', () => {
  const baseline = sampleReport();
  const current = sampleReport({ shift: true });
  const { sites, ...header } = current;
  const { sites: _old, ...baselineHeader } = baseline;

  it('states per owner the sites, measured sites, compliant share and change, as a recount of the sites gives them', () => {
    const markdown = summaryMarkdown(header, termsFor('en'), baselineHeader);
    const owners = new Set(sites.map((site) => site.owner ?? '(none)'));
    const measured = (verdict: Verdict) =>
      ['compliant', 'partial', 'non_compliant'].includes(verdict);
    for (const owner of owners) {
      const mine = sites.filter((site) => (site.owner ?? '(none)') === owner);
      const before = baseline.sites.filter((site) => (site.owner ?? '(none)') === owner);
      const cells = row(markdown, 'By owner', owner);
      const countedMeasured = mine.filter((site) => measured(site.verdict)).length;
      const compliant = mine.filter((site) => site.verdict === 'compliant').length;
      expect(Number(cells[1])).toBe(mine.length);
      expect(Number(cells[2])).toBe(countedMeasured);
      expect(Number(cells[3])).toBe(compliant);
      const share = countedMeasured === 0 ? null : (100 * compliant) / countedMeasured;
      expect(cells[6]).toBe(share === null ? '–' : `${share.toFixed(1)}%`);
      const beforeMeasured = before.filter((site) => measured(site.verdict)).length;
      const beforeShare =
        beforeMeasured === 0
          ? null
          : (100 * before.filter((site) => site.verdict === 'compliant').length) / beforeMeasured;
      if (share !== null && beforeShare !== null) {
        const change = share - beforeShare;
        expect(Number(cells[9])).toBeCloseTo(change, 1);
      }
    }
    expect(row(markdown, 'By owner', '某广电网络公司')[9]).toBe('-100.0');
  });

  it('counts every verdict in the overview and every category once', () => {
    const markdown = summaryMarkdown(header, termsFor('en'));
    for (const verdict of [
      'compliant',
      'partial',
      'non_compliant',
      'unreachable',
      'error',
    ] as const) {
      const cells = row(markdown, 'Overview', termsFor('en').verdicts[verdict]);
      expect(Number(cells[1])).toBe(sites.filter((site) => site.verdict === verdict).length);
    }
    const categories = new Set(sites.map((site) => site.category ?? '(none)'));
    for (const category of categories) {
      const cells = row(markdown, 'By category', category);
      expect(Number(cells[1])).toBe(
        sites.filter((site) => (site.category ?? '(none)') === category).length,
      );
    }
  });

  it('speaks Chinese with --lang zh and escapes a pipe in a scanned owner name', () => {
    const withPipe = {
      ...header,
      summary: {
        ...header.summary,
        by_owner: { 'A|B 公司': header.summary.by_owner['某广电网络公司']! },
      },
    };
    const markdown = summaryMarkdown(withPipe, termsFor('zh'));
    expect(markdown).toContain('## 按主办单位');
    expect(markdown).toContain('| A\\|B 公司 |');
    expect(markdown).toContain('达标率');
  });
});
