import { isIPv4, isIPv6 } from 'node:net';
import type { AddressKind, ClassifiedAddress } from './dns-types.ts';

/** An address as 16 bytes; an IPv4 address sits in the last four, as in ::ffff:a.b.c.d. */
type AddressBytes = Uint8Array;

interface AddressBlock {
  prefix: AddressBytes;
  mask: AddressBytes;
  /** Bytes the mask touches: the match looks at no more. */
  maskBytes: number;
  prefixLength: number;
  kind: AddressKind;
}

/** Writes dotted-quad IPv4 text into bytes[offset..offset+3]; the text is already validated. */
function writeIPv4(text: string, bytes: AddressBytes, offset: number): void {
  let octet = 0;
  let index = offset;
  for (let position = 0; position < text.length; position++) {
    const code = text.charCodeAt(position);
    if (code === 0x2e /* . */) {
      bytes[index++] = octet;
      octet = 0;
    } else octet = octet * 10 + (code - 0x30);
  }
  bytes[index] = octet;
}

/** Writes colon-separated hex groups as 16-bit words from `wordIndex`; returns the next word. */
function writeGroups(groups: string[], bytes: AddressBytes, wordIndex: number): number {
  let word = wordIndex;
  for (const group of groups) {
    if (group.includes('.')) {
      writeIPv4(group, bytes, word * 2);
      word += 2;
    } else {
      const value = Number.parseInt(group, 16);
      bytes[word * 2] = value >> 8;
      bytes[word * 2 + 1] = value & 0xff;
      word++;
    }
  }
  return word;
}

/** The 16 bytes of validated IPv6 text (`::` and an embedded IPv4 tail included). */
function ipv6Bytes(text: string): AddressBytes {
  const bytes = new Uint8Array(16);
  const gap = text.indexOf('::');
  if (gap === -1) {
    writeGroups(text.split(':'), bytes, 0);
    return bytes;
  }
  const head = text.slice(0, gap);
  const tail = text.slice(gap + 2);
  if (head !== '') writeGroups(head.split(':'), bytes, 0);
  if (tail !== '') {
    const tailGroups = tail.split(':');
    const tailWords = tailGroups.reduce((words, group) => words + (group.includes('.') ? 2 : 1), 0);
    writeGroups(tailGroups, bytes, 8 - tailWords);
  }
  return bytes;
}

function ipv4Bytes(text: string): AddressBytes {
  const bytes = new Uint8Array(16);
  bytes[10] = 0xff;
  bytes[11] = 0xff;
  writeIPv4(text, bytes, 12);
  return bytes;
}

/** A block from CIDR text; an IPv4 prefix length counts within the last 32 bits. */
function block(cidr: string, kind: AddressKind): AddressBlock {
  const [address = '', lengthText = ''] = cidr.split('/');
  const family4 = isIPv4(address);
  if (!family4 && !isIPv6(address)) throw new Error(`bad block in the address table: ${cidr}`);
  const prefixLength = Number(lengthText) + (family4 ? 96 : 0);
  const mask = new Uint8Array(16);
  for (let bit = 0; bit < prefixLength; bit++) mask[bit >> 3]! |= 0x80 >> (bit & 7);
  const prefix = family4 ? ipv4Bytes(address) : ipv6Bytes(address);
  for (let index = 0; index < 16; index++) prefix[index]! &= mask[index]!;
  return { prefix, mask, maskBytes: Math.ceil(prefixLength / 8), prefixLength, kind };
}

/** Most specific block first, so an exception inside a wider block wins. */
function bySpecificity(blocks: AddressBlock[]): readonly AddressBlock[] {
  return [...blocks].sort((a, b) => b.prefixLength - a.prefixLength);
}

/**
 * SPEC "Checks": IPv6 outside 2000::/3 and the special-purpose blocks are not global. Inside
 * 2001::/23 (IETF protocol assignments) the IANA special-purpose registry marks a few blocks as
 * globally reachable (anycast PCP/TURN/DNS-SD SRP, AMT, AS112, ORCHIDv2, drone DETs); SPEC follows
 * it. Our own table: ip-num's getKind() calls 6to4, Teredo and NAT64 "Global Unicast", and its
 * BigInt ranges took about 2 ms an address (docs/PERFORMANCE.md).
 */
