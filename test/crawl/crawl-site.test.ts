import { describe, expect, it } from 'vitest';

import { crawlInnerLinks, linkRatio, type CrawlInput } from '../../src/crawl/crawl-site.ts';
import type { Family } from '../../src/dns/dns-types.ts';
import type { FailureCode } from '../../src/net/failure-code.ts';
import type { HttpChain } from '../../src/probe/probe-types.ts';

const HOME = 'https://www.example.com/';

/** What one URL does over one family in the fake site. */
type Behaviour =
  | { status: number; body?: string; finalUrl?: string; contentType?: string }
  | { error: FailureCode };

function chainFor(url: string, family: Family, behaviour: Behaviour): HttpChain {
  const timings = { totalMs: 5, ttfbMs: 3 };
  if ('error' in behaviour) {
    return {
      family,
      entryUrl: url,
      hops: [],
      result: { ok: false, error: behaviour.error, detail: `fake ${behaviour.error}` },
    };
  }
  const finalUrl = behaviour.finalUrl ?? url;
  const body = behaviour.body ?? '';
  return {
    family,
    entryUrl: url,
    hops: [
      {
        url: finalUrl,
        family,
        address: family === 6 ? '2001:db8::1' : '192.0.2.1',
        attempts: [],
        outcome: {
          ok: true,
          status: behaviour.status,
          contentType: behaviour.contentType ?? 'text/html; charset=utf-8',
          bodyBytes: body.length,
          truncated: false,
          timings,
        },
      },
    ],
    result: {
      ok: true,
      finalUrl,
      finalStatus: behaviour.status,
      body,
      bodyBytes: body.length,
      truncated: false,
      ttfbMs: 3,
    },
  };
}

interface Deferred {
  url: string;
  family: Family;
  release: () => void;
}

/**
 * A site in memory. Every fetch is counted and its host's in-flight number tracked; in `held`
 * mode a fetch only completes when the test releases it, so concurrency can be observed exactly.
 */
class FakeSite {
  readonly calls: Array<{ url: string; family: Family }> = [];
  readonly inFlight = new Map<string, number>();
  readonly maxInFlight = new Map<string, number>();
  maxTotalInFlight = 0;
  readonly pending: Deferred[] = [];

  constructor(
    private readonly behaviour: (url: string, family: Family) => Behaviour,
    private readonly held = false,
  ) {}

  private totalInFlight(): number {
    let total = 0;
    for (const count of this.inFlight.values()) total += count;
    return total;
  }

  readonly fetchLink = async (url: string, family: Family): Promise<HttpChain> => {
    this.calls.push({ url, family });
    const host = new URL(url).hostname;
    const current = (this.inFlight.get(host) ?? 0) + 1;
    this.inFlight.set(host, current);
    this.maxInFlight.set(host, Math.max(this.maxInFlight.get(host) ?? 0, current));
    this.maxTotalInFlight = Math.max(this.maxTotalInFlight, this.totalInFlight());
    try {
      if (this.held) {
        await new Promise<void>((release) => this.pending.push({ url, family, release }));
      } else {
        await Promise.resolve();
      }
      const behaviour = this.behaviour(url, family);
      if ('error' in behaviour && behaviour.error === 'refused') {
        throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
      }
      return chainFor(url, family, behaviour);
    } finally {
      this.inFlight.set(host, (this.inFlight.get(host) ?? 1) - 1);
    }
  };

  /** Releases every fetch waiting now. */
  releaseAll(): void {
    for (const deferred of this.pending.splice(0)) deferred.release();
  }
}

/** Lets every queued microtask and I/O callback run (one macrotask turn); not a timed sleep. */
function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function anchors(paths: string[]): string {
  return paths.map((path) => `<a href="${path}">${path}</a>`).join('\n');
}

