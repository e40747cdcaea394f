import type { CheckId } from '../checks/check-table.ts';
import type { CheckResult } from '../judge/judge-types.ts';
import type { HttpChainEvidence, SiteEvidence, SiteFigures } from './report-types.ts';
import { roundRatio } from './rounding.ts';

export const EMPTY_FIGURES: SiteFigures = {
  aaaa: [],
  a: [],
  v6_status: null,
  v4_status: null,
  v6_ttfb_ms: null,
  v4_ttfb_ms: null,
  similarity: null,
  l2_ratio: null,
  l3_ratio: null,
};

/** The CSV figures of one site, derived from its evidence and check details only. */
export function siteFigures(
  evidence: SiteEvidence | null,
  checks: Partial<Record<CheckId, CheckResult>>,
): SiteFigures {
  if (!evidence) return { ...EMPTY_FIGURES };
  const similarity = evidence.similarity;
  return {
    aaaa: evidence.dns.aaaa.answers.map((answer) => answer.address),
    a: evidence.dns.a.answers.map((answer) => answer.address),
    v6_status: chainStatus(evidence.http.v6),
    v4_status: chainStatus(evidence.http.v4),
    v6_ttfb_ms: timeToHeaders(checks.web_latency6, 'v6', evidence.http.v6),
    v4_ttfb_ms: timeToHeaders(checks.web_latency6, 'v4', evidence.http.v4),
    similarity: similarity === null ? null : roundRatio(similarity),
    l2_ratio: checkRatio(checks.links_l2),
    l3_ratio: checkRatio(checks.links_l3),
  };
}

/**
 * The final status when a response came back, the failure word otherwise. An HTTP error status
 * is shown as the number: "404" says more than "http_status".
 */
function chainStatus(chain: HttpChainEvidence | null): SiteFigures['v6_status'] {
  if (!chain) return null;
  if (chain.outcome === 'ok') return chain.final_status;
  if (chain.outcome === 'http_status' && chain.final_status !== null) return chain.final_status;
  return chain.outcome;
}

/**
 * web_latency6's figure, so the CSV never disagrees with the check; none when the check had
 * samples but the scanner disturbed them all (an inflated time is not the site's); the home
 * page fetch's when the check took no samples (a site on one family only).
 */
function timeToHeaders(
  check: CheckResult | undefined,
  family: 'v6' | 'v4',
  chain: HttpChainEvidence | null,
): number | null {
  const judged = check?.[`${family}_ms`];
  if (typeof judged === 'number' && Number.isFinite(judged)) return judged;
  const samples = check?.[`samples_${family}_ms`];
  if (Array.isArray(samples) && samples.length > 0) return null;
  return chain?.ttfb_ms ?? null;
}

/** The judge's ratio (SPEC: links details hold `ratio`), so the CSV never disagrees with the check. */
function checkRatio(check: CheckResult | undefined): number | null {
  const judged = check?.ratio;
  return typeof judged === 'number' && Number.isFinite(judged) ? roundRatio(judged) : null;
}
