/**
 * The link scenarios' pages (SPEC `links_l2`, `links_l3`): two sites whose home pages link inner
 * pages, and whose second-level pages link further ones. Every page is a file in its host's www
 * folder per family (web-config.ts writes them), so what loads where follows from the lab plan:
 * static4 has no AAAA, archive's IPv6 address is black-holed, a page with `status6` is answered
 * with that status by the IPv6 listener, and a link to a page that is not listed here is a 404 on
 * both families (a broken link).
 *
 * The groups below (`MIXED_LINKS`, `READY_LINKS`) say what each link is meant to do; the pages
 * are built from them, and the scenarios compare the scanner's link lists with them.
 */
import { LAB_ZONE } from './lab-plan.ts';

/** One page: its absolute URL and the href values it carries, as written in the HTML. */
export interface LinkPage {
  url: string;
  hrefs: readonly string[];
  /** The IPv6 listener answers this path with this status instead of the page. */
  status6?: number;
}

/** What the lab does to a link over IPv6 when IPv4 loads it. */
export type LinkFault6 =
  /** The host has only an A record. */
  | 'no_aaaa'
  /** The host's IPv6 address drops every packet. */
  | 'black_hole'
  /** The IPv6 listener answers 503. */
  | 'status_503';

/** The links one level of a site is meant to have, by what each does. */
export interface LinkLevelPlan {
  /** Load over IPv6 and IPv4. */
  loaded: readonly string[];
  /** Load over IPv4, fail over IPv6. */
  failing6: Readonly<Record<string, LinkFault6>>;
  /** Load on neither family (404 on both, or no AAAA and 404 over IPv4). */
  broken: readonly string[];
}

export interface LinkSitePlan {
  /** The scan target. */
  host: string;
  l2: LinkLevelPlan;
  l3: LinkLevelPlan;
  /** Linked somewhere on the site, never to be measured: external, level 4, non-http. */
  neverMeasured: readonly string[];
}

const https = (label: string): string => `https://${label}.${LAB_ZONE}`;
const MIXED = https('links');
const READY = https('links6');
const DOCS = https('docs');
const STATIC4 = https('static4');
const ARCHIVE = https('archive');
const range = (count: number): number[] => Array.from({ length: count }, (_, index) => index + 1);

/** Outside the registrable domain v6lab.test, or not http(s): never an inner link. */
const NOT_INNER_HREFS = [
  'https://mail6.test/',
  'https://www.example.org/',
  // Contains the site's name, but its registrable domain is example.net.
  `https://links.${LAB_ZONE}.example.net/`,
  'mailto:webmaster@links.v6lab.test',
  'javascript:void(0)',
  'tel:+15550100',
];

/** Linked by every level-3 page: a fourth level, which --depth 2 never visits. */
const LEVEL4_HREF = '/l4/deep.html';

/**
 * links.v6lab.test: level 2 has 12 links that load over both families (on the site and on
 * docs), 4 on static4 (A only) and 2 broken ones; level 3 has 8 that load, 4 that fail over IPv6
 * (503, black hole, no AAAA) and 1 broken one. Each level stays within --max-links 20, so every
 * link is measured and the ratios are exact: 12/16 and 8/12.
 */
export const MIXED_LINKS: LinkSitePlan = {
  host: `links.${LAB_ZONE}`,
  l2: {
    loaded: [
      ...range(3).map((n) => `${MIXED}/news/${n}.html`),
      // Linked over plain http: a distinct URL, fetched on port 80.
      `http://links.${LAB_ZONE}/news/4.html`,
      ...[5, 6, 7, 8].map((n) => `${MIXED}/news/${n}.html`),
      ...range(4).map((n) => `${DOCS}/mixed/${n}.html`),
    ],
    failing6: Object.fromEntries(
      range(4).map((n) => [`${STATIC4}/mixed/${n}.html`, 'no_aaaa' as const]),
    ),
    broken: [`${MIXED}/news/gone.html`, `${STATIC4}/mixed/gone.html`],
  },
  l3: {
    loaded: [
      ...['a', 'b', 'c', 'd', 'e', 'g', 'h'].map((name) => `${MIXED}/l3/${name}.html`),
      `${DOCS}/mixed/l3/f.html`,
    ],
    failing6: {
      [`${MIXED}/l3/busy-1.html`]: 'status_503',
      [`http://links.${LAB_ZONE}/l3/busy-2.html`]: 'status_503',
      [`${ARCHIVE}/2019/report.html`]: 'black_hole',
      [`${STATIC4}/mixed/l3/old.html`]: 'no_aaaa',
    },
    broken: [`${MIXED}/l3/missing.html`],
  },
  neverMeasured: [...NOT_INNER_HREFS, `${MIXED}${LEVEL4_HREF}`, `${MIXED}/`],
};

/**
 * links6.v6lab.test: 25 inner links on the home page, all loading over both families, of which
 * --max-links 20 are sampled; every level-2 page links the same 6 level-3 pages.
 */
export const READY_LINKS: LinkSitePlan = {
  host: `links6.${LAB_ZONE}`,
  l2: {
    loaded: [
      ...range(20).map((n) => `${READY}/p/${n}.html`),
      ...range(5).map((n) => `${DOCS}/ready/${n}.html`),
    ],
    failing6: {},
    broken: [],
  },
  l3: {
    loaded: [...range(5).map((n) => `${READY}/more/${n}.html`), `${DOCS}/ready/more/1.html`],
    failing6: {},
    broken: [],
  },
  neverMeasured: [...NOT_INNER_HREFS, `${READY}${LEVEL4_HREF}`, `${READY}/`],
};

