import { isUsableAddress } from './classify-address.ts';
import type { ClassifiedAddress } from './dns-types.ts';

/**
 * Addresses connected to per host and family (TCP probes, HTTP attempts, links, MX and name
 * servers). A host with a thousand AAAA records would otherwise cost a thousand connections.
 */
export const MAX_ADDRESSES_PER_FAMILY = 8;

/**
 * The addresses of one lookup that v6ready connects to, and the judge counts: usable ones (SPEC
 * "Safety"), each once, the first MAX_ADDRESSES_PER_FAMILY in the order of the answer. The order
 * is the resolver's, so the choice is deterministic for one answer and needs no sorting rule.
 */
export function addressesToTry(
  addresses: readonly ClassifiedAddress[],
  allowPrivate: boolean,
): ClassifiedAddress[] {
  const chosen: ClassifiedAddress[] = [];
  const seen = new Set<string>();
  for (const candidate of addresses) {
    if (chosen.length >= MAX_ADDRESSES_PER_FAMILY) break;
    if (seen.has(candidate.address) || !isUsableAddress(candidate, allowPrivate)) continue;
    seen.add(candidate.address);
    chosen.push(candidate);
  }
  return chosen;
}
