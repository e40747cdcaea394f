import { describe, expect, it } from 'vitest';
import { buildSummary, NO_GROUP_KEY } from '../../src/report/summary.ts';
import { siteReport } from './report-builders.ts';

describe('buildSummary', () => {
  it('always has all five verdict keys', () => {
    expect(buildSummary([]).by_verdict).toEqual({
      error: 0,
      unreachable: 0,
      non_compliant: 0,
      partial: 0,
      compliant: 0,
    });
  });

  it('counts verdicts, groups by category and owner, and keeps error/unreachable out of means', () => {
    const sites = [
      siteReport({ index: 0, verdict: 'compliant', score: 100, category: 'gov', owner: 'A' }),
      siteReport({ index: 1, verdict: 'partial', score: 70, category: 'gov', owner: 'B' }),
      siteReport({ index: 2, verdict: 'non_compliant', score: 20, category: 'top', owner: 'B' }),
      siteReport({ index: 3, verdict: 'unreachable', score: 0, category: null, owner: 'B' }),
      siteReport({ index: 4, verdict: 'error', score: 0, category: 'top', owner: null }),
    ];
    const summary = buildSummary(sites);
    expect(summary.total).toBe(5);
    expect(summary.measured).toBe(3);
    expect(summary.by_verdict).toEqual({
      error: 1,
      unreachable: 1,
      non_compliant: 1,
      partial: 1,
      compliant: 1,
    });
    expect(summary.mean_score).toBe(63.3);
    expect(summary.compliant_percent).toBe(20);
    expect(summary.measured_compliant_percent).toBe(33.3);
    expect(Object.keys(summary.by_category)).toEqual([NO_GROUP_KEY, 'gov', 'top']);
    expect(summary.by_category.gov).toEqual({
      total: 2,
      by_verdict: { error: 0, unreachable: 0, non_compliant: 0, partial: 1, compliant: 1 },
      mean_score: 85,
    });
    expect(summary.by_category.top?.mean_score).toBe(20);
    expect(summary.by_category[NO_GROUP_KEY]?.mean_score).toBeNull();
    expect(summary.by_owner.B?.total).toBe(3);
    expect(summary.by_owner.B?.mean_score).toBe(45);
    expect(summary.by_owner[NO_GROUP_KEY]?.by_verdict.error).toBe(1);
  });

  it('gives 0 percent and no mean when nothing could be measured', () => {
    const summary = buildSummary([siteReport({ verdict: 'unreachable', score: 0 })]);
    expect(summary.measured_compliant_percent).toBe(0);
    expect(summary.mean_score).toBeNull();
  });
});
