import type { LinkLevelFacts, LinkResult } from './crawl-types.ts';

/**
 * What one sampled link says about IPv6:
 * - `ok6`: it loaded over IPv6 (whatever IPv4 did);
 * - `fail6`: it failed over IPv6 and loaded over IPv4: an IPv6 fault;
 * - `broken`: it failed over both families: a broken link, not an IPv6 fault (SPEC `links_l2`);
 * - `not_measured`: the site deadline cut the fetch that would decide it (IPv6 not finished, or
 *   IPv6 failed and IPv4 not finished, so a broken link and an IPv6 fault cannot be told apart).
 */
export type LinkStanding = 'ok6' | 'fail6' | 'broken' | 'not_measured';

/** The one rule for a link's part in the ratio; the judge, the report and the CSV all use it. */
export function linkStanding(link: LinkResult): LinkStanding {
  if (link.v6.ok) return 'ok6';
  if (link.v6.error === 'deadline') return 'not_measured';
  if (link.v4.ok) return 'fail6';
  if (link.v4.error === 'deadline') return 'not_measured';
  return 'broken';
}

export interface LinkRatio {
  /** Links that loaded over IPv6. */
  ok6: number;
  /** The denominator: links that loaded over at least one family, measured over both. */
  total: number;
  /** ok6 / total; null when no link counts (nothing to judge). */
  ratio: number | null;
  /** Sampled links that loaded over neither family. */
  broken: number;
  /** Sampled links the site deadline cut before they could be counted. */
  notMeasured: number;
}

/** SPEC links_l2 / links_l3: the share of a level's counted links that load over IPv6. */
export function linkRatio(level: Pick<LinkLevelFacts, 'links'>): LinkRatio {
  const tally: Record<LinkStanding, number> = { ok6: 0, fail6: 0, broken: 0, not_measured: 0 };
  for (const link of level.links) tally[linkStanding(link)]++;
  const total = tally.ok6 + tally.fail6;
  return {
    ok6: tally.ok6,
    total,
    ratio: total === 0 ? null : tally.ok6 / total,
    broken: tally.broken,
    notMeasured: tally.not_measured,
  };
}
