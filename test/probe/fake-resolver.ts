import type { Family } from '../../src/dns/dns-types.ts';
import type { ResolveForFamily } from '../../src/probe/probe-types.ts';

/** Per host, the addresses of each family; a family left out has no address. */
export type FakeZone = Record<string, Partial<Record<Family, string[]>>>;

/**
 * A ResolveForFamily over a fixed table, recording every lookup so a test can see that each
 * hop was resolved again. Unknown names are NXDOMAIN; a name without the family is NODATA.
 */
export function fakeResolver(zone: FakeZone): ResolveForFamily & { lookups: string[] } {
  const lookups: string[] = [];
  const resolve = async (host: string, family: Family) => {
    lookups.push(`${host}/${family}`);
    const entry = zone[host];
    if (!entry)
      return { ok: false as const, error: 'nxdomain' as const, detail: `${host}: NXDOMAIN` };
    const addresses = entry[family];
    if (!addresses || addresses.length === 0) {
      return {
        ok: false as const,
        error: 'no_address' as const,
        detail: `${host} has no IPv${family} address`,
      };
    }
    return { ok: true as const, addresses };
  };
  return Object.assign(resolve, { lookups });
}
