import type { AddressLookup } from '../../dns/dns-types.ts';
import { checkResult } from '../check-result.ts';
import type { CheckResult } from '../judge-types.ts';
import { countedAddresses, lookupFailed } from '../usable-address.ts';
import { listSome, outcomeWords } from '../wording.ts';
import { lookupDetails } from './address-lookup-check.ts';

export interface HostAaaa {
  name: string;
  aaaa: AddressLookup;
  /** Details shown before the lookup's own, e.g. an MX preference. */
  extra?: Record<string, unknown>;
}

/**
 * The rule of ns_aaaa and mx_aaaa: every host has a counting AAAA. A host without one fails the
 * check; a failed lookup (with no host failing) makes it an error.
 */
export function everyHostHasAaaa(input: {
  hosts: HostAaaa[];
  allowPrivate: boolean;
  /** Who they are, in the fail summary: "name servers of example.cn", "mail servers". */
  group: string;
  passSummary: string;
  /** The details key of the per-host list, and details that go before it. */
  listKey: string;
  details?: Record<string, unknown>;
}): CheckResult {
  const { hosts, allowPrivate } = input;
  const withoutAaaa: string[] = [];
  const notLookedUp: string[] = [];
  const perHost = hosts.map((host) => {
    const ok = countedAddresses(host.aaaa, allowPrivate).length > 0;
    if (lookupFailed(host.aaaa)) {
      notLookedUp.push(`${host.name} (${outcomeWords(host.aaaa.outcome)})`);
    } else if (!ok) {
      withoutAaaa.push(`${host.name} (${describeMissing(host.aaaa)})`);
    }
    return { ...host.extra, ...lookupDetails(host.aaaa, allowPrivate), ok };
  });
  const details = { ...input.details, [input.listKey]: perHost };

  if (withoutAaaa.length > 0) {
    return checkResult(
      'fail',
      `${input.group} without a global AAAA (${withoutAaaa.length} of ${hosts.length}): ${listSome(withoutAaaa)}`,
      {
        error: perHost.some((host) => host.non_global.length > 0) ? 'non_global' : 'nodata',
        ...details,
      },
    );
  }
  if (notLookedUp.length > 0) {
    return checkResult('error', `the AAAA lookup failed for ${listSome(notLookedUp)}`, {
      error: hosts.find((host) => lookupFailed(host.aaaa))?.aaaa.outcome,
      ...details,
    });
  }
  return checkResult('pass', input.passSummary, details);
}

function describeMissing(lookup: AddressLookup): string {
  if (lookup.addresses.length === 0) return 'no AAAA record';
  return lookup.addresses.map(({ address, kind }) => `${address} is ${kind}`).join(', ');
}
