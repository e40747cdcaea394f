import type { SiteFacts } from '../../facts/site-facts.ts';
import type { FailureCode } from '../../net/failure-code.ts';
import { phrase, type HostGroup, type Phrase, type UnmeasuredWhat } from '../../i18n/phrases.ts';
import { checkResult } from '../check-result.ts';
import type { CheckResult } from '../judge-types.ts';
import { unmeasured } from './unmeasured.ts';

/** One IPv6 address probed: ok null when the probe was never run (usually the deadline). */
export interface ProbedAddress {
  /** Who the address belongs to, for the reason line. */
  host: string;
  address: string;
  ok: boolean | null;
  error?: FailureCode;
}

/**
 * The rule of ns_reach6 and mx_reach6: every IPv6 address answered. No address at all fails
 * (nothing answers over IPv6); an address not probed leaves the check unmeasured.
 */
export function everyProbeAnswered(input: {
  facts: SiteFacts;
  probes: ProbedAddress[];
  details: Record<string, unknown>;
  group: HostGroup;
  noAddressSummary: Phrase;
  unmeasuredWhat: UnmeasuredWhat;
  passSummary: Phrase;
}): CheckResult {
  const { probes, details } = input;
  if (probes.length === 0) {
    return checkResult('fail', input.noAddressSummary, { error: 'no_address', ...details });
  }
  const failed = probes.filter((probe) => probe.ok === false);
  if (failed.length > 0) {
    return checkResult(
      'fail',
      phrase('probes_failed', {
        group: input.group,
        failed: failed.map(({ host, address, error }) => ({ host, address, error: error ?? null })),
        total: probes.length,
      }),
      { error: failed[0]?.error, ...details },
    );
  }
  if (probes.some((probe) => probe.ok === null)) {
    return unmeasured(input.facts, input.unmeasuredWhat, details);
  }
  return checkResult('pass', input.passSummary, details);
}
