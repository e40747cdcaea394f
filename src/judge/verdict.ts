import { CHECK_IDS, type CheckId } from '../checks/check-table.ts';
import type { SiteFacts } from '../facts/site-facts.ts';
import { phrase, type HomePageState, type Phrase } from '../i18n/phrases.ts';
import type { HttpChain } from '../probe/probe-types.ts';
import { homePageLoaded } from './checks/home-page.ts';
import type { CheckResult, Profile, Verdict } from './judge-types.ts';
import { lookupFailed } from './usable-address.ts';

/** SPEC "Verdicts": the first that applies, with the sentence that explains error/unreachable. */
export function decideVerdict(
  facts: SiteFacts,
  checks: Record<CheckId, CheckResult>,
  profile: Profile,
  ipv6OnlyVantage = false,
): { verdict: Verdict; reason?: Phrase } {
  const { a, aaaa } = facts.dns;
  if (lookupFailed(a) && lookupFailed(aaaa)) {
    return {
      verdict: 'error',
      reason: phrase('name_not_resolving', { a: a.outcome, aaaa: aaaa.outcome }),
    };
  }
  // From a host without IPv4, the IPv4 side says nothing about the site: IPv6 is judged alone.
  if (!ipv6OnlyVantage && !homePageLoaded(facts.http.v4) && !homePageLoaded(facts.http.v6)) {
    return {
      verdict: 'unreachable',
      reason: phrase('home_unreachable', {
        v4: homePageState(facts.http.v4),
        v6: homePageState(facts.http.v6),
      }),
    };
  }
  const statusesOf = (role: 'required' | 'recommended') =>
    CHECK_IDS.filter((id) => profile.roles[id] === role).map((id) => checks[id].status);
  const required = statusesOf('required');
  if (required.some((status) => status === 'fail' || status === 'error'))
    return { verdict: 'non_compliant' };
  // A required check that only warns (a profile may make web_latency6 required) is not a failure.
  if (required.includes('warn')) return { verdict: 'partial' };
  if (
    statusesOf('recommended').some(
      (status) => status === 'fail' || status === 'warn' || status === 'error',
    )
  ) {
    return { verdict: 'partial' };
  }
  return { verdict: 'compliant' };
}

function homePageState(chain: HttpChain | null): HomePageState {
  if (!chain) return 'not_fetched';
  const result = chain.result;
  return result.ok ? 'loaded' : result.error;
}
