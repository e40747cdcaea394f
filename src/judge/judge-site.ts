import { CHECK_IDS, type CheckId } from '../checks/check-table.ts';
import type { SiteFacts } from '../facts/site-facts.ts';
import { FAILURE_WORDS } from '../net/failure-code.ts';
import { checkResult } from './check-result.ts';
import { IPV6_ONLY_VANTAGE } from './wording.ts';
import { checkDnsA } from './checks/dns-a.ts';
import { checkDnsAaaa } from './checks/dns-aaaa.ts';
import { linksCheck } from './checks/links.ts';
import { checkMxAaaa } from './checks/mx-aaaa.ts';
import { checkMxReach6 } from './checks/mx-reach6.ts';
import { checkNsAaaa } from './checks/ns-aaaa.ts';
import { checkNsReach6 } from './checks/ns-reach6.ts';
import { checkWebHttp6 } from './checks/web-http6.ts';
import { checkWebLatency6 } from './checks/web-latency6.ts';
import { checkWebSame } from './checks/web-same.ts';
import { checkWebTcp6 } from './checks/web-tcp6.ts';
import type { CheckContext, CheckFunction, JudgeOptions } from './judge-options.ts';
import type { CheckResult, Judgement, Profile } from './judge-types.ts';
import { buildReasons } from './reasons.ts';
import { computeScore } from './score.ts';
import { decideVerdict } from './verdict.ts';

export type { JudgeOptions } from './judge-options.ts';

/** One function per check id (SPEC "Checks"); each reads facts only. */
const CHECK_FUNCTIONS: Record<CheckId, CheckFunction> = {
  dns_aaaa: checkDnsAaaa,
  dns_a: checkDnsA,
  ns_aaaa: checkNsAaaa,
  ns_reach6: checkNsReach6,
  web_tcp6: checkWebTcp6,
  web_http6: checkWebHttp6,
  web_same: checkWebSame,
  web_latency6: checkWebLatency6,
  links_l2: linksCheck(2),
  links_l3: linksCheck(3),
  mx_aaaa: checkMxAaaa,
  mx_reach6: checkMxReach6,
};

/** SPEC "Vantage": what a scan from a host without IPv4 cannot compare. */
const IPV4_COMPARISONS: ReadonlySet<CheckId> = new Set<CheckId>(['web_same', 'web_latency6']);

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
  for (const id of CHECK_IDS) {
    if (profile.roles[id] === 'off') {
      checks[id] = checkResult('skip', `not asked for (off in profile ${profile.name})`);
    } else if (context.ipv6OnlyVantage && IPV4_COMPARISONS.has(id)) {
      checks[id] = checkResult('skip', IPV6_ONLY_VANTAGE);
    } else {
      checks[id] = CHECK_FUNCTIONS[id](context);
    }
  }
  const { verdict, reason } = decideVerdict(facts, checks, profile, context.ipv6OnlyVantage);
  return {
    verdict,
    // Nothing about a name that does not resolve is worth points.
    score: verdict === 'error' ? 0 : computeScore(checks),
    reasons: buildReasons(verdict, reason, checks, profile, facts.deadlineHit),
    checks,
  };
}

/** The judgement of an input line that is not a target: error, every check skipped, score 0. */
export function judgeInvalidTarget(reason: string): Judgement {
  const checks = {} as Record<CheckId, CheckResult>;
  for (const id of CHECK_IDS)
    checks[id] = checkResult('skip', `not measured: ${FAILURE_WORDS.invalid_target}`);
  return {
    verdict: 'error',
    score: 0,
    reasons: [`${FAILURE_WORDS.invalid_target}: ${reason}`],
    checks,
  };
}
