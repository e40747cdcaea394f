import type { AddressKind, AddressLookup, DnsOutcome } from '../../dns/dns-types.ts';
import { phrase, type HostGroup, type Phrase } from '../../i18n/phrases.ts';
import { checkResult } from '../check-result.ts';
import type { CheckResult } from '../judge-types.ts';
import { countedAddresses, lookupFailed } from '../usable-address.ts';
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
  /** Whose hosts they are, and the zone of name servers. */
  group: HostGroup;
  zone: string | null;
  passSummary: Phrase;
  /** The details key of the per-host list, and details that go before it. */
  listKey: string;
  details?: Record<string, unknown>;
}): CheckResult {
  const { hosts, allowPrivate } = input;
  const withoutAaaa: { host: string; addresses: { address: string; kind: AddressKind }[] }[] = [];
  const notLookedUp: { host: string; outcome: DnsOutcome }[] = [];
  const perHost = hosts.map((host) => {
    const ok = countedAddresses(host.aaaa, allowPrivate).length > 0;
    if (lookupFailed(host.aaaa)) {
      notLookedUp.push({ host: host.name, outcome: host.aaaa.outcome });
    } else if (!ok) {
      withoutAaaa.push({
        host: host.name,
        addresses: host.aaaa.addresses.map(({ address, kind }) => ({ address, kind })),
      });
    }
    return { ...host.extra, ...lookupDetails(host.aaaa, allowPrivate), ok };
  });
  const details = { ...input.details, [input.listKey]: perHost };

  if (withoutAaaa.length > 0) {
    return checkResult(
      'fail',
      phrase('hosts_without_aaaa', {
        group: input.group,
        zone: input.zone,
        hosts: withoutAaaa,
        total: hosts.length,
      }),
      {
        error: perHost.some((host) => host.non_global.length > 0) ? 'non_global' : 'nodata',
        ...details,
      },
    );
  }
  if (notLookedUp.length > 0) {
    return checkResult('error', phrase('hosts_aaaa_lookup_failed', { hosts: notLookedUp }), {
      error: hosts.find((host) => lookupFailed(host.aaaa))?.aaaa.outcome,
      ...details,
    });
  }
  return checkResult('pass', input.passSummary, details);
}
