import { isUsableAddress } from '../dns/classify-address.ts';
import type { AddressLookup, ClassifiedAddress } from '../dns/dns-types.ts';

/** Whether an address counts as IPv4 or IPv6 for the checks (SPEC: global unicast). */
export const countsAsAddress = isUsableAddress;

export function countedAddresses(
  lookup: AddressLookup,
  allowPrivate: boolean,
): ClassifiedAddress[] {
  return lookup.addresses.filter((address) => countsAsAddress(address, allowPrivate));
}

export { LOOKUP_FAILURES, lookupFailed } from '../dns/lookup-failed.ts';
