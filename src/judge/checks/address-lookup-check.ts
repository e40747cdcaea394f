import type { AddressKind, AddressLookup, DnsOutcome } from '../../dns/dns-types.ts';
import { phrase } from '../../i18n/phrases.ts';
import { checkResult } from '../check-result.ts';
import type { CheckResult } from '../judge-types.ts';
import { countedAddresses, countsAsAddress, lookupFailed } from '../usable-address.ts';

export interface LookupDetails {
  name: string;
  outcome: DnsOutcome;
  cname_chain: string[];
  addresses: { address: string; kind: AddressKind; global: boolean; counted: boolean }[];
  /** The addresses that are not global unicast, with their kind (SPEC: reported, not counted). */
  non_global: { address: string; kind: AddressKind }[];
  resolver: string | null;
}

/** The details of one address lookup, as every DNS check shows them. */
export function lookupDetails(lookup: AddressLookup, allowPrivate: boolean): LookupDetails {
  return {
    name: lookup.queriedName,
    outcome: lookup.outcome,
    cname_chain: lookup.cnameChain,
    addresses: lookup.addresses.map(({ address, kind, global }) => ({
      address,
      kind,
      global,
      counted: countsAsAddress({ address, kind, global, family: familyOf(lookup) }, allowPrivate),
    })),
    non_global: lookup.addresses
      .filter((address) => !address.global)
      .map(({ address, kind }) => ({ address, kind })),
    resolver: lookup.resolver,
  };
}

function familyOf(lookup: AddressLookup): 4 | 6 {
  return lookup.recordType === 'A' ? 4 : 6;
}

/**
 * dns_aaaa and dns_a: pass with at least one address that counts (global unicast), fail with
 * none (listing the kinds of those that do not count), error when the lookup itself failed.
 */
export function addressLookupCheck(lookup: AddressLookup, allowPrivate: boolean): CheckResult {
  const type = lookup.recordType;
  const details = { ...lookupDetails(lookup, allowPrivate) };
  if (lookupFailed(lookup)) {
    return checkResult('error', phrase('lookup_failed', { type, outcome: lookup.outcome }), {
      error: lookup.outcome,
      ...details,
    });
  }
  const counted = countedAddresses(lookup, allowPrivate);
  if (counted.length > 0) {
    const summary = phrase('addresses_counted', {
      type,
      addresses: counted.map((address) => address.address),
      all_global: counted.every((address) => address.global),
    });
    return checkResult('pass', summary, details);
  }
  if (lookup.addresses.length > 0) {
    const others = lookup.addresses.map(({ address, kind }) => ({ address, kind }));
    return checkResult('fail', phrase('addresses_not_global', { type, addresses: others }), {
      error: 'non_global',
      ...details,
    });
  }
  return checkResult('fail', phrase('no_record', { type }), { error: 'nodata', ...details });
}
