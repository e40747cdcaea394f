import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classifyAddress, isUsableAddress } from '../../src/dns/classify-address.ts';
import type { AddressKind } from '../../src/dns/dns-types.ts';

const F = 'ffff:ffff:ffff:ffff';

/** For each SPEC block: its first and last address, then the addresses just outside it. */
const IPV6_BORDERS: Array<[string, AddressKind]> = [
  ['::', 'unspecified'],
  ['::1', 'loopback'],
  ['::2', 'reserved'],
  ['::ffff:0:0', 'ipv4_mapped'],
  ['::ffff:ffff:ffff', 'ipv4_mapped'],
  ['::fffe:ffff:ffff', 'reserved'],
  ['::1:0:0:0', 'reserved'],
  ['64:ff9b::', 'nat64'],
  ['64:ff9b::ffff:ffff', 'nat64'],
  ['64:ff9a:ffff:ffff:' + F, 'reserved'],
  ['64:ff9b::1:0:0', 'reserved'],
  ['64:ff9b:1::', 'nat64_local'],
  ['64:ff9b:1:ffff:' + F, 'nat64_local'],
  ['64:ff9b:0:ffff:' + F, 'reserved'],
  ['64:ff9b:2::', 'reserved'],
  ['100::', 'discard'],
  ['100::' + F, 'discard'],
  ['ff:ffff:ffff:ffff:' + F, 'reserved'],
  ['100:0:0:1::', 'reserved'],
  ['2001::', 'teredo'],
  ['2001:0:ffff:ffff:' + F, 'teredo'],
  ['2000:ffff:ffff:ffff:' + F, 'global'],
  ['2001:1::', 'ietf_protocol'],
  ['2001:1::4', 'ietf_protocol'],
  ['2001:1::1', 'global'],
  ['2001:2::1', 'benchmarking'],
  ['2001:10::1', 'orchid'],
  ['2001:1ff:ffff:ffff:' + F, 'ietf_protocol'],
  ['2001:200::', 'global'],
  ['5f00::', 'srv6_sid'],
  ['5eff:ffff:ffff:ffff:' + F, 'reserved'],
  ['5f01::', 'reserved'],
  ['2001:db8::', 'documentation'],
  ['2001:db8:ffff:ffff:' + F, 'documentation'],
  ['2001:db7:ffff:ffff:' + F, 'global'],
  ['2001:db9::', 'global'],
  ['3fff::', 'documentation_3fff'],
  ['3fff:fff:ffff:ffff:' + F, 'documentation_3fff'],
  ['3ffe:ffff:ffff:ffff:' + F, 'global'],
  ['3fff:1000::', 'global'],
  ['2002::', '6to4'],
  ['2002:ffff:ffff:ffff:' + F, '6to4'],
  ['2001:ffff:ffff:ffff:' + F, 'global'],
  ['2003::', 'global'],
  ['fc00::', 'unique_local'],
  ['fdff:ffff:ffff:ffff:' + F, 'unique_local'],
  ['fbff:ffff:ffff:ffff:' + F, 'reserved'],
  ['fe00::', 'reserved'],
  ['fe80::', 'link_local'],
  ['febf:ffff:ffff:ffff:' + F, 'link_local'],
  ['fe7f:ffff:ffff:ffff:' + F, 'reserved'],
  ['fec0::', 'site_local'],
  ['feff:ffff:ffff:ffff:' + F, 'site_local'],
  ['ff00::', 'multicast'],
  ['ffff:ffff:ffff:ffff:' + F, 'multicast'],
  ['2000::', 'global'],
  ['3fff:ffff:ffff:ffff:' + F, 'global'],
  ['1fff:ffff:ffff:ffff:' + F, 'reserved'],
  ['4000::', 'reserved'],
  ['2606:4700::1', 'global'],
];

