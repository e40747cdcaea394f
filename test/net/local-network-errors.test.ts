import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNamespace,
  deleteNamespace,
  disableIpv6,
  NAMESPACES_SKIP_REASON,
  NAMESPACES_USABLE,
  runTypeScriptIn,
} from '../support/network-namespace.ts';

const SCRIPT = 'test/net/connect-every-socket.ts';
const SOCKET_KINDS = ['tcp', 'http', 'https', 'smtp', 'dns_udp', 'dns_tcp', 'dns_query'] as const;

type SocketKind = (typeof SOCKET_KINDS)[number];
const everyKind = (code: string): Record<SocketKind, string> =>
  Object.fromEntries(SOCKET_KINDS.map((kind) => [kind, code])) as Record<SocketKind, string>;

/** Each address and what the kernel of the test namespace does to a connect towards it. */
const ROUTED: { address: string; expected: Record<SocketKind, string> }[] = [
  // `unreachable` route: EHOSTUNREACH.
  { address: '2001:db8:1::1', expected: everyKind('no_route') },
  { address: '192.0.2.1', expected: everyKind('no_route') },
  // `prohibit` route: EACCES.
  { address: '2001:db8:2::1', expected: everyKind('local_error') },
  { address: '198.51.100.1', expected: everyKind('local_error') },
  // No route at all: ENETUNREACH.
  { address: '2001:db8:3::1', expected: everyKind('no_route') },
  { address: '203.0.113.1', expected: everyKind('no_route') },
  // Dropped by the local firewall (nftables output hook): a datagram fails at once with EPERM,
  // while the kernel keeps retrying a dropped SYN, so TCP sees a timeout.
  {
    address: '2001:db8:4::1',
    expected: {
      ...everyKind('timeout'),
      dns_udp: 'local_error',
      dns_query: 'local_error',
    },
  },
];

interface Attempt {
  address: string;
  [kind: string]: string;
}

async function connectEverySocket(namespace: string, addresses: string[]): Promise<Attempt[]> {
  const run = await runTypeScriptIn(namespace, SCRIPT, addresses);
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return run.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Attempt);
}

function kindsOf(attempt: Attempt): Record<string, string> {
  return Object.fromEntries(SOCKET_KINDS.map((kind) => [kind, attempt[kind] ?? 'missing']));
}

const TITLE = 'a connect the local kernel refuses';

describe.skipIf(!NAMESPACES_USABLE)(
  NAMESPACES_USABLE ? TITLE : `${TITLE} (skipped: ${NAMESPACES_SKIP_REASON})`,
  () => {
    let routed: string;
    let withoutIpv6: string;

    beforeAll(() => {
      routed = createNamespace('v6t-local', [
        '-6 route add unreachable 2001:db8:1::/48',
        '-6 route add prohibit 2001:db8:2::/48',
        'route add unreachable 192.0.2.0/24',
        'route add prohibit 198.51.100.0/24',
        // A route for the firewalled prefix, so that only the firewall stops it: into a veth
        // pair whose both ends stay in the namespace.
        'link add v6ta type veth peer name v6tb',
        'link set v6ta up',
        'link set v6tb up',
        '-6 route add 2001:db8:4::/48 dev v6ta',
      ]);
      execFileSync('ip', ['netns', 'exec', routed, 'nft', '-f', '-'], {
        input: [
          'table inet v6t_local {',
          '  chain output {',
          '    type filter hook output priority 0; policy accept;',
          '    ip6 daddr 2001:db8:4::/48 drop',
          '  }',
          '}',
          '',
        ].join('\n'),
      });
      withoutIpv6 = createNamespace('v6t-nov6');
      disableIpv6(withoutIpv6);
    });

    afterAll(() => {
      if (routed) deleteNamespace(routed);
      if (withoutIpv6) deleteNamespace(withoutIpv6);
    });

    it('is a classified failure on every socket kind, never a crash', async () => {
      const attempts = await connectEverySocket(
        routed,
        ROUTED.map((entry) => entry.address),
      );
      expect(attempts.map((attempt) => [attempt.address, kindsOf(attempt)])).toEqual(
        ROUTED.map(({ address, expected }) => [address, expected]),
      );
    });

    it('on a host without IPv6 is local_error (no source address) on every socket kind', async () => {
      const [attempt] = await connectEverySocket(withoutIpv6, ['2001:db8:3::1']);
      expect(kindsOf(attempt!)).toEqual(
        Object.fromEntries(SOCKET_KINDS.map((kind) => [kind, 'local_error'])),
      );
    });
  },
);
