import type { AddressLookup, DnsOutcome } from './dns-types.ts';

/** Lookup outcomes that say nothing about the records: the lookup itself failed. */
export const LOOKUP_FAILURES: ReadonlySet<DnsOutcome> = new Set<DnsOutcome>([
  'nxdomain',
  'servfail',
  'dns_refused',
  'timeout',
  'cname_loop',
  'resolver_unreachable',
  'dns_error',
]);

export function lookupFailed(lookup: AddressLookup): boolean {
  return LOOKUP_FAILURES.has(lookup.outcome);
}
