import { addressesToTry } from '../dns/addresses-to-try.ts';
import { isUsableAddress } from '../dns/classify-address.ts';
import type { AddressLookup, ClassifiedAddress } from '../dns/dns-types.ts';

/** Whether an address counts as IPv4 or IPv6 for the checks (SPEC: global unicast). */
export const countsAsAddress = isUsableAddress;

/** The addresses the scan connected to: the judge holds a host to those and no others. */
export function countedAddresses(
  lookup: AddressLookup,
  allowPrivate: boolean,
): ClassifiedAddress[] {
  return addressesToTry(lookup.addresses, allowPrivate);
}

export { LOOKUP_FAILURES, lookupFailed } from '../dns/lookup-failed.ts';
