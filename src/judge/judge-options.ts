import type { SiteFacts } from '../facts/site-facts.ts';
import type { CheckResult, Profile } from './judge-types.ts';

/** How the facts were gathered, where it changes what counts. */
export interface JudgeOptions {
  /**
   * The scan ran with --allow-private (intranet, loopback tests): private and local addresses
   * count as addresses, except those that only carry IPv4 (usable-address.ts).
   */
  allowPrivate?: boolean;
  /**
   * The scanning host had no working IPv4 (SPEC "Vantage"): IPv4 results are the host's fault,
   * so the IPv4 comparisons are skipped and IPv6 is judged on its own.
   */
  ipv6OnlyVantage?: boolean;
}

/** What every check function reads. */
export interface CheckContext {
  facts: SiteFacts;
  profile: Profile;
  allowPrivate: boolean;
  ipv6OnlyVantage: boolean;
}

export type CheckFunction = (context: CheckContext) => CheckResult;