const IPV6_BLOCKS = bySpecificity([
  block('2000::/3', 'global'),
  block('::/128', 'unspecified'),
  block('::1/128', 'loopback'),
  block('::ffff:0:0/96', 'ipv4_mapped'),
  block('64:ff9b::/96', 'nat64'),
  block('64:ff9b:1::/48', 'nat64_local'),
  block('100::/64', 'discard'),
  block('2001::/23', 'ietf_protocol'),
  block('2001::/32', 'teredo'),
  block('2001:1::1/128', 'global'),
  block('2001:1::2/128', 'global'),
  block('2001:1::3/128', 'global'),
  block('2001:2::/48', 'benchmarking'),
  block('2001:3::/32', 'global'),
  block('2001:4:112::/48', 'global'),
  block('2001:10::/28', 'orchid'),
  block('2001:20::/28', 'global'),
  block('2001:30::/28', 'global'),
  block('2001:db8::/32', 'documentation'),
  block('2002::/16', '6to4'),
  block('3fff::/20', 'documentation_3fff'),
  block('5f00::/16', 'srv6_sid'),
  block('fc00::/7', 'unique_local'),
  block('fe80::/10', 'link_local'),
  block('fec0::/10', 'site_local'),
  block('ff00::/8', 'multicast'),
]);

/**
 * The IPv4 blocks that are not global (IANA special-purpose registry and SPEC "Safety"), with the
 * registry's globally reachable anycast addresses inside 192.0.0.0/24.
 */
const IPV4_BLOCKS = bySpecificity([
  block('0.0.0.0/8', 'this_network'),
  block('10.0.0.0/8', 'private'),
  block('100.64.0.0/10', 'cgnat'),
  block('127.0.0.0/8', 'loopback'),
  block('169.254.0.0/16', 'link_local'),
  block('172.16.0.0/12', 'private'),
  block('192.0.0.0/24', 'ietf_protocol'),
  block('192.0.0.9/32', 'global'),
  block('192.0.0.10/32', 'global'),
  block('192.0.2.0/24', 'documentation'),
  block('192.168.0.0/16', 'private'),
  block('198.18.0.0/15', 'benchmarking'),
  block('198.51.100.0/24', 'documentation'),
  block('203.0.113.0/24', 'documentation'),
  block('224.0.0.0/4', 'multicast'),
  block('240.0.0.0/4', 'reserved'),
  block('255.255.255.255/32', 'broadcast'),
]);

function kindOf(
  bytes: AddressBytes,
  blocks: readonly AddressBlock[],
  otherwise: AddressKind,
): AddressKind {
  for (const entry of blocks) {
    let inside = true;
    for (let index = 0; index < entry.maskBytes; index++) {
      if ((bytes[index]! & entry.mask[index]!) !== entry.prefix[index]) {
        inside = false;
        break;
      }
    }
    if (inside) return entry.kind;
  }
  return otherwise;
}

/**
 * Classifies an address literal. IPv6 outside 2000::/3 and outside the table (e.g. 4000::/3) is
 * unassigned space and is reported as `reserved`, not global; IPv4 outside the table is global.
 * Throws on a string that is not an IP address.
 */
export function classifyAddress(address: string): ClassifiedAddress {
  // A zone index (fe80::1%eth0) says which link, not which address.
  const zone = address.indexOf('%');
  const bare = zone === -1 ? address : address.slice(0, zone);
  if (isIPv4(bare)) {
    const kind = kindOf(ipv4Bytes(bare), IPV4_BLOCKS, 'global');
    return { address: bare, family: 4, global: kind === 'global', kind };
  }
  if (isIPv6(bare)) {
    const lower = bare.toLowerCase();
    const kind = kindOf(ipv6Bytes(lower), IPV6_BLOCKS, 'reserved');
    return { address: lower, family: 6, global: kind === 'global', kind };
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
 * test bed's loopback, documentation or benchmarking prefix. Nothing else, even then: mapped,
 * NAT64, 6to4 and Teredo addresses carry IPv4 and would measure IPv4 under an IPv6 label; the rest
 * are not unicast, not assigned, or identifiers rather than locators (ORCHID, SRv6 SIDs).
 */
const PRIVATE_IPV6: ReadonlySet<AddressKind> = new Set([
  'loopback',
  'unique_local',
  'link_local',
  'site_local',
  'documentation',
  'documentation_3fff',
  'benchmarking',
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
