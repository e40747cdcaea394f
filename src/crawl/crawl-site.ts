import pLimit, { type LimitFunction } from 'p-limit';

import type { Family } from '../dns/dns-types.ts';
import { classifyNetworkError, describeError } from '../net/failure-code.ts';
import { ABORTED, settleOrAbort } from '../net/deadline.ts';
import type { HttpChain } from '../probe/probe-types.ts';
import type { LinkFamilyOutcome, LinkLevelFacts, LinkResult } from './crawl-types.ts';
import { isInnerLink } from './inner-links.ts';
import { extractLinks } from './parse-links.ts';
import { pageKey } from './page-key.ts';
import { sampleLinks } from './sample-links.ts';

export { linkRatio } from './link-ratio.ts';

/** Fetches one URL over one family (scan/ binds fetchChain with its options and the site signal). */
export type FetchLink = (url: string, family: Family) => Promise<HttpChain>;

export interface CrawlInput {
  homeUrl: string;
  homeFinalUrl: string;
  homeHtml: string;
  siteHost: string;
  depth: 1 | 2;
  /** Links sampled per level. */
  maxLinks: number;
  /** Fetches allowed for the whole crawl; every link costs two, one per family. */
  requestBudget: number;
  /** Requests in flight to one host at once (4 by default in scan/). */
  perHostConcurrency: number;
  fetchLink: FetchLink;
  /** The site deadline: links not fetched by then get `deadline`. */
  signal: AbortSignal;
}

export interface CrawlResult {
  l2: LinkLevelFacts;
  l3: LinkLevelFacts | null;
}

/** Fetches one link costs: one over IPv6, one over IPv4. */
const FETCHES_PER_LINK = 2;

interface MeasuredLink {
  result: LinkResult;
  /** A loaded HTML page to look for level-3 links in, preferring the IPv6 copy. */
  page: { url: string; html: string } | null;
}

interface FamilyFetch {
  outcome: LinkFamilyOutcome;
  chain: HttpChain | null;
}

function deadlineOutcome(detail: string): FamilyFetch {
  return { outcome: { ok: false, error: 'deadline', detail }, chain: null };
}

function outcomeOfChain(chain: HttpChain): LinkFamilyOutcome {
  const result = chain.result;
  if (!result.ok) {
    return result.finalStatus === undefined
      ? { ok: false, error: result.error, detail: result.detail }
      : { ok: false, error: result.error, detail: result.detail, status: result.finalStatus };
  }
  if (result.finalStatus >= 400) {
    return {
      ok: false,
      error: 'http_status',
      detail: `HTTP ${result.finalStatus} at ${result.finalUrl}`,
      status: result.finalStatus,
    };
  }
  return { ok: true, finalUrl: result.finalUrl, status: result.finalStatus, ttfbMs: result.ttfbMs };
}

/** The loaded page of a chain when it is HTML (or says nothing about its type). */
function htmlPageOf(chain: HttpChain | null): { url: string; html: string } | null {
  if (!chain || !chain.result.ok || chain.result.finalStatus >= 400) return null;
  const lastHop = chain.hops.at(-1);
  const contentType = lastHop?.outcome.ok ? lastHop.outcome.contentType : undefined;
  if (contentType !== undefined && !/html/i.test(contentType)) return null;
  return { url: chain.result.finalUrl, html: chain.result.body };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}

/** Inner links not counted yet, first of each page only; marks them counted. */
function newInnerLinks(urls: string[], siteHost: string, counted: Set<string>): string[] {
  const fresh: string[] = [];
  for (const url of urls) {
    const key = pageKey(url);
    if (key === null || counted.has(key) || !isInnerLink(url, siteHost)) continue;
    counted.add(key);
    fresh.push(url);
  }
  return fresh;
}

/** Fetches links over both families, never more than `perHostConcurrency` at once per host. */
class LinkMeasurer {
  private readonly limiters = new Map<string, LimitFunction>();

  constructor(private readonly input: CrawlInput) {}

  async measure(urls: string[]): Promise<MeasuredLink[]> {
    return Promise.all(urls.map((url) => this.measureOne(url)));
  }

  private async measureOne(url: string): Promise<MeasuredLink> {
    const limiter = this.limiterFor(hostOf(url));
    // IPv6 is queued first, so that its page is the one read for level 3 when both load.
    const [v6, v4] = await Promise.all([
      limiter(() => this.fetchOnce(url, 6)),
      limiter(() => this.fetchOnce(url, 4)),
    ]);
    return {
      result: { url, v6: v6.outcome, v4: v4.outcome },
      page: htmlPageOf(v6.chain) ?? htmlPageOf(v4.chain),
    };
  }

