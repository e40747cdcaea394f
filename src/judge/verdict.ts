import { CHECK_IDS, type CheckId } from '../checks/check-table.ts';
import type { AddressLookup } from '../dns/dns-types.ts';
import type { SiteFacts } from '../facts/site-facts.ts';
import { FAILURE_WORDS } from '../net/failure-code.ts';
import type { HttpChain } from '../probe/probe-types.ts';
import { homePageLoaded } from './checks/home-page.ts';
import type { CheckResult, Profile, Verdict } from './judge-types.ts';
import { lookupFailed } from './usable-address.ts';
import { outcomeWords } from './wording.ts';

/** SPEC "Verdicts": the first that applies, with the sentence that explains error/unreachable. */
export function decideVerdict(
  facts: SiteFacts,
  checks: Record<CheckId, CheckResult>,
  profile: Profile,
  ipv6OnlyVantage = false,
): { verdict: Verdict; reason?: string } {
  const { a, aaaa } = facts.dns;
  if (lookupFailed(a) && lookupFailed(aaaa)) {
    return {
      verdict: 'error',
      reason: `the name does not resolve: ${describeDnsFailure(a, aaaa)}`,
    };
  }
  // From a host without IPv4, the IPv4 side says nothing about the site: IPv6 is judged alone.
  if (!ipv6OnlyVantage && !homePageLoaded(facts.http.v4) && !homePageLoaded(facts.http.v6)) {
    return {
      verdict: 'unreachable',
      reason: `the home page loaded over neither IPv4 nor IPv6 (IPv4: ${whyNotLoaded(facts.http.v4)}; IPv6: ${whyNotLoaded(facts.http.v6)}): the site is down, re-check later`,
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

function describeDnsFailure(a: AddressLookup, aaaa: AddressLookup): string {
  if (a.outcome === aaaa.outcome) return outcomeWords(a.outcome);
  return `A ${outcomeWords(a.outcome)}, AAAA ${outcomeWords(aaaa.outcome)}`;
}

function whyNotLoaded(chain: HttpChain | null): string {
  if (!chain) return 'not fetched, no usable address';
  const result = chain.result;
  return result.ok ? 'loaded' : FAILURE_WORDS[result.error];
}
