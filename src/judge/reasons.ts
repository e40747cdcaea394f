import { CHECK_IDS, type CheckId } from '../checks/check-table.ts';
import type { CheckResult, Profile, Verdict } from './judge-types.ts';

/**
 * SPEC `reasons`: one plain sentence per check that kept the site from compliant (a required or
 * recommended check that failed, warned or could not be measured), after the sentence that
 * explains an error or unreachable verdict. A name that does not resolve gets that sentence
 * alone: every check after it fails for the same one reason.
 */
export function buildReasons(
  verdict: Verdict,
  verdictReason: string | undefined,
  checks: Record<CheckId, CheckResult>,
  profile: Profile,
  deadlineHit: boolean,
): string[] {
  const reasons = verdictReason ? [verdictReason] : [];
  if (verdict === 'error') return reasons;
  for (const id of CHECK_IDS) {
    const role = profile.roles[id];
    if (role !== 'required' && role !== 'recommended') continue;
    const { status, summary } = checks[id];
    if (status === 'fail' || status === 'warn' || status === 'error')
      reasons.push(`${id}: ${summary}`);
  }
  if (deadlineHit && verdict !== 'compliant') {
    reasons.push(
      'the site deadline (--site-timeout) cut the scan short: later measurements are missing',
    );
  }
  return reasons;
}
