/**
 * The lab's topology as data: addresses, name servers, zones and scenario hosts. Every config file
 * the lab writes (zones, nsd.conf, unbound.conf, nginx.conf, nftables rules) is rendered from
 * here, so adding a scenario host is one entry in LAB_HOSTS.
 *
 * Addresses are global-looking on purpose (the scanner must not need --allow-private), yet exist
 * only inside the lab's namespaces: no route in the root namespace points at them, and the
 * namespaces have no link but the one between them.
 */

/** The lab's own second-level zone under the test-only TLD `test.` (RFC 6761). */
export const LAB_ZONE = 'v6lab.test';

/** The veth link between the client and the server namespace. */
export const LINK = {
  interfaceName: 'lab0',
  server4: '11.66.255.1',
  client4: '11.66.255.2',
  prefix4Length: 24,
  server6: '2a0d:6f0:1ab:ffff::1',
  client6: '2a0d:6f0:1ab:ffff::2',
  prefix6Length: 64,
} as const;

/** Everything the client routes to the server namespace. */
export const LAB_NET4 = '11.66.0.0/16';
export const LAB_NET6 = '2a0d:6f0:1ab::/48';

/** Unbound, the client's system resolver (/etc/netns/CLIENT/resolv.conf). */
export const RESOLVER = { ipv4: '11.66.0.53', ipv6: '2a0d:6f0:1ab::53' } as const;

/** What the lab does to a name server's IPv6 address, as seen from the client. */
export type NameServerFault6 = 'drop';

/**
 * authoritative: the lab's NSD, serving every zone. refused: a second NSD that serves no zone and
 * answers REFUSED (a lame, dead delegation: Unbound gives SERVFAIL at once, where a silent name
 * server would keep it retrying for a minute).
 */
export type NameServerRole = 'authoritative' | 'refused';

export interface NameServerPlan {
  name: string;
  ipv4: string;
  ipv6?: string;
  role: NameServerRole;
  fault6?: NameServerFault6;
}

export const NAME_SERVERS: readonly NameServerPlan[] = [
  {
    name: 'a.root-servers.test',
    ipv4: '11.66.0.10',
    ipv6: '2a0d:6f0:1ab::10',
    role: 'authoritative',
  },
  { name: `ns1.${LAB_ZONE}`, ipv4: '11.66.0.11', ipv6: '2a0d:6f0:1ab::11', role: 'authoritative' },
  { name: `ns2.${LAB_ZONE}`, ipv4: '11.66.0.12', ipv6: '2a0d:6f0:1ab::12', role: 'authoritative' },
  // A name server without AAAA (ns_aaaa fails).
  { name: `ns1.nov6ns.${LAB_ZONE}`, ipv4: '11.66.0.13', role: 'authoritative' },
  // Its IPv6 address is dropped on the way from the client (ns_reach6 fails).
  {
    name: `ns1.ns6dead.${LAB_ZONE}`,
    ipv4: '11.66.0.14',
    ipv6: '2a0d:6f0:1ab::14',
    role: 'authoritative',
    fault6: 'drop',
  },
  // No server answers for this delegation: Unbound gives SERVFAIL.
  { name: `ns1.dead.${LAB_ZONE}`, ipv4: '11.66.0.15', ipv6: '2a0d:6f0:1ab::15', role: 'refused' },
];

/** Mail scenario domains: MX to a host with IPv6, MX to a host without. */
export const MAIL_DOMAINS = ['mail6.test', 'mail4.test'] as const;

export interface ZonePlan {
  /** Zone apex without trailing dot; '' is the root. */
  name: string;
  nameServers: readonly string[];
}

