import { isIPv4, isIPv6 } from 'node:net';
import { IPv4, IPv4CidrRange, IPv6, IPv6CidrRange } from 'ip-num';
import type { AddressKind, ClassifiedAddress } from './dns-types.ts';

interface KindRange<Range> {
  range: Range;
  kind: AddressKind;
}

function v6(cidr: string, kind: AddressKind): KindRange<IPv6CidrRange> {
  return { range: IPv6CidrRange.fromCidr(cidr), kind };
}

function v4(cidr: string, kind: AddressKind): KindRange<IPv4CidrRange> {
  return { range: IPv4CidrRange.fromCidr(cidr), kind };
}

/**
 * SPEC "Checks": the IPv6 blocks that are not global. Our own table because ip-num's getKind()
 * calls 6to4, Teredo and NAT64 "Global Unicast". The blocks do not overlap.
 */
const IPV6_NON_GLOBAL: ReadonlyArray<KindRange<IPv6CidrRange>> = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('::ffff:0:0/96', 'ipv4_mapped'),
  v6('64:ff9b::/96', 'nat64'),
  v6('64:ff9b:1::/48', 'nat64_local'),
  v6('100::/64', 'discard'),
  v6('2001:db8::/32', 'documentation'),
  v6('2001::/32', 'teredo'),
  v6('3fff::/20', 'documentation_3fff'),
  v6('2002::/16', '6to4'),
  v6('fc00::/7', 'unique_local'),
  v6('fe80::/10', 'link_local'),
  v6('fec0::/10', 'site_local'),
  v6('ff00::/8', 'multicast'),
];

/** Global unicast space (RFC 4291 2.4); space outside it and the table above is unassigned. */
const IPV6_GLOBAL_UNICAST = IPv6CidrRange.fromCidr('2000::/3');

/** The IPv4 blocks that are not global (RFC 6890 and SPEC "Safety"); broadcast
 * comes before 240/4, which holds it. */
const IPV4_NON_GLOBAL: ReadonlyArray<KindRange<IPv4CidrRange>> = [
  v4('255.255.255.255/32', 'broadcast'),
  v4('0.0.0.0/8', 'this_network'),
  v4('10.0.0.0/8', 'private'),
  v4('172.16.0.0/12', 'private'),
  v4('192.168.0.0/16', 'private'),
  v4('100.64.0.0/10', 'cgnat'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link_local'),
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'documentation'),
  v4('198.51.100.0/24', 'documentation'),
  v4('203.0.113.0/24', 'documentation'),
  v4('198.18.0.0/15', 'benchmarking'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

/**
 * Classifies an address literal. IPv6 outside 2000::/3 and outside the SPEC table (e.g. 4000::/3,
 * 5f00::/16) is unassigned or special-use space and is reported as `reserved`, not global.
 * Throws on a string that is not an IP address.
 */
export function classifyAddress(address: string): ClassifiedAddress {
  // A zone index (fe80::1%eth0) says which link, not which address.
  const bare = address.split('%')[0] ?? address;
  if (isIPv4(bare)) {
    const ip = IPv4.fromString(bare);
    const match = IPV4_NON_GLOBAL.find((entry) => entry.range.contains(ip));
    const kind = match?.kind ?? 'global';
    return { address: bare, family: 4, global: kind === 'global', kind };
  }
  if (isIPv6(bare)) {
    const ip = IPv6.fromString(bare);
    const match = IPV6_NON_GLOBAL.find((entry) => entry.range.contains(ip));
    const kind = match?.kind ?? (IPV6_GLOBAL_UNICAST.contains(ip) ? 'global' : 'reserved');
    return { address: bare.toLowerCase(), family: 6, global: kind === 'global', kind };
  }
  throw new Error(`not an IP address: "${address}"`);
}

/** IPv4 kinds never connected to, even on an intranet scan: not unicast, or "this host". */
const NEVER_USABLE_IPV4: ReadonlySet<AddressKind> = new Set([
  'this_network',
  'multicast',
  'broadcast',
]);

/**
 * IPv6 kinds usable with --allow-private: an intranet's unique-local or link-local address, a
 * test bed's loopback or documentation prefix. Nothing else, even then: mapped, NAT64, 6to4 and
 * Teredo addresses carry IPv4 and would measure IPv4 under an IPv6 label; the rest are not
 * unicast or not assigned.
 */
const PRIVATE_IPV6: ReadonlySet<AddressKind> = new Set([
  'loopback',
  'unique_local',
  'link_local',
  'site_local',
  'documentation',
  'documentation_3fff',
]);

/**
 * Whether an address counts as IPv4 or IPv6 and may be connected to: global unicast, or, with
 * --allow-private, a private unicast address. Scan and judge share this one rule.
 */
export function isUsableAddress(classified: ClassifiedAddress, allowPrivate: boolean): boolean {
  if (classified.global) return true;
  if (!allowPrivate) return false;
  return classified.family === 6
    ? PRIVATE_IPV6.has(classified.kind)
    : !NEVER_USABLE_IPV4.has(classified.kind);
}
