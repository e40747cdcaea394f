/**
 * Compares the details of links_l2 and links_l3 in report.json (SPEC: `ratio`, `ok6`, `total`
 * and every sampled link with its outcome per family) with what the lab made each link do.
 */
import type { CheckId } from '../../src/checks/check-table.ts';
import type { LinkResult } from '../../src/crawl/crawl-types.ts';
import type { CheckResult } from '../../src/judge/judge-types.ts';
import { LINK_FAILURE, type LinkExpectations, type LinkLevelExpectation } from './scenarios.ts';

/** Ratios are compared to this: the details hold the raw quotient (2/3, not 0.667). */
const RATIO_TOLERANCE = 1e-9;

function linksOf(check: CheckResult | undefined): LinkResult[] {
  return Array.isArray(check?.links) ? (check.links as LinkResult[]) : [];
}

function outcomeText(outcome: LinkResult['v6']): string {
  return outcome.ok
    ? `ok ${outcome.status}`
    : `${outcome.error}${outcome.status ? ` ${outcome.status}` : ''}`;
}

/** Why one measured link does not do what its plan says, or null when it does. */
function linkMismatch(link: LinkResult, expected: LinkLevelExpectation): string | null {
  const { plan } = expected;
  const got = `v6 ${outcomeText(link.v6)}, v4 ${outcomeText(link.v4)}`;
  const loaded4 = link.v4.ok && link.v4.status < 400;
  const loaded6 = link.v6.ok && link.v6.status < 400;
  if (plan.loaded.includes(link.url)) {
    return loaded6 && loaded4 ? null : `${link.url} should load on both families: ${got}`;
  }
  const fault = plan.failing6[link.url];
  if (fault !== undefined) {
    const word = LINK_FAILURE[fault];
    if (!loaded4 || link.v6.ok || link.v6.error !== word) {
      return `${link.url} should load over IPv4 and fail over IPv6 with ${word}: ${got}`;
    }
    return null;
  }
  if (plan.broken.includes(link.url)) {
    return !loaded6 && !loaded4 ? null : `${link.url} should load on neither family: ${got}`;
  }
  return `${link.url} is not an inner link of this level`;
}

function levelMismatches(
  id: CheckId,
  check: CheckResult | undefined,
  expected: LinkLevelExpectation,
): string[] {
  const mismatches: string[] = [];
  const ratio = check?.ratio;
  if (typeof ratio !== 'number' || Math.abs(ratio - expected.ratio) > RATIO_TOLERANCE) {
    mismatches.push(`${id} ratio ${String(ratio)}, expected ${expected.ratio}`);
  }
  for (const field of ['ok6', 'total', 'found', 'sampled'] as const) {
    if (check?.[field] !== expected[field]) {
      mismatches.push(`${id} ${field} ${String(check?.[field])}, expected ${expected[field]}`);
    }
  }
  const links = linksOf(check);
  const urls = links.map((link) => link.url);
  if (urls.length !== expected.sampled) {
    mismatches.push(`${id} lists ${urls.length} links, expected ${expected.sampled}`);
  }
  if (new Set(urls).size !== urls.length) mismatches.push(`${id} lists a link twice`);
  for (const link of links) {
    const mismatch = linkMismatch(link, expected);
    if (mismatch) mismatches.push(`${id}: ${mismatch}`);
  }
  // Where every link is sampled, every planned link must be there.
  const planned = [
    ...expected.plan.loaded,
    ...Object.keys(expected.plan.failing6),
    ...expected.plan.broken,
  ];
  if (expected.sampled === planned.length) {
    for (const url of planned) {
      if (!urls.includes(url)) mismatches.push(`${id} does not list ${url}`);
    }
  }
  return mismatches;
}

export function linkMismatches(
  checks: Partial<Record<CheckId, CheckResult>>,
  expected: LinkExpectations,
): string[] {
  const mismatches = [
    ...levelMismatches('links_l2', checks.links_l2, expected.links_l2),
    ...levelMismatches('links_l3', checks.links_l3, expected.links_l3),
  ];
  const measured = [...linksOf(checks.links_l2), ...linksOf(checks.links_l3)].map(
    (link) => link.url,
  );
  for (const url of expected.neverMeasured) {
    if (measured.includes(url)) mismatches.push(`${url} was measured, and must not be`);
  }
  const l2 = new Set(linksOf(checks.links_l2).map((link) => link.url));
  for (const url of linksOf(checks.links_l3).map((link) => link.url)) {
    if (l2.has(url)) mismatches.push(`${url} is counted at level 2 and again at level 3`);
  }
  return mismatches;
}