  private limiterFor(host: string): LimitFunction {
    let limiter = this.limiters.get(host);
    if (!limiter) {
      limiter = pLimit(Math.max(1, Math.floor(this.input.perHostConcurrency)));
      this.limiters.set(host, limiter);
    }
    return limiter;
  }

  private async fetchOnce(url: string, family: Family): Promise<FamilyFetch> {
    const { signal, fetchLink } = this.input;
    if (signal.aborted)
      return deadlineOutcome('site deadline reached before this link was fetched');
    try {
      const chain = await settleOrAbort((async () => fetchLink(url, family))(), signal);
      if (chain === ABORTED) return deadlineOutcome('site deadline reached during the fetch');
      return { outcome: outcomeOfChain(chain), chain };
    } catch (error) {
      return {
        outcome: { ok: false, error: classifyNetworkError(error), detail: describeError(error) },
        chain: null,
      };
    }
  }
}

/**
 * Measures inner links of a site (SPEC `links_l2`, `links_l3`): level 2 are the inner links on
 * the home page, level 3 (depth 2) the inner links on the loaded level-2 pages that are neither
 * on the home page nor the home page itself. Each level is sampled to `maxLinks`, and each
 * sampled link is fetched over IPv6 and over IPv4.
 *
 * The request budget is split before any fetch, so it can never be exceeded: level 2 takes up to
 * maxLinks links of what the budget allows, and level 3 gets what is left. So a tight budget
 * shrinks level 3 first, and level 2 (worth twice the score) keeps its full sample.
 */
export async function crawlInnerLinks(input: CrawlInput): Promise<CrawlResult> {
  const { siteHost, signal } = input;
  const maxLinks = Math.max(0, Math.floor(input.maxLinks));
  let budgetLinks = Math.floor(Math.max(0, input.requestBudget) / FETCHES_PER_LINK);
  const measurer = new LinkMeasurer(input);
  const seed = siteHost.toLowerCase();

  // Pages already counted, by scheme-blind key: the home page first, then each level's links.
  const counted = new Set<string>(
    [input.homeUrl, input.homeFinalUrl].map(pageKey).filter((key) => key !== null),
  );
  const level2Candidates = newInnerLinks(
    extractLinks(input.homeHtml, input.homeFinalUrl),
    siteHost,
    counted,
  );
  const level2Sample = sampleLinks(level2Candidates, Math.min(maxLinks, budgetLinks), seed);
  budgetLinks -= level2Sample.length;
  const emptyReason = maxLinks === 0 ? 'max links is 0' : 'request budget spent before this level';
  const level2 = await measureLevel(
    2,
    level2Candidates,
    level2Sample,
    emptyReason,
    measurer,
    signal,
  );

  if (input.depth === 1) return { l2: level2.facts, l3: null };

  // Links on the home page are level 2 whether sampled or not (newInnerLinks counted them); a
  // level-2 link's final URL is the same page reached by redirect.
  for (const link of level2.measured) {
    for (const outcome of [link.result.v6, link.result.v4]) {
      const finalKey = outcome.ok ? pageKey(outcome.finalUrl) : null;
      if (finalKey !== null) counted.add(finalKey);
    }
  }
  const level3Candidates = newInnerLinks(
    level2.measured.flatMap(({ page }) => (page ? extractLinks(page.html, page.url) : [])),
    siteHost,
    counted,
  );
  const level3Sample = sampleLinks(level3Candidates, Math.min(maxLinks, budgetLinks), seed);
  const level3 = await measureLevel(
    3,
    level3Candidates,
    level3Sample,
    emptyReason,
    measurer,
    signal,
  );
  return { l2: level2.facts, l3: level3.facts };
}

async function measureLevel(
  level: 2 | 3,
  candidates: string[],
  sample: string[],
  /** Why nothing was sampled when candidates exist. */
  emptyReason: string,
  measurer: LinkMeasurer,
  signal: AbortSignal,
): Promise<{ facts: LinkLevelFacts; measured: MeasuredLink[] }> {
  const abortedBefore = signal.aborted;
  const measured = await measurer.measure(sample);
  const facts: LinkLevelFacts = {
    level,
    found: candidates.length,
    links: measured.map((link) => link.result),
  };
  if (abortedBefore && sample.length > 0) {
    facts.unmeasured = { reason: 'site deadline reached before this level' };
  } else if (sample.length === 0 && candidates.length > 0) {
    facts.unmeasured = { reason: emptyReason };
  }
  return { facts, measured };
}
