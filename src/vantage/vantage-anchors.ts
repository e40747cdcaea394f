import type { ResolverEndpoint } from '../dns/dns-types.ts';

/**
 * Default anchors: a.root-servers.net, k.root-servers.net and f.root-servers.net, run by three
 * different operators, anycast, and answering `. NS` to anyone (RFC 7720). Their addresses are
 * stable for decades (root hints, https://www.internic.net/domain/named.root).
 */
export const DEFAULT_VANTAGE_ANCHORS: readonly ResolverEndpoint[] = [
  { address: '2001:503:ba3e::2:30', port: 53 },
  { address: '2001:7fd::1', port: 53 },
  { address: '2001:500:2f::f', port: 53 },
  { address: '198.41.0.4', port: 53 },
  { address: '193.0.14.129', port: 53 },
  { address: '192.5.5.241', port: 53 },
];