/** The mixed site's pages. Hrefs are written in every form a page may use. */
function mixedPages(): LinkPage[] {
  const homeHrefs = [
    // The home page itself, in four spellings: never a level-2 link.
    '/',
    '#main',
    `${MIXED}/`,
    `${MIXED}/#top`,
    // news/1 twice (relative, and with a fragment): one distinct link.
    'news/1.html',
    '/news/1.html#comments',
    '/news/2.html',
    `${MIXED}/news/3.html`,
    `http://links.${LAB_ZONE}/news/4.html`,
    ...[5, 6, 7, 8].map((n) => `/news/${n}.html`),
    ...range(4).map((n) => `${DOCS}/mixed/${n}.html`),
    ...range(4).map((n) => `${STATIC4}/mixed/${n}.html`),
    '/news/gone.html',
    `${STATIC4}/mixed/gone.html`,
    ...NOT_INNER_HREFS,
  ];
  const back = ['/', '/news/1.html'];
  const level2: LinkPage[] = [
    { url: `${MIXED}/news/1.html`, hrefs: ['/l3/a.html', '/l3/b.html', ...back, '/news/2.html'] },
    // l3/a again: found on two pages, counted once.
    { url: `${MIXED}/news/2.html`, hrefs: ['/l3/c.html', '/l3/a.html', ...back] },
    { url: `${MIXED}/news/3.html`, hrefs: ['/l3/d.html', '/l3/busy-1.html', ...back] },
    // Relative to an http page: http://links.v6lab.test/l3/busy-2.html. Its way back is written
    // in full, since `/` here would be http://links.v6lab.test/, another URL than the home page.
    { url: `http://links.${LAB_ZONE}/news/4.html`, hrefs: ['/l3/busy-2.html', `${MIXED}/`] },
    { url: `${MIXED}/news/5.html`, hrefs: ['/l3/missing.html', ...back, ...NOT_INNER_HREFS] },
    ...[6, 7, 8].map((n) => ({ url: `${MIXED}/news/${n}.html`, hrefs: back })),
    { url: `${DOCS}/mixed/1.html`, hrefs: [`${MIXED}/l3/e.html`, '/mixed/l3/f.html'] },
    { url: `${DOCS}/mixed/2.html`, hrefs: [`${ARCHIVE}/2019/report.html`, `${MIXED}/`] },
    ...[3, 4].map((n) => ({ url: `${DOCS}/mixed/${n}.html`, hrefs: [`${MIXED}/`] })),
    // Pages that load over IPv4 only still carry level-3 links (read from the IPv4 copy).
    { url: `${STATIC4}/mixed/1.html`, hrefs: ['/mixed/l3/old.html', `${MIXED}/l3/g.html`] },
    { url: `${STATIC4}/mixed/2.html`, hrefs: [`${MIXED}/l3/h.html`] },
    ...[3, 4].map((n) => ({ url: `${STATIC4}/mixed/${n}.html`, hrefs: [`${MIXED}/`] })),
  ];
  const level3 = [...MIXED_LINKS.l3.loaded, ...Object.keys(MIXED_LINKS.l3.failing6)];
  return [
    { url: `${MIXED}/`, hrefs: homeHrefs },
    ...level2,
    ...level3.map((url) => ({
      url,
      hrefs: [LEVEL4_HREF, `${MIXED}/`],
      ...(MIXED_LINKS.l3.failing6[url] === 'status_503' ? { status6: 503 } : {}),
    })),
  ];
}

function readyPages(): LinkPage[] {
  const footer = [
    `${READY}/`,
    `${READY}/p/1.html`,
    ...READY_LINKS.l3.loaded,
    ...NOT_INNER_HREFS.slice(0, 2),
  ];
  return [
    {
      url: `${READY}/`,
      hrefs: [
        ...range(20).map((n) => `/p/${n}.html`),
        ...range(5).map((n) => `${DOCS}/ready/${n}.html`),
        ...NOT_INNER_HREFS,
      ],
    },
    ...READY_LINKS.l2.loaded.map((url) => ({ url, hrefs: footer })),
    ...READY_LINKS.l3.loaded.map((url) => ({ url, hrefs: [LEVEL4_HREF, `${READY}/`] })),
  ];
}

/** Every page of both link sites. A page linked but absent here is a 404 on both families. */
export const LINK_PAGES: readonly LinkPage[] = [...mixedPages(), ...readyPages()];

/** The pages a host serves, with their paths (`/` as `/index.html`, the nginx index). */
export function linkPagesOn(hostName: string): { path: string; page: LinkPage }[] {
  return LINK_PAGES.filter((page) => new URL(page.url).hostname === hostName).map((page) => {
    const path = new URL(page.url).pathname;
    return { path: path.endsWith('/') ? `${path}index.html` : path, page };
  });
}

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

export function renderLinkPage(page: LinkPage): string {
  const items = page.hrefs.map(
    (href, index) => `<li><a href="${escapeHtml(href)}">link ${index + 1}</a></li>`,
  );
  return [
    `<!doctype html><html><head><title>${escapeHtml(page.url)}</title></head><body>`,
    `<h1 id="main">${escapeHtml(page.url)}</h1>`,
    '<p>A page of the v6ready lab link scenarios: the municipal news, documents and archive.</p>',
    '<ul>',
    ...items,
    '</ul>',
    '</body></html>',
    '',
  ].join('\n');
}
