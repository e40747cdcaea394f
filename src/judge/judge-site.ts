import { CHECK_IDS, CHECK_TABLE, type CheckId } from '../checks/check-table.ts';
import type { SiteFacts } from '../facts/site-facts.ts';
import { phrase, type Reason } from '../i18n/phrases.ts';
import { renderReason } from '../i18n/render.ts';
import { checkResult } from './check-result.ts';
import type { CheckContext, JudgeOptions } from './judge-options.ts';
import type { CheckResult, Judgement, Profile } from './judge-types.ts';
import { buildReasons } from './reasons.ts';
import { computeScore } from './score.ts';
import { decideVerdict } from './verdict.ts';

export type { JudgeOptions } from './judge-options.ts';

/**
 * Facts + profile -> check statuses, verdict, score and reasons. Pure: no network, no clock, so
 * a profile change never needs a rescan and every rule is tested with a table of facts.
 */
export function judgeSite(
  facts: SiteFacts,
  profile: Profile,
  options: JudgeOptions = {},
): Judgement {
  const context: CheckContext = {
    facts,
    profile,
    allowPrivate: options.allowPrivate ?? false,
    ipv6OnlyVantage: options.ipv6OnlyVantage ?? false,
  };
  const checks = {} as Record<CheckId, CheckResult>;
  for (const row of CHECK_TABLE) {
    if (profile.roles[row.id] === 'off') {
      checks[row.id] = checkResult('skip', phrase('check_off', { profile: profile.name }));
    } else if (context.ipv6OnlyVantage && row.comparesIpv4) {
      checks[row.id] = checkResult('skip', phrase('ipv6_only_vantage', {}));
    } else {
      checks[row.id] = row.judge(context);
    }
  }
  const { verdict, reason } = decideVerdict(facts, checks, profile, context.ipv6OnlyVantage);
  const reasons = buildReasons(verdict, reason, checks, profile, facts.deadlineHit);
  return {
    verdict,
    // Nothing about a name that does not resolve is worth points.
    score: verdict === 'error' ? 0 : computeScore(checks),
    ...withReasons(reasons),
    checks,
  };
}

/** The judgement of an input line that is not a target: error, every check skipped, score 0. */
export function judgeInvalidTarget(reason: string): Judgement {
  const checks = {} as Record<CheckId, CheckResult>;
  for (const id of CHECK_IDS)
    checks[id] = checkResult('skip', phrase('not_measured_invalid_target', {}));
  return {
    verdict: 'error',
    score: 0,
    ...withReasons([{ check: null, ...phrase('invalid_target', { detail: reason }) }]),
    checks,
  };
}

/** SPEC `reasons` (English words) beside the codes they come from. */
function withReasons(reasonCodes: Reason[]): Pick<Judgement, 'reasons' | 'reason_codes'> {
  return { reasons: reasonCodes.map((reason) => renderReason(reason)), reason_codes: reasonCodes };
}
