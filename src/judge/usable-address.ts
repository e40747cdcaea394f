import { isUsableAddress } from '../dns/classify-address.ts';
import type { AddressLookup, ClassifiedAddress, DnsOutcome } from '../dns/dns-types.ts';

/** Whether an address counts as IPv4 or IPv6 for the checks (SPEC: global unicast). */
export const countsAsAddress = isUsableAddress;

export function countedAddresses(
  lookup: AddressLookup,
  allowPrivate: boolean,
): ClassifiedAddress[] {
  return lookup.addresses.filter((address) => countsAsAddress(address, allowPrivate));
}

/** Lookup outcomes that say nothing about the records: the lookup itself failed. */
export const LOOKUP_FAILURES: ReadonlySet<DnsOutcome> = new Set([
  'nxdomain',
  'servfail',
  'dns_refused',
  'timeout',
  'cname_loop',
  'dns_error',
]);

export function lookupFailed(lookup: AddressLookup): boolean {
  return LOOKUP_FAILURES.has(lookup.outcome);
}
