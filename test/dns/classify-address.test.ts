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
  ['2001:1::', 'global'],
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
  ['192.0.0.0', 'reserved'],
  ['192.0.0.255', 'reserved'],
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
      '127.0.0.1',
      '10.0.0.1',
      '100.64.0.1',
    ]) {
      expect(isUsableAddress(classifyAddress(address), false)).toBe(false);
      expect(isUsableAddress(classifyAddress(address), true)).toBe(true);
    }
  });

  it('never allows unspecified, this-network, multicast or broadcast addresses', () => {
    for (const address of ['::', 'ff02::1', '0.0.0.0', '0.1.2.3', '224.0.0.1', '255.255.255.255']) {
      expect(isUsableAddress(classifyAddress(address), true)).toBe(false);
    }
  });
});