const IPV4_BORDERS: Array<[string, AddressKind]> = [
  ['0.0.0.0', 'this_network'],
  ['0.255.255.255', 'this_network'],
  ['1.0.0.0', 'global'],
  ['10.0.0.0', 'private'],
  ['10.255.255.255', 'private'],
  ['9.255.255.255', 'global'],
  ['11.0.0.0', 'global'],
  ['172.16.0.0', 'private'],
  ['172.31.255.255', 'private'],
  ['172.15.255.255', 'global'],
  ['172.32.0.0', 'global'],
  ['192.168.0.0', 'private'],
  ['192.168.255.255', 'private'],
  ['192.167.255.255', 'global'],
  ['192.169.0.0', 'global'],
  ['100.64.0.0', 'cgnat'],
  ['100.127.255.255', 'cgnat'],
  ['100.63.255.255', 'global'],
  ['100.128.0.0', 'global'],
  ['127.0.0.0', 'loopback'],
  ['127.255.255.255', 'loopback'],
  ['126.255.255.255', 'global'],
  ['128.0.0.0', 'global'],
  ['169.254.0.0', 'link_local'],
  ['169.254.255.255', 'link_local'],
  ['169.253.255.255', 'global'],
  ['169.255.0.0', 'global'],
  ['192.0.0.0', 'ietf_protocol'],
  ['192.0.0.255', 'ietf_protocol'],
  ['192.0.0.8', 'ietf_protocol'],
  ['192.0.0.9', 'global'],
  ['192.0.0.10', 'global'],
  ['192.0.0.11', 'ietf_protocol'],
  ['191.255.255.255', 'global'],
  ['192.0.1.0', 'global'],
  ['192.0.2.0', 'documentation'],
  ['192.0.2.255', 'documentation'],
  ['192.0.1.255', 'global'],
  ['192.0.3.0', 'global'],
  ['198.51.100.0', 'documentation'],
  ['198.51.100.255', 'documentation'],
  ['198.51.99.255', 'global'],
  ['198.51.101.0', 'global'],
  ['203.0.113.0', 'documentation'],
  ['203.0.113.255', 'documentation'],
  ['203.0.112.255', 'global'],
  ['203.0.114.0', 'global'],
  ['198.18.0.0', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  ['198.17.255.255', 'global'],
  ['198.20.0.0', 'global'],
  ['224.0.0.0', 'multicast'],
  ['239.255.255.255', 'multicast'],
  ['223.255.255.255', 'global'],
  ['240.0.0.0', 'reserved'],
  ['255.255.255.254', 'reserved'],
  ['255.255.255.255', 'broadcast'],
];

describe('classifyAddress', () => {
  it.each(IPV6_BORDERS)('IPv6 %s is %s', (address, kind) => {
    const classified = classifyAddress(address);
    expect(classified).toEqual({ address, family: 6, global: kind === 'global', kind });
  });

  it.each(IPV4_BORDERS)('IPv4 %s is %s', (address, kind) => {
    const classified = classifyAddress(address);
    expect(classified).toEqual({ address, family: 4, global: kind === 'global', kind });
  });

  it('reads upper case, zone indexes and embedded IPv4 in IPv6', () => {
    expect(classifyAddress('FE80::1')).toMatchObject({ address: 'fe80::1', kind: 'link_local' });
    expect(classifyAddress('fe80::1%eth0')).toMatchObject({
      address: 'fe80::1',
      kind: 'link_local',
    });
    expect(classifyAddress('::ffff:192.0.2.1').kind).toBe('ipv4_mapped');
    expect(classifyAddress('64:ff9b::192.0.2.1').kind).toBe('nat64');
  });

  it.each(['', 'example.test', '1.2.3', '010.1.1.1', '1.2.3.256', '2001:db8::g', '[::1]'])(
    'rejects %j as not an IP address',
    (text) => {
      expect(() => classifyAddress(text)).toThrow(/not an IP address/);
    },
  );
});

interface RegistryAddress {
  block: string;
  name: string;
  address: string;
  kind: AddressKind;
  global: boolean;
  python_is_global: boolean;
}

/** Generated by special-purpose-blocks.py (see there): every IANA block's first and last address. */
const REGISTRY: { python: string; addresses: RegistryAddress[] } = JSON.parse(
  readFileSync(new URL('./special-purpose-blocks.json', import.meta.url), 'utf8'),
);

/**
 * Blocks where SPEC (the authority) and Python's ipaddress (the recorded version) disagree on
 * "global", and why we keep SPEC's answer.
 */
const KEPT_DISAGREEMENTS_WITH_PYTHON: Record<string, string> = {
  '192.0.0.0/24':
    'IANA: IETF protocol assignments are not global; Python knows only /29 and .170/31',
  '192.0.0.8/32': 'IANA: the IPv4 dummy address is not global; Python predates it',
  '224.0.0.0/4': 'multicast is not unicast (SPEC); Python only asks "is it private"',
  '64:ff9b::/96': 'SPEC: NAT64 addresses carry IPv4 and would measure IPv4 under an IPv6 label',
  '64:ff9b:1::/48': 'IANA: local-use NAT64 is not global; Python predates it',
  '100:0:0:1::/64': 'IANA: the dummy prefix (RFC 9780) is not global; outside 2000::/3 too',
  '2001:1::1/128': 'IANA: PCP anycast is globally reachable; Python 3.11.7 took all 2001::/23',
  '2001:1::2/128': 'IANA: TURN anycast is globally reachable',
  '2001:1::3/128': 'IANA: DNS-SD SRP anycast is globally reachable',
  '2001:3::/32': 'IANA: AMT is globally reachable',
  '2001:4:112::/48': 'IANA: AS112-v6 is globally reachable',
  '2001:20::/28': 'IANA: ORCHIDv2 is globally reachable',
  '2001:30::/28': 'IANA: drone DETs are globally reachable',
  '2002::/16': 'SPEC: 6to4 addresses carry IPv4',
  '3fff::/20': 'IANA: documentation prefix (RFC 9637); Python predates it',
  '5f00::/16': 'IANA: SRv6 SIDs (RFC 9602) are not global; Python predates it',
  'fec0::/10': 'SPEC: deprecated site-local space is not global',
  'ff00::/8': 'multicast is not unicast (SPEC); Python only asks "is it private"',
};

describe('classifyAddress against the IANA special-purpose registries', () => {
  it.each(REGISTRY.addresses.map((row) => [row.address, row.block, row.kind, row]))(
    '%s (first or last of %s) is %s',
    (_address, _block, _kind, row) => {
      const classified = classifyAddress(row.address);
      expect({ kind: classified.kind, global: classified.global }).toEqual({
        kind: row.kind,
        global: row.global,
      });
    },
  );

  it(`differs from Python ${REGISTRY.python}'s ipaddress only in the blocks kept on purpose`, () => {
    const disagreeing = new Set(
      REGISTRY.addresses
        .filter((row) => classifyAddress(row.address).global !== row.python_is_global)
        .map((row) => row.block),
    );
    expect([...disagreeing].sort()).toEqual(Object.keys(KEPT_DISAGREEMENTS_WITH_PYTHON).sort());
  });
});

describe('isUsableAddress', () => {
  it('allows global addresses with or without allowPrivate', () => {
    expect(isUsableAddress(classifyAddress('2606:4700::1'), false)).toBe(true);
    expect(isUsableAddress(classifyAddress('93.184.216.34'), false)).toBe(true);
  });

  it('refuses non-global unicast unless allowPrivate is set', () => {
    for (const address of [
      '::1',
      'fd00::1',
      '2001:db8::1',
      '2001:2::1',
      '127.0.0.1',
      '10.0.0.1',
      '100.64.0.1',
    ]) {
      expect(isUsableAddress(classifyAddress(address), false)).toBe(false);
      expect(isUsableAddress(classifyAddress(address), true)).toBe(true);
    }
  });

  it('never allows unspecified, this-network, multicast or broadcast addresses', () => {
    for (const address of [
      '::',
      'ff02::1',
      '2001::1',
      '2001:10::1',
      '5f00::1',
      '0.0.0.0',
      '0.1.2.3',
      '224.0.0.1',
      '255.255.255.255',
    ]) {
      expect(isUsableAddress(classifyAddress(address), true)).toBe(false);
    }
  });
});
