/**
 * Renders the lab's DNS: one zone file per served zone (with delegations and glue derived from
 * the plan), nsd.conf for the authoritative server, and unbound.conf plus root hints for the
 * recursive resolver that knows only the lab's own root.
 */
import {
  LAB_HOSTS,
  NAME_SERVERS,
  RESOLVER,
  ZONES,
  hostIpv4,
  nameServer,
  publishedAaaa,
  type NameServerRole,
  type ZonePlan,
} from './lab-plan.ts';

const TTL = 300;

function absolute(name: string): string {
  return name === '' ? '.' : `${name}.`;
}

function isAtOrBelow(name: string, zone: string): boolean {
  return zone === '' || name === zone || name.endsWith(`.${zone}`);
}

/** The zone that holds a name's records: the longest zone apex at or above it. */
export function zoneOf(name: string): ZonePlan {
  let best: ZonePlan | undefined;
  for (const zone of ZONES) {
    if (isAtOrBelow(name, zone.name) && (!best || zone.name.length > best.name.length)) {
      best = zone;
    }
  }
  if (!best) throw new Error(`no zone holds ${name}`);
  return best;
}

/** The zone that delegates to this one (the closest zone strictly above it). */
function parentZone(zone: ZonePlan): ZonePlan | null {
  if (zone.name === '') return null;
  const dot = zone.name.indexOf('.');
  return zoneOf(dot === -1 ? '' : zone.name.slice(dot + 1));
}

/** A zone is served when one of its name servers is authoritative; the others are dead. */
export function isServed(zone: ZonePlan): boolean {
  return zone.nameServers.some((name) => nameServer(name).role === 'authoritative');
}

function addressRecords(name: string, ipv4: string | null, ipv6: string | null): string[] {
  const lines: string[] = [];
  if (ipv4) lines.push(`${absolute(name)} ${TTL} IN A ${ipv4}`);
  if (ipv6) lines.push(`${absolute(name)} ${TTL} IN AAAA ${ipv6}`);
  return lines;
}

function nameServerAddressRecords(name: string): string[] {
  const server = nameServer(name);
  return addressRecords(name, server.ipv4, server.ipv6 ?? null);
}

export function renderZoneFile(zone: ZonePlan): string {
  const apex = absolute(zone.name);
  const primary = zone.nameServers[0] ?? 'invalid';
  const lines = [
    `$TTL ${TTL}`,
    // A short negative TTL keeps a re-run from seeing stale NXDOMAIN answers.
    `${apex} ${TTL} IN SOA ${absolute(primary)} hostmaster.${apex === '.' ? '' : apex} 1 3600 600 86400 30`,
  ];
  for (const server of zone.nameServers) lines.push(`${apex} ${TTL} IN NS ${absolute(server)}`);

  for (const server of NAME_SERVERS) {
    if (zoneOf(server.name) === zone) lines.push(...nameServerAddressRecords(server.name));
  }
  for (const host of LAB_HOSTS) {
    if (zoneOf(host.name) !== zone) continue;
    lines.push(...addressRecords(host.name, host.a ? hostIpv4(host) : null, publishedAaaa(host)));
    if (host.mx) lines.push(`${absolute(host.name)} ${TTL} IN MX 10 ${absolute(host.mx)}`);
  }
  for (const child of ZONES) {
    if (child === zone || parentZone(child) !== zone) continue;
    for (const server of child.nameServers) {
      lines.push(`${absolute(child.name)} ${TTL} IN NS ${absolute(server)}`);
      // Glue: the child's name servers that live inside the child need their addresses here.
      if (isAtOrBelow(server, child.name)) lines.push(...nameServerAddressRecords(server));
    }
  }
  return `${lines.join('\n')}\n`;
}

export function zoneFileName(zone: ZonePlan): string {
  return zone.name === '' ? 'root.zone' : `${zone.name}.zone`;
}

/** nsd.conf for the name servers of one role; the 'refused' one serves no zone at all. */
export function renderNsdConf(nsdDir: string, role: NameServerRole): string {
  const servers = NAME_SERVERS.filter((server) => server.role === role);
  const addresses = servers.flatMap((server) =>
    server.ipv6 ? [server.ipv4, server.ipv6] : [server.ipv4],
  );
  const zones = (role === 'authoritative' ? ZONES.filter(isServed) : []).map(
    (zone) => `zone:\n  name: "${absolute(zone.name)}"\n  zonefile: "${zoneFileName(zone)}"\n`,
  );
  return [
    'server:',
    ...addresses.map((address) => `  ip-address: ${address}`),
    '  port: 53',
    '  server-count: 1',
    '  username: ""',
    '  chroot: ""',
    `  zonesdir: "${nsdDir}"`,
    `  zonelistfile: "${nsdDir}/zone.list"`,
    `  xfrdfile: "${nsdDir}/xfrd.state"`,
    `  xfrdir: "${nsdDir}"`,
    `  pidfile: "${nsdDir}/nsd.pid"`,
    '  database: ""',
    '  verbosity: 1',
    '  hide-version: yes',
    'remote-control:',
    '  control-enable: no',
    ...zones,
  ].join('\n');
}

export function renderRootHints(): string {
  const root = ZONES.find((zone) => zone.name === '');
  if (!root) throw new Error('the lab plan has no root zone');
  return [
    ...root.nameServers.map((server) => `. 3600000 NS ${absolute(server)}`),
    ...root.nameServers.flatMap((server) => nameServerAddressRecords(server)),
    '',
  ].join('\n');
}

export function renderUnboundConf(unboundDir: string): string {
  return [
    'server:',
    `  interface: ${RESOLVER.ipv4}`,
    `  interface: ${RESOLVER.ipv6}`,
    '  port: 53',
    '  do-ip4: yes',
    '  do-ip6: yes',
    '  access-control: 0.0.0.0/0 allow',
    '  access-control: ::/0 allow',
    '  username: ""',
    '  chroot: ""',
    `  directory: "${unboundDir}"`,
    `  pidfile: "${unboundDir}/unbound.pid"`,
    '  use-syslog: no',
    '  logfile: ""',
    '  verbosity: 1',
    '  num-threads: 1',
    '  so-reuseport: no',
    // The lab's root replaces the Internet's; no DNSSEC, no trust anchor.
    `  root-hints: "${unboundDir}/root.hints"`,
    '  module-config: "iterator"',
    // Unbound answers names under test. itself unless told not to (RFC 6761 default zones).
    '  local-zone: "test." nodefault',
    // Errors must not be remembered across scenarios of one run for longer than a moment.
    '  infra-host-ttl: 5',
    '  cache-max-negative-ttl: 5',
    'remote-control:',
    '  control-enable: no',
    '',
  ].join('\n');
}
