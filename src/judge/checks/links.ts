import { linkRatio } from '../../crawl/link-ratio.ts';
import type { LinkFamilyOutcome, LinkLevelFacts, LinkResult } from '../../crawl/crawl-types.ts';
import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { formatRatio } from '../wording.ts';

/** " (3 not measured before the site deadline)", or nothing. */
function notMeasuredNote(notMeasured: number): string {
  return notMeasured === 0 ? '' : ` (${notMeasured} not measured before the site deadline)`;
}

/** One family's outcome as the details show it: `finalUrl` only where a redirect changed it. */
function shownOutcome(url: string, outcome: LinkFamilyOutcome): Partial<LinkFamilyOutcome> {
  if (!outcome.ok || outcome.finalUrl !== url) return outcome;
  const { finalUrl: _sameAsUrl, ...shown } = outcome;
  return shown;
}

/**
 * Every sampled link with its outcome per family (SPEC). The details are the only place a site
 * object lists links, and each costs bytes in every report (issue 8), so nothing is said twice.
 */
function shownLinks(links: LinkResult[]): object[] {
  return links.map((link) => ({
    url: link.url,
    v6: shownOutcome(link.url, link.v6),
    v4: shownOutcome(link.url, link.v4),
  }));
}

/**
 * SPEC links_l2 and links_l3: the share of inner links that load over IPv6, by threshold. Which
 * links count is `linkRatio`'s one rule: broken links and links the deadline cut leave the
 * denominator, and the details say how many of each.
 */
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
          links: shownLinks(levelFacts.links),
        },
      );
    }
    const { ratio, ok6, total, broken, notMeasured } = linkRatio(levelFacts);
    const sampled = levelFacts.links.length;
    const details = {
      ratio,
      ok6,
      total,
      found: levelFacts.found,
      sampled,
      broken,
      not_measured: notMeasured,
      threshold,
      links: shownLinks(levelFacts.links),
    };
    if (sampled === 0) return checkResult('skip', 'no inner links found', details);
    if (ratio === null && notMeasured > 0) {
      return checkResult(
        'error',
        `the site deadline cut the inner links before any could be counted${notMeasuredNote(notMeasured)}`,
        { error: 'deadline', ...details },
      );
    }
    if (ratio === null) {
      return checkResult(
        'skip',
        `none of the ${sampled} sampled inner links loaded over either family (broken links)`,
        details,
      );
    }
    const share = `${ok6} of ${total} inner links load over IPv6`;
    const note = notMeasuredNote(notMeasured);
    if (ratio < threshold) {
      return checkResult(
        'fail',
        `${share} (${formatRatio(ratio, threshold)} < ${formatRatio(threshold)})${note}`,
        details,
      );
    }
    return checkResult(
      'pass',
      `${share} (${formatRatio(ratio, threshold)} >= ${formatRatio(threshold)})${note}`,
      details,
    );
  };
}