function pages(count: number, prefix = '/page/'): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}${index}`);
}

function crawlInput(site: FakeSite, overrides: Partial<CrawlInput>): CrawlInput {
  return {
    homeUrl: 'http://www.example.com',
    homeFinalUrl: HOME,
    homeHtml: '',
    siteHost: 'www.example.com',
    depth: 1,
    maxLinks: 20,
    requestBudget: 1000,
    perHostConcurrency: 4,
    fetchLink: site.fetchLink,
    signal: new AbortController().signal,
    ...overrides,
  };
}

describe('crawlInnerLinks level 2', () => {
  it('20 inner links of which 15 load over IPv6 give a ratio of 0.75', async () => {
    const paths = pages(20);
    const v6Broken = new Set(paths.slice(15).map((path) => new URL(path, HOME).href));
    const site = new FakeSite((url, family) =>
      family === 6 && v6Broken.has(url) ? { error: 'timeout' } : { status: 200 },
    );
    const homeHtml = `${anchors(paths)}<a href="https://example.org/">out</a><a href="/">home</a>`;
    const { l2, l3 } = await crawlInnerLinks(crawlInput(site, { homeHtml }));

    expect(l2.level).toBe(2);
    expect(l2.found).toBe(20);
    expect(l2.links).toHaveLength(20);
    expect(linkRatio(l2)).toMatchObject({ ok6: 15, total: 20, ratio: 0.75 });
    expect(l3).toBeNull();
    const failed = l2.links.filter((link) => !link.v6.ok);
    expect(failed.map((link) => link.url).sort()).toEqual([...v6Broken].sort());
    expect(failed.every((link) => !link.v6.ok && link.v6.error === 'timeout')).toBe(true);
    expect(site.calls).toHaveLength(40);
  });

  it('links broken on both families leave the denominator', async () => {
    const good = pages(20);
    const broken = pages(5, '/gone/');
    const site = new FakeSite((url, family) => {
      if (url.includes('/gone/')) return family === 6 ? { status: 404 } : { error: 'refused' };
      return family === 6 && url.endsWith('/page/0') ? { status: 500 } : { status: 200 };
    });
    const { l2 } = await crawlInnerLinks(
      crawlInput(site, { homeHtml: anchors([...good, ...broken]), maxLinks: 25 }),
    );

    expect(l2.links).toHaveLength(25);
    expect(linkRatio(l2)).toMatchObject({ ok6: 19, total: 20, ratio: 19 / 20 });
    const gone = l2.links.find((link) => link.url.includes('/gone/'));
    expect(gone?.v6).toMatchObject({ ok: false, error: 'http_status', status: 404 });
    expect(gone?.v4).toMatchObject({ ok: false, error: 'refused' });
  });

  it('records a loaded link with its final URL, status and time to headers', async () => {
    const site = new FakeSite((url) =>
      url.endsWith('/old') ? { status: 200, finalUrl: `${HOME}new` } : { status: 204 },
    );
    const { l2 } = await crawlInnerLinks(crawlInput(site, { homeHtml: anchors(['/old']) }));
    expect(l2.links).toEqual([
      {
        url: `${HOME}old`,
        v6: { ok: true, finalUrl: `${HOME}new`, status: 200, ttfbMs: 3 },
        v4: { ok: true, finalUrl: `${HOME}new`, status: 200, ttfbMs: 3 },
      },
    ]);
  });

  it('never fetches the home page itself, by entry or final URL', async () => {
    const site = new FakeSite(() => ({ status: 200 }));
    const homeHtml = anchors(['/', 'http://www.example.com/', '#top', '/other']);
    const { l2 } = await crawlInnerLinks(crawlInput(site, { homeHtml }));
    expect(l2.links.map((link) => link.url)).toEqual([`${HOME}other`]);
    expect(l2.found).toBe(1);
  });

  it('samples the same links on every run', async () => {
    const homeHtml = anchors(pages(60));
    const urlsOfRun = async (): Promise<string[]> => {
      const site = new FakeSite(() => ({ status: 200 }));
      const { l2 } = await crawlInnerLinks(crawlInput(site, { homeHtml }));
      return l2.links.map((link) => link.url);
    };
    const first = await urlsOfRun();
    expect(first).toHaveLength(20);
    expect(await urlsOfRun()).toEqual(first);
  });
});

describe('crawlInnerLinks level 3', () => {
  const level3Site = (): FakeSite =>
    new FakeSite((url, family) => {
      const path = new URL(url).pathname;
      if (path === '/a') {
        // IPv6 is broken here: level 3 reads the IPv4 copy.
        if (family === 6) return { error: 'reset' };
        return { status: 200, body: anchors(['/b', '/', '/c', '/d', 'https://other.org/x']) };
      }
      if (path === '/b') {
        // Both load: the IPv6 copy is the one read, so /only-v4 is never seen.
        return {
          status: 200,
          body: anchors(family === 6 ? ['/c', '/e', '/r-final'] : ['/only-v4']),
        };
      }
      if (path === '/r') return { status: 200, finalUrl: `${HOME}r-final`, body: '' };
      if (path === '/pdf') {
        return { status: 200, contentType: 'application/pdf', body: anchors(['/from-pdf']) };
      }
      if (path === '/missing') return { status: 404, body: anchors(['/from-404']) };
      return { status: 200 };
    });

  it('takes inner links of level-2 pages that are neither level 2 nor the home page', async () => {
    const site = level3Site();
    const { l2, l3 } = await crawlInnerLinks(
      crawlInput(site, {
        depth: 2,
        homeHtml: anchors(['/a', '/b', '/r', '/pdf', '/missing', 'http://www.example.com/']),
      }),
    );
    expect(l2.links.map((link) => link.url).sort()).toEqual(
      ['a', 'b', 'missing', 'pdf', 'r'].map((path) => `${HOME}${path}`),
    );
    expect(l3?.level).toBe(3);
    expect(l3?.found).toBe(3);
    expect(l3?.links.map((link) => link.url).sort()).toEqual(
      ['c', 'd', 'e'].map((path) => `${HOME}${path}`),
    );
    expect(site.calls).toHaveLength(2 * (5 + 3));
  });

  it('counts a page once whatever its scheme: http forms of the home page and level-2 pages', async () => {
    const site = new FakeSite((url) => {
      const path = new URL(url).pathname;
      if (path === '/a') {
        return {
          status: 200,
          body: anchors(['http://www.example.com/b', 'http://www.example.com/', '/c']),
        };
      }
      return { status: 200 };
    });
    const { l2, l3 } = await crawlInnerLinks(
      crawlInput(site, {
        depth: 2,
        homeHtml: anchors(['/a', '/b', 'http://www.example.com/a', 'https://www.example.com/']),
      }),
    );
    expect(l2.links.map((link) => link.url).sort()).toEqual([`${HOME}a`, `${HOME}b`]);
    expect(l3?.links.map((link) => link.url)).toEqual([`${HOME}c`]);
  });

  it('depth 1 measures level 2 only', async () => {
    const site = level3Site();
    const { l3 } = await crawlInnerLinks(
      crawlInput(site, { depth: 1, homeHtml: anchors(['/a', '/b']) }),
    );
    expect(l3).toBeNull();
    expect(site.calls).toHaveLength(4);
  });
});

describe('crawlInnerLinks politeness', () => {
  it('never has more than 4 requests in flight per host', async () => {
    const site = new FakeSite(() => ({ status: 200 }), true);
    const homeHtml = anchors([
      ...pages(20),
      ...pages(10).map((path) => `https://news.example.com${path}`),
    ]);
    const crawl = crawlInnerLinks(crawlInput(site, { homeHtml, maxLinks: 30 }));
    let done = false;
    void crawl.then(() => (done = true));

    let rounds = 0;
    while (!done) {
      await settle();
      for (const count of site.inFlight.values()) expect(count).toBeLessThanOrEqual(4);
      site.releaseAll();
      rounds++;
      expect(rounds).toBeLessThan(100);
    }
    const { l2 } = await crawl;
    expect(l2.links).toHaveLength(30);
    expect(site.calls).toHaveLength(60);
    expect(site.maxInFlight.get('www.example.com')).toBe(4);
    expect(site.maxInFlight.get('news.example.com')).toBe(4);
    // The limit is per host: both hosts were busy at once.
    expect(site.maxTotalInFlight).toBe(8);
  });

  it.each([
    { requestBudget: 30, level2: 15, level3: 0 },
    { requestBudget: 50, level2: 20, level3: 5 },
    { requestBudget: 7, level2: 3, level3: 0 },
    { requestBudget: 0, level2: 0, level3: 0 },
  ])('a budget of $requestBudget fetches is never exceeded', async (budget) => {
    const site = new FakeSite((url) => ({
      status: 200,
      body: anchors(pages(10, `${new URL(url).pathname}/sub/`)),
    }));
    const { l2, l3 } = await crawlInnerLinks(
      crawlInput(site, {
        homeHtml: anchors(pages(25)),
        depth: 2,
        requestBudget: budget.requestBudget,
      }),
    );
    expect(site.calls.length).toBeLessThanOrEqual(budget.requestBudget);
    expect(l2.links).toHaveLength(budget.level2);
    expect(l3?.links).toHaveLength(budget.level3);
    if (budget.level3 === 0 && budget.level2 > 0) {
      expect(l3?.unmeasured).toEqual({ reason: 'request budget spent before this level' });
    }
    if (budget.level2 === 0) expect(l2.unmeasured).toBeDefined();
  });

  it('an abort mid-crawl returns at once, and unfetched links get deadline', async () => {
    const site = new FakeSite(() => ({ status: 200 }), true);
    const controller = new AbortController();
    const crawl = crawlInnerLinks(
      crawlInput(site, {
        homeHtml: anchors(pages(10)),
        depth: 2,
        signal: controller.signal,
      }),
    );
    await settle();
    expect(site.pending).toHaveLength(4);
    const firstV6 = site.pending.findIndex((deferred) => deferred.family === 6);
    site.pending.splice(firstV6, 1)[0]?.release();
    await settle();
    expect(site.calls).toHaveLength(5);

    controller.abort();
    // The four fetches still held are never released: the crawl must not wait for them.
    const { l2, l3 } = await crawl;
    expect(site.calls).toHaveLength(5);
    expect(l2.links).toHaveLength(10);
    const outcomes = l2.links.flatMap((link) => [link.v6, link.v4]);
    expect(outcomes.filter((outcome) => outcome.ok)).toHaveLength(1);
    expect(outcomes.filter((outcome) => !outcome.ok && outcome.error === 'deadline')).toHaveLength(
      19,
    );
    expect(l3?.links).toEqual([]);
    // The one IPv6 fetch that finished is a fact; the rest say nothing about IPv6.
    expect(linkRatio(l2)).toMatchObject({ ok6: 1, total: 1, ratio: 1 });
  });

  it('an already expired deadline fetches nothing', async () => {
    const site = new FakeSite(() => ({ status: 200 }));
    const { l2 } = await crawlInnerLinks(
      crawlInput(site, { homeHtml: anchors(pages(3)), signal: AbortSignal.abort() }),
    );
    expect(site.calls).toHaveLength(0);
    expect(l2.unmeasured).toEqual({ reason: 'site deadline reached before this level' });
    expect(l2.links.every((link) => !link.v6.ok && link.v6.error === 'deadline')).toBe(true);
  });
});
