import type { LinkLevelFacts, LinkResult } from './crawl-types.ts';

/**
 * Whether a link says anything about IPv6. A link that loads on neither family is broken, not an
 * IPv6 fault (SPEC `links_l2`). A link whose IPv6 fetch was cut by the site deadline was never
 * measured over IPv6, so it cannot count against IPv6 either.
 */
function countsTowardsRatio(link: LinkResult): boolean {
  if (link.v6.ok) return true;
  return link.v4.ok && link.v6.error !== 'deadline';
}

/**
 * The share of a level's links that load over IPv6, among links that load on at least one
 * family. `ratio` is null when no link counts (nothing to judge).
 */
export function linkRatio(level: LinkLevelFacts): {
  ok6: number;
  total: number;
  ratio: number | null;
} {
  let ok6 = 0;
  let total = 0;
  for (const link of level.links) {
    if (!countsTowardsRatio(link)) continue;
    total++;
    if (link.v6.ok) ok6++;
  }
  return { ok6, total, ratio: total === 0 ? null : ok6 / total };
}
