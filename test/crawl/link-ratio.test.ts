import { describe, expect, it } from 'vitest';
import type { LinkFamilyOutcome, LinkResult } from '../../src/crawl/crawl-types.ts';
import { linkRatio, linkStanding, type LinkStanding } from '../../src/crawl/link-ratio.ts';
import type { FailureCode } from '../../src/net/failure-code.ts';

const LOADED: LinkFamilyOutcome = {
  ok: true,
  finalUrl: 'https://www.example.cn/a',
  status: 200,
  ttfbMs: 1,
};
const failed = (error: FailureCode): LinkFamilyOutcome => ({ ok: false, error, detail: error });
const link = (v6: LinkFamilyOutcome, v4: LinkFamilyOutcome): LinkResult => ({
  url: 'https://www.example.cn/a',
  v6,
  v4,
});

describe('linkStanding', () => {
  const rows: [string, LinkFamilyOutcome, LinkFamilyOutcome, LinkStanding][] = [
    ['loads on both families', LOADED, LOADED, 'ok6'],
    ['loads over IPv6 only', LOADED, failed('refused'), 'ok6'],
    ['loads over IPv6, IPv4 cut by the deadline', LOADED, failed('deadline'), 'ok6'],
    ['fails over IPv6, loads over IPv4', failed('timeout'), LOADED, 'fail6'],
    ['gives 404 over IPv6 only', failed('http_status'), LOADED, 'fail6'],
    ['fails on both families', failed('timeout'), failed('http_status'), 'broken'],
    ['IPv6 cut by the deadline, IPv4 loads', failed('deadline'), LOADED, 'not_measured'],
    ['IPv6 cut by the deadline, IPv4 fails', failed('deadline'), failed('refused'), 'not_measured'],
    [
      'fails over IPv6, IPv4 cut by the deadline',
      failed('refused'),
      failed('deadline'),
      'not_measured',
    ],
  ];
  it.each(rows)('a link that %s is %s', (_name, v6, v4, standing) => {
    expect(linkStanding(link(v6, v4))).toBe(standing);
  });
});

describe('linkRatio', () => {
  it('is null when no link loads on either family', () => {
    expect(linkRatio({ links: [] })).toEqual({
      ok6: 0,
      total: 0,
      ratio: null,
      broken: 0,
      notMeasured: 0,
    });
    expect(linkRatio({ links: [link(failed('timeout'), failed('timeout'))] })).toEqual({
      ok6: 0,
      total: 0,
      ratio: null,
      broken: 1,
      notMeasured: 0,
    });
  });

  it('leaves links cut by the site deadline out of the denominator and counts them apart', () => {
    const result = linkRatio({
      links: [
        link(LOADED, failed('refused')),
        link(failed('timeout'), LOADED),
        link(failed('deadline'), LOADED),
        link(failed('timeout'), failed('deadline')),
        link(failed('timeout'), failed('timeout')),
      ],
    });
    expect(result).toEqual({ ok6: 1, total: 2, ratio: 0.5, broken: 1, notMeasured: 2 });
  });
});