export const ZONES: readonly ZonePlan[] = [
  { name: '', nameServers: ['a.root-servers.test'] },
  { name: 'test', nameServers: ['a.root-servers.test'] },
  { name: LAB_ZONE, nameServers: [`ns1.${LAB_ZONE}`, `ns2.${LAB_ZONE}`] },
  { name: `nov6ns.${LAB_ZONE}`, nameServers: [`ns1.nov6ns.${LAB_ZONE}`] },
  { name: `ns6dead.${LAB_ZONE}`, nameServers: [`ns1.ns6dead.${LAB_ZONE}`] },
  { name: `dead.${LAB_ZONE}`, nameServers: [`ns1.dead.${LAB_ZONE}`] },
  // Registrable domains of their own: v6ready asks for the MX of a host's registrable domain
  // (docs/USAGE.md), and every name under v6lab.test shares v6lab.test.
  ...MAIL_DOMAINS.map((name) => ({ name, nameServers: [`ns1.${LAB_ZONE}`, `ns2.${LAB_ZONE}`] })),
];

/**
 * What one address family of a web host serves on ports 80 and 443. link-pages: the pages that
 * link-sites.ts places on the host (the link scenarios), each at its own path.
 */
export type WebContent =
  | { kind: 'page'; page: PageVariant }
  | { kind: 'redirect'; location: string }
  | { kind: 'link-pages' };

/** standard: the same page on both families; other: unrelated text; large: 64 KiB. */
export type PageVariant = 'standard' | 'other' | 'large';

/** Kernel faults on the host's IPv6 address, applied in nftables. */
export type WebFault6 =
  /** Every packet to the address is dropped: connects time out. */
  | 'drop'
  /** TCP to ports 80 and 443 gets a RST: connection refused. */
  | 'reset'
  /** Packets from the address longer than 1280 bytes vanish on the way to the client. */
  | 'pmtu';

export interface LabHostPlan {
  name: string;
  /** The host's addresses are 11.66.1.<index> and 2a0d:6f0:1ab:1::<index in hex>. */
  index: number;
  a: boolean;
  /** 'global': the host's own lab address; any other string: that AAAA literally. */
  aaaa?: 'global' | string;
  web4?: WebContent;
  /** Absent: nothing listens on the IPv6 address. */
  web6?: WebContent;
  /** The IPv6 HTTPS listener presents a certificate for another name. */
  wrongCertificate6?: boolean;
  fault6?: WebFault6;
  /** SMTP 220 banner on port 25 on each of the host's addresses. */
  smtp?: boolean;
  /** MX target (full name). */
  mx?: string;
}

const standard: WebContent = { kind: 'page', page: 'standard' };
const linkPages: WebContent = { kind: 'link-pages' };

