import type { LinkLevelFacts, LinkResult } from '../../crawl/crawl-types.ts';
import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { formatRatio } from '../wording.ts';

/**
 * Whether a link says anything about IPv6. A link that loads on neither family is broken, not
 * an IPv6 fault (SPEC), and leaves the denominator; so does a link whose IPv6 fetch the site
 * deadline cut short, as it was never measured over IPv6.
 */
function countsTowardsRatio(link: LinkResult): boolean {
  if (loaded(link.v6)) return true;
  return loaded(link.v4) && !(!link.v6.ok && link.v6.error === 'deadline');
}

/** Loaded: the crawl's outcome is ok (it already turns an error status into `http_status`). */
function loaded(outcome: LinkResult['v6']): boolean {
  return outcome.ok && outcome.status < 400;
}

/** SPEC links_l2 and links_l3: the share of inner links that load over IPv6, by threshold. */
export function linksCheck(level: 2 | 3): CheckFunction {
  return ({ facts, profile }) => {
    const levelFacts: LinkLevelFacts | null = level === 2 ? facts.links.l2 : facts.links.l3;
    const threshold = level === 2 ? profile.thresholds.linksL2 : profile.thresholds.linksL3;
    if (!levelFacts)
      return checkResult('skip', `not asked for (--depth ${level === 2 ? '0' : '0 or 1'})`);
    if (levelFacts.unmeasured) {
      return checkResult(
        'error',
        `the inner links could not be measured: ${levelFacts.unmeasured.reason}`,
        {
          error: facts.deadlineHit ? 'deadline' : 'error',
          found: levelFacts.found,
          links: levelFacts.links,
        },
      );
    }
    const counted = levelFacts.links.filter(countsTowardsRatio);
    const ok6 = counted.filter((link) => loaded(link.v6)).length;
    const total = counted.length;
    const base = {
      found: levelFacts.found,
      sampled: levelFacts.links.length,
      broken: levelFacts.links.length - total,
      threshold,
    };
    if (levelFacts.links.length === 0) {
      return checkResult('skip', 'no inner links found', {
        ratio: null,
        ok6: 0,
        total: 0,
        ...base,
        links: [],
      });
    }
    if (total === 0) {
      return checkResult(
        'skip',
        `none of the ${levelFacts.links.length} sampled inner links loaded over either family (broken links)`,
        { ratio: null, ok6: 0, total: 0, ...base, links: levelFacts.links },
      );
    }
    const ratio = ok6 / total;
    const details = { ratio, ok6, total, ...base, links: levelFacts.links };
    const share = `${ok6} of ${total} inner links load over IPv6`;
    if (ratio < threshold) {
      return checkResult(
        'fail',
        `${share} (${formatRatio(ratio, threshold)} < ${formatRatio(threshold)})`,
        details,
      );
    }
    return checkResult(
      'pass',
      `${share} (${formatRatio(ratio, threshold)} >= ${formatRatio(threshold)})`,
      details,
    );
  };
}
