import { linkRatio } from '../../crawl/link-ratio.ts';
import type { LinkFamilyOutcome, LinkLevelFacts, LinkResult } from '../../crawl/crawl-types.ts';
import { checkResult } from '../check-result.ts';
import type { CheckFunction } from '../judge-options.ts';
import { phrase, type Phrase } from '../../i18n/phrases.ts';
import { homePageLoaded } from './home-page.ts';

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
    if (!levelFacts) {
      // No crawl: either the home page never loaded, the deadline came first, or --depth said so.
      if (!homePageLoaded(facts.http.v4) && !homePageLoaded(facts.http.v6))
        return checkResult('skip', phrase('links_home_not_loaded', {}));
      if (facts.deadlineHit) return checkResult('skip', phrase('links_deadline', {}));
      return checkResult('skip', phrase('links_not_asked', { level }));
    }
    if (levelFacts.unmeasured) {
      return checkResult('error', unmeasuredPhrase(levelFacts.unmeasured.reason), {
        error: facts.deadlineHit ? 'deadline' : 'error',
        found: levelFacts.found,
        links: shownLinks(levelFacts.links),
      });
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
    if (sampled === 0) return checkResult('skip', phrase('links_none_found', {}), details);
    if (ratio === null && notMeasured > 0) {
      return checkResult(
        'error',
        phrase('links_deadline_before_counting', { not_measured: notMeasured }),
        { error: 'deadline', ...details },
      );
    }
    if (ratio === null)
      return checkResult('skip', phrase('links_all_broken', { sampled }), details);
    const share = phrase('links_share', {
      ok6,
      total,
      ratio,
      threshold,
      not_measured: notMeasured,
    });
    return checkResult(ratio < threshold ? 'fail' : 'pass', share, details);
  };
}

/** The crawl says why a level went unmeasured; each of its reasons has a phrase. */
function unmeasuredPhrase(reason: string): Phrase {
  if (reason.startsWith('site deadline')) return phrase('links_deadline', {});
  if (reason.startsWith('max links')) return phrase('links_max_zero', {});
  return phrase('links_budget_spent', {});
}
