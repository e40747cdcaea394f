import type { SiteFacts } from '../facts/site-facts.ts';
import type { CheckResult, Profile } from './judge-types.ts';

/** How the facts were gathered, where it changes what counts. */
export interface JudgeOptions {
  /**
   * The scan ran with --allow-private (intranet, loopback tests): private and local addresses
   * count as addresses, except those that only carry IPv4 (usable-address.ts).
   */
  allowPrivate?: boolean;
}

/** What every check function reads. */
export interface CheckContext {
  facts: SiteFacts;
  profile: Profile;
  allowPrivate: boolean;
}

export type CheckFunction = (context: CheckContext) => CheckResult;
