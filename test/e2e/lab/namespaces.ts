/**
 * Builds the lab's two namespaces and the one veth link between them:
 *
 *   client ns (v6ready, dig, curl)  --lab0 == lab0--  server ns (nsd, unbound, nginx, socat)
 *
 * The server's service addresses sit on its loopback; the client routes only the lab's prefixes
 * to the server, so a stray connection to any other address fails at once inside the client.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  LAB_HOSTS,
  LAB_NET4,
  LAB_NET6,
  LINK,
  NAME_SERVERS,
  RESOLVER,
  hostIpv4,
  hostOwnIpv6,
} from './lab-plan.ts';
import { run, runIn } from './shell.ts';

export interface LabNamespaces {
  client: string;
  server: string;
}

export function namespaceNames(suffix: string): LabNamespaces {
  return { client: `v6lab-${suffix}-c`, server: `v6lab-${suffix}-s` };
}

export const ETC_NETNS = '/etc/netns';

export function netnsEtcDir(namespace: string): string {
  return join(ETC_NETNS, namespace);
}

/** Every address the server namespace answers on (loopback aliases). */
export function serverServiceAddresses(): { ipv4: string[]; ipv6: string[] } {
  const ipv4 = [RESOLVER.ipv4, ...NAME_SERVERS.map((server) => server.ipv4)];
  const ipv6: string[] = [RESOLVER.ipv6];
  for (const server of NAME_SERVERS) if (server.ipv6) ipv6.push(server.ipv6);
  for (const host of LAB_HOSTS) {
    if (host.a) ipv4.push(hostIpv4(host));
    const own = hostOwnIpv6(host);
    if (own) ipv6.push(own);
  }
  return { ipv4, ipv6 };
}

const QUIET_IPV6 = [
  // Addresses usable at once (no duplicate address detection), no router advertisements.
  'net.ipv6.conf.all.accept_dad=0',
  'net.ipv6.conf.default.accept_dad=0',
  'net.ipv6.conf.all.accept_ra=0',
  'net.ipv6.conf.default.accept_ra=0',
  // Linux would otherwise probe smaller segments after a black hole and mask the PMTU fault.
  'net.ipv4.tcp_mtu_probing=0',
];

export async function createNamespaces(names: LabNamespaces, workDir: string): Promise<void> {
  await run('ip', ['netns', 'add', names.client]);
  await run('ip', ['netns', 'add', names.server]);
  for (const namespace of [names.client, names.server]) {
    await runIn(namespace, 'sysctl', ['-q', '-w', ...QUIET_IPV6]);
  }
  // Both ends are created from inside the lab, so no interface ever exists in the root namespace.
  await run('ip', [
    '-n',
    names.client,
    'link',
    'add',
    LINK.interfaceName,
    'type',
    'veth',
    'peer',
    'name',
    LINK.interfaceName,
    'netns',
    names.server,
  ]);

  const { ipv4, ipv6 } = serverServiceAddresses();
  const serverBatch = [
    `addr add ${LINK.server4}/${LINK.prefix4Length} dev ${LINK.interfaceName}`,
    `addr add ${LINK.server6}/${LINK.prefix6Length} dev ${LINK.interfaceName} nodad`,
    ...ipv4.map((address) => `addr add ${address}/32 dev lo`),
    ...ipv6.map((address) => `addr add ${address}/128 dev lo`),
    'link set lo up',
    `link set ${LINK.interfaceName} up`,
  ];
  const clientBatch = [
    `addr add ${LINK.client4}/${LINK.prefix4Length} dev ${LINK.interfaceName}`,
    `addr add ${LINK.client6}/${LINK.prefix6Length} dev ${LINK.interfaceName} nodad`,
    'link set lo up',
    `link set ${LINK.interfaceName} up`,
    `route add ${LAB_NET4} via ${LINK.server4}`,
    `route add ${LAB_NET6} via ${LINK.server6}`,
  ];
  const serverBatchFile = join(workDir, 'ip-server.batch');
  const clientBatchFile = join(workDir, 'ip-client.batch');
  await writeFile(serverBatchFile, `${serverBatch.join('\n')}\n`);
  await writeFile(clientBatchFile, `${clientBatch.join('\n')}\n`);
  await run('ip', ['-n', names.server, '-batch', serverBatchFile]);
  await run('ip', ['-n', names.client, '-batch', clientBatchFile]);

  // `ip netns exec` bind-mounts this over /etc/resolv.conf: Unbound is the client's system resolver.
  const etcDir = netnsEtcDir(names.client);
  await mkdir(etcDir, { recursive: true });
  await writeFile(
    join(etcDir, 'resolv.conf'),
    `nameserver ${RESOLVER.ipv4}\nnameserver ${RESOLVER.ipv6}\noptions timeout:2 attempts:1\n`,
  );
}

export async function deleteNamespaceEtc(namespace: string): Promise<void> {
  await rm(netnsEtcDir(namespace), { recursive: true, force: true });
}
