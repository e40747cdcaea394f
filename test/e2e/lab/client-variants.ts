/**
 * Imperfect vantages, made from the lab's one client namespace: without IPv6 (as most CI
 * runners), without IPv4, or with no route to one address. Each change returns the function that
 * undoes it, so the scans after it see the usual client again.
 */
import { LAB_NET4, LAB_NET6, LINK } from './lab-plan.ts';
import type { Lab } from './lab.ts';

export type RestoreClient = () => Promise<void>;

async function inClientOrThrow(lab: Lab, command: string, args: readonly string[]): Promise<void> {
  const result = await lab.inClient(command, args);
  if (result.exitCode !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed in the client: ${result.stderr}`);
  }
}

const IPV6_SWITCHES = [
  'net.ipv6.conf.all.disable_ipv6',
  'net.ipv6.conf.default.disable_ipv6',
  'net.ipv6.conf.lo.disable_ipv6',
  `net.ipv6.conf.${LINK.interfaceName}.disable_ipv6`,
];

/** IPv6 switched off in the client's kernel: no IPv6 address at all, not even ::1. */
export async function clientWithoutIpv6(lab: Lab): Promise<RestoreClient> {
  await inClientOrThrow(lab, 'sysctl', ['-q', '-w', ...IPV6_SWITCHES.map((key) => `${key}=1`)]);
  return async () => {
    await inClientOrThrow(lab, 'sysctl', ['-q', '-w', ...IPV6_SWITCHES.map((key) => `${key}=0`)]);
    // Switching IPv6 off dropped the static address and with it the route to the lab.
    await inClientOrThrow(lab, 'ip', [
      'addr',
      'add',
      `${LINK.client6}/${LINK.prefix6Length}`,
      'dev',
      LINK.interfaceName,
      'nodad',
    ]);
    await inClientOrThrow(lab, 'ip', ['-6', 'route', 'add', LAB_NET6, 'via', LINK.server6]);
  };
}

/** The client's IPv4 address removed (and the lab route with it): an IPv6-only host. */
export async function clientWithoutIpv4(lab: Lab): Promise<RestoreClient> {
  await inClientOrThrow(lab, 'ip', [
    'addr',
    'del',
    `${LINK.client4}/${LINK.prefix4Length}`,
    'dev',
    LINK.interfaceName,
  ]);
  return async () => {
    await inClientOrThrow(lab, 'ip', [
      'addr',
      'add',
      `${LINK.client4}/${LINK.prefix4Length}`,
      'dev',
      LINK.interfaceName,
    ]);
    await inClientOrThrow(lab, 'ip', ['route', 'add', LAB_NET4, 'via', LINK.server4]);
  };
}

/** An `unreachable` route (an address/128 or a prefix): the kernel refuses every connect at once. */
export async function clientWithUnroutable(lab: Lab, prefix: string): Promise<RestoreClient> {
  await inClientOrThrow(lab, 'ip', ['-6', 'route', 'add', 'unreachable', prefix]);
  return async () => {
    await inClientOrThrow(lab, 'ip', ['-6', 'route', 'del', 'unreachable', prefix]);
  };
}
