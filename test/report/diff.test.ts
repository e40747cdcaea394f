import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/report-types.ts';
import {
  diffSites,
  formatDiff,
  regressedFromCompliant,
  type VerdictChange,
} from '../../src/report/diff.ts';
import { report, siteReport } from './report-builders.ts';

const before = report([
  siteReport({ index: 0, host: 'up.example.cn', verdict: 'partial', score: 70 }),
  siteReport({ index: 1, host: 'down.example.cn', verdict: 'compliant', score: 100 }),
  siteReport({ index: 2, host: 'flat.example.cn', verdict: 'compliant', score: 100 }),
  siteReport({ index: 3, host: 'gone.example.cn', verdict: 'non_compliant', score: 10 }),
  siteReport({ index: 4, host: 'dead.example.cn', verdict: 'compliant', score: 100 }),
]);
const after = report([
  siteReport({ index: 0, host: 'up.example.cn', verdict: 'compliant', score: 100 }),
  siteReport({ index: 1, host: 'down.example.cn', verdict: 'partial', score: 80 }),
  siteReport({ index: 2, host: 'flat.example.cn', verdict: 'compliant', score: 95 }),
  siteReport({ index: 4, host: 'dead.example.cn', verdict: 'unreachable', score: 0 }),
  siteReport({ index: 5, host: 'new.example.cn', verdict: 'partial', score: 50 }),
]);

function diffReports(old: Report, now: Report): VerdictChange[] {
  return [...diffSites(old.sites, now.sites)];
}

function formatted(changes: VerdictChange[]): string {
  return [...formatDiff(changes)].join('');
}

describe('diffSites', () => {
  it('gives each site a direction by verdict rank', () => {
    const directions = Object.fromEntries(
      diffReports(before, after).map((change) => [change.host, change.direction]),
    );
    expect(directions).toEqual({
      'up.example.cn': 'better',
      'down.example.cn': 'worse',
      'flat.example.cn': 'same',
      'dead.example.cn': 'worse',
      'new.example.cn': 'added',
      'gone.example.cn': 'removed',
    });
  });

  it('carries old and new verdict and score, null on the side where the site is missing', () => {
    const changes = diffReports(before, after);
    expect(changes.find((change) => change.host === 'down.example.cn')).toEqual({
      target: 'down.example.cn',
      host: 'down.example.cn',
      old_verdict: 'compliant',
      new_verdict: 'partial',
      old_score: 100,
      new_score: 80,
      direction: 'worse',
    });
    expect(changes.at(-1)).toMatchObject({ host: 'gone.example.cn', new_verdict: null });
  });

  it('ranks error below unreachable below non_compliant', () => {
    const old = report([siteReport({ index: 0, host: 'a.cn', verdict: 'unreachable' })]);
    const worse = report([siteReport({ index: 0, host: 'a.cn', verdict: 'error' })]);
    const better = report([siteReport({ index: 0, host: 'a.cn', verdict: 'non_compliant' })]);
    expect(diffReports(old, worse)[0]?.direction).toBe('worse');
    expect(diffReports(old, better)[0]?.direction).toBe('better');
  });

  it('treats the same host under another target as another site', () => {
    const old = report([siteReport({ index: 0, host: 'a.cn', input: 'https://a.cn/x/' })]);
    const now = report([siteReport({ index: 0, host: 'a.cn', input: 'https://a.cn/y/' })]);
    expect(diffReports(old, now).map((change) => change.direction)).toEqual(['added', 'removed']);
  });
});

describe('regressedFromCompliant', () => {
  it('lists sites compliant before and worse now, and nothing else', () => {
    const regressed = [...regressedFromCompliant(before.sites, after.sites)];
    expect(regressed.map((site) => site.host)).toEqual(['down.example.cn', 'dead.example.cn']);
  });
});

describe('formatDiff', () => {
  it('prints one aligned row per change and a count per direction', () => {
    const changes = diffReports(before, after).filter((change) => change.direction !== 'same');
    const lines = formatted(changes).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^change +old verdict +new verdict +old score +new score +target$/);
    const targetColumn = lines[0]?.indexOf('target') ?? -1;
    const rows = lines.slice(1, -1);
    expect(rows).toHaveLength(5);
    expect(rows.map((row) => row.slice(targetColumn))).toEqual([
      'up.example.cn',
      'down.example.cn',
      'dead.example.cn',
      'new.example.cn',
      'gone.example.cn',
    ]);
    expect(rows[1]?.split(/ +/)).toEqual([
      'worse',
      'compliant',
      'partial',
      '100',
      '80',
      'down.example.cn',
    ]);
    expect(rows[3]?.split(/ +/)).toEqual(['added', '-', 'partial', '-', '50', 'new.example.cn']);
    expect(lines.at(-1)).toBe('2 worse, 1 better, 1 added, 1 removed, 0 same');
  });

  it('keeps the columns aligned whatever verdicts come later, so rows can stream', () => {
    const changes = diffReports(before, after).filter((change) => change.direction !== 'same');
    const lines = formatted(changes).trimEnd().split('\n').slice(0, -1);
    const targetColumn = lines[0]?.indexOf('target') ?? -1;
    const wide: VerdictChange = {
      ...changes[0]!,
      old_verdict: 'non_compliant',
      new_verdict: 'non_compliant',
    };
    const rows = formatted([wide]).split('\n');
    expect(rows[1]?.indexOf(wide.target)).toBe(targetColumn);
  });

  it('lists 200,000 changed sites without spreading them into a call', () => {
    const many = Array.from({ length: 200_000 }, (_, index): VerdictChange => ({
      target: `site${index}.example.cn`,
      host: `site${index}.example.cn`,
      old_verdict: 'compliant',
      new_verdict: 'partial',
      old_score: 100,
      new_score: 60,
      direction: 'worse',
    }));
    let rows = 0;
    let last = '';
    for (const chunk of formatDiff(many)) {
      rows += 1;
      last = chunk;
    }
    expect(rows).toBe(200_002);
    expect(last).toBe('200000 worse, 0 better, 0 added, 0 removed, 0 same\n');
  });

  it('says so when nothing changed', () => {
    expect(formatted([])).toBe('no verdict changed\n');
  });
});
