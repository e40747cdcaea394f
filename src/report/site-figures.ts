import type { CheckId } from '../checks/check-table.ts';
import type { CheckResult } from '../judge/judge-types.ts';
import type {
  HttpChainEvidence,
  LinkLevelEvidence,
  SiteEvidence,
  SiteFigures,
} from './report-types.ts';
import { median, roundMs, roundRatio } from './rounding.ts';

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
    v6_ttfb_ms: medianTtfb(evidence.latency.v6_ms, evidence.http.v6),
    v4_ttfb_ms: medianTtfb(evidence.latency.v4_ms, evidence.http.v4),
    similarity: similarity === null ? null : roundRatio(similarity),
    l2_ratio: linkRatio(checks.links_l2, evidence.links.l2),
    l3_ratio: linkRatio(checks.links_l3, evidence.links.l3),
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

function medianTtfb(samplesMs: number[], chain: HttpChainEvidence | null): number | null {
  const middle = median(samplesMs);
  if (middle !== null) return roundMs(middle);
  return chain?.ttfb_ms ?? null;
}

/**
 * The judge's ratio when its details carry one (SPEC: links details hold `ratio`), so the CSV
 * never disagrees with the check; otherwise counted here the same way (broken links leave the
 * denominator).
 */
function linkRatio(check: CheckResult | undefined, level: LinkLevelEvidence | null): number | null {
  const judged = check?.ratio;
  if (typeof judged === 'number' && Number.isFinite(judged)) return roundRatio(judged);
  if (!level || level.unmeasured_reason !== null) return null;
  const denominator = level.sampled - level.broken;
  return denominator > 0 ? roundRatio(level.ok6 / denominator) : null;
}