export const LAB_HOSTS: readonly LabHostPlan[] = [
  { name: `dual.${LAB_ZONE}`, index: 1, a: true, aaaa: 'global', web4: standard, web6: standard },
  { name: `nov6.${LAB_ZONE}`, index: 2, a: true, web4: standard },
  {
    name: `blackhole6.${LAB_ZONE}`,
    index: 3,
    a: true,
    aaaa: 'global',
    web4: standard,
    web6: standard,
    fault6: 'drop',
  },
  {
    name: `refused6.${LAB_ZONE}`,
    index: 4,
    a: true,
    aaaa: 'global',
    web4: standard,
    fault6: 'reset',
  },
  {
    name: `diff6.${LAB_ZONE}`,
    index: 5,
    a: true,
    aaaa: 'global',
    web4: standard,
    web6: { kind: 'page', page: 'other' },
  },
  {
    name: `badcert6.${LAB_ZONE}`,
    index: 6,
    a: true,
    aaaa: 'global',
    web4: standard,
    web6: standard,
    wrongCertificate6: true,
  },
  { name: `mapped6.${LAB_ZONE}`, index: 7, a: true, aaaa: '::ffff:11.66.1.7', web4: standard },
  { name: `linklocal6.${LAB_ZONE}`, index: 8, a: true, aaaa: 'fe80::8', web4: standard },
  {
    name: `pmtu6.${LAB_ZONE}`,
    index: 9,
    a: true,
    aaaa: 'global',
    web4: { kind: 'page', page: 'large' },
    web6: { kind: 'page', page: 'large' },
    fault6: 'pmtu',
  },
  {
    name: `redir6.${LAB_ZONE}`,
    index: 10,
    a: true,
    aaaa: 'global',
    web4: { kind: 'redirect', location: `https://v4only.${LAB_ZONE}/` },
    web6: { kind: 'redirect', location: `https://v4only.${LAB_ZONE}/` },
  },
  { name: `v4only.${LAB_ZONE}`, index: 11, a: true, web4: standard },
  {
    name: 'mail6.test',
    index: 12,
    a: true,
    aaaa: 'global',
    web4: standard,
    web6: standard,
    mx: `mx6.${LAB_ZONE}`,
  },
  { name: `mx6.${LAB_ZONE}`, index: 13, a: true, aaaa: 'global', smtp: true },
  {
    name: 'mail4.test',
    index: 14,
    a: true,
    aaaa: 'global',
    web4: standard,
    web6: standard,
    mx: `mx4.${LAB_ZONE}`,
  },
  { name: `mx4.${LAB_ZONE}`, index: 15, a: true, smtp: true },
  {
    name: `www.nov6ns.${LAB_ZONE}`,
    index: 20,
    a: true,
    aaaa: 'global',
    web4: standard,
    web6: standard,
  },
  {
    name: `www.ns6dead.${LAB_ZONE}`,
    index: 21,
    a: true,
    aaaa: 'global',
    web4: standard,
    web6: standard,
  },
  // The link scenarios (link-sites.ts): two sites, and the inner hosts their pages link to.
  // Every *.v6lab.test host shares the registrable domain v6lab.test, so all are inner links.
  {
    name: `links.${LAB_ZONE}`,
    index: 22,
    a: true,
    aaaa: 'global',
    web4: linkPages,
    web6: linkPages,
  },
  { name: `static4.${LAB_ZONE}`, index: 23, a: true, web4: linkPages },
  {
    name: `docs.${LAB_ZONE}`,
    index: 24,
    a: true,
    aaaa: 'global',
    web4: linkPages,
    web6: linkPages,
  },
  {
    name: `archive.${LAB_ZONE}`,
    index: 25,
    a: true,
    aaaa: 'global',
    web4: linkPages,
    web6: linkPages,
    fault6: 'drop',
  },
  {
    name: `links6.${LAB_ZONE}`,
    index: 26,
    a: true,
    aaaa: 'global',
    web4: linkPages,
    web6: linkPages,
  },
];

/** Names that resolve to nothing: no record anywhere (NXDOMAIN) and below the dead delegation. */
export const NXDOMAIN_NAME = `missing.${LAB_ZONE}`;
export const SERVFAIL_NAME = `www.dead.${LAB_ZONE}`;

/** The name on the certificate that the wrong-certificate host presents over IPv6. */
export const WRONG_CERTIFICATE_NAME = `wrong-name.${LAB_ZONE}`;

export function hostIpv4(host: LabHostPlan): string {
  return `11.66.1.${host.index}`;
}

export function hostIpv6(host: LabHostPlan): string {
  return `2a0d:6f0:1ab:1::${host.index.toString(16)}`;
}

/** The host's own IPv6 address when it has one in the lab (a global AAAA). */
export function hostOwnIpv6(host: LabHostPlan): string | null {
  return host.aaaa === 'global' ? hostIpv6(host) : null;
}

/** The AAAA record value the zone publishes, if any. */
export function publishedAaaa(host: LabHostPlan): string | null {
  if (host.aaaa === undefined) return null;
  return host.aaaa === 'global' ? hostIpv6(host) : host.aaaa;
}

export function labHost(name: string): LabHostPlan {
  const found = LAB_HOSTS.find((host) => host.name === name);
  if (!found) throw new Error(`no lab host ${name}`);
  return found;
}

export function nameServer(name: string): NameServerPlan {
  const found = NAME_SERVERS.find((server) => server.name === name);
  if (!found) throw new Error(`no lab name server ${name}`);
  return found;
}
