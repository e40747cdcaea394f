import { CHECK_IDS, type CheckId } from '../checks/check-table.ts';
import { phrase, type Phrase, type Reason } from '../i18n/phrases.ts';
import { summaryPhrase } from './check-result.ts';
import type { CheckResult, Profile, Verdict } from './judge-types.ts';

/**
 * SPEC `reasons`, as codes: one per check that kept the site from compliant (a required or
 * recommended check that failed, warned or could not be measured), after the one that explains
 * an error or unreachable verdict. A name that does not resolve gets that reason alone: every
 * check after it fails for the same one reason.
 */
export function buildReasons(
  verdict: Verdict,
  verdictReason: Phrase | undefined,
  checks: Record<CheckId, CheckResult>,
  profile: Profile,
  deadlineHit: boolean,
): Reason[] {
  const reasons: Reason[] = verdictReason ? [{ check: null, ...verdictReason }] : [];
  if (verdict === 'error') return reasons;
  for (const id of CHECK_IDS) {
    const role = profile.roles[id];
    if (role !== 'required' && role !== 'recommended') continue;
    const status = checks[id].status;
    if (status === 'fail' || status === 'warn' || status === 'error')
      reasons.push({ check: id, ...summaryPhrase(checks[id]) });
  }
  if (deadlineHit && verdict !== 'compliant') {
    reasons.push({ check: null, ...phrase('deadline_cut', {}) });
  }
  return reasons;
}
