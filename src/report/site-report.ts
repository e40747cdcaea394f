import type { SiteFacts } from '../facts/site-facts.ts';
import type { Judgement } from '../judge/judge-types.ts';
import type { InvalidTarget, ValidTarget } from '../targets/target.ts';
import type { SiteEvidence, SiteReport } from './report-types.ts';
import { buildSiteEvidence } from './site-evidence.ts';
import { siteFigures } from './site-figures.ts';

/** One site object of report.json / sites.jsonl: the target, the judgement and its evidence. */
export function buildSiteReport(facts: SiteFacts, judgement: Judgement): SiteReport {
  return siteObject(facts.target, judgement, buildSiteEvidence(facts), facts.finishedAt);
}

/** A line that is not a target still gets a row (verdict error), so no input goes missing. */
export function buildInvalidSiteReport(
  target: InvalidTarget,
  judgement: Judgement,
  scannedAt: string,
): SiteReport {
  return siteObject(target, judgement, null, scannedAt);
}

function siteObject(
  target: ValidTarget | InvalidTarget,
  judgement: Judgement,
  evidence: SiteEvidence | null,
  scannedAt: string,
): SiteReport {
  return {
    index: target.index,
    target: target.input,
    host: target.valid ? target.host : null,
    unicode_host: target.valid ? target.unicodeHost : null,
    category: target.category,
    owner: target.owner,
    name: target.name,
    rank: target.rank,
    verdict: judgement.verdict,
    score: judgement.score,
    reasons: [...judgement.reasons],
    reason_codes: [...judgement.reason_codes],
    checks: judgement.checks,
    figures: siteFigures(evidence, judgement.checks),
    evidence,
    scanned_at: scannedAt,
  };
}
