import { isUsableAddress } from '../dns/classify-address.ts';
import type {
  AddressKind,
  AddressLookup,
  ClassifiedAddress,
  DnsOutcome,
} from '../dns/dns-types.ts';

/**
 * IPv6 kinds that count with --allow-private: an intranet's unique-local or link-local address,
 * a test bed's loopback or documentation prefix. Nothing else does, even then: mapped, NAT64,
 * 6to4 and Teredo addresses carry IPv4, and the rest are not unicast or not assigned.
 */
const PRIVATE_IPV6: ReadonlySet<AddressKind> = new Set([
  'loopback',
  'unique_local',
  'link_local',
  'site_local',
  'documentation',
  'documentation_3fff',
]);

/** Whether an address counts as IPv4 or IPv6 for the checks (SPEC: global unicast). */
export function countsAsAddress(address: ClassifiedAddress, allowPrivate: boolean): boolean {
  if (address.global) return true;
  if (!allowPrivate) return false;
  return address.family === 6 ? PRIVATE_IPV6.has(address.kind) : isUsableAddress(address, true);
}

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
