/**
 * The lab's faults, as nftables rulesets: the kernel drops, resets and loses packets, the servers
 * never know. Server-side rules match only traffic arriving over the link from the client, so
 * Unbound (on the server's loopback) still reaches every name server.
 */
import { LAB_HOSTS, LINK, NAME_SERVERS, hostOwnIpv6 } from './lab-plan.ts';

/** IPv6 packets larger than this vanish on the PMTU black-hole path (the IPv6 minimum MTU). */
export const PMTU_BLACK_HOLE_BYTES = 1280;

export function renderServerRules(): string {
  const rules: string[] = [];
  const link = `iifname "${LINK.interfaceName}"`;
  for (const host of LAB_HOSTS) {
    const ipv6 = hostOwnIpv6(host);
    if (!ipv6) continue;
    if (host.fault6 === 'drop') rules.push(`${link} ip6 daddr ${ipv6} drop`);
    if (host.fault6 === 'reset') {
      rules.push(`${link} ip6 daddr ${ipv6} tcp dport { 80, 443 } reject with tcp reset`);
    }
  }
  for (const server of NAME_SERVERS) {
    if (server.fault6 === 'drop' && server.ipv6) {
      rules.push(`${link} ip6 daddr ${server.ipv6} meta l4proto { tcp, udp } th dport 53 drop`);
    }
  }
  return table('input', rules);
}

export function renderClientRules(): string {
  const rules: string[] = [];
  for (const host of LAB_HOSTS) {
    const ipv6 = hostOwnIpv6(host);
    // Lost on arrival, as if a router on a small-MTU hop dropped them and its ICMPv6
    // "packet too big" never came back: the handshake passes, full-size segments vanish.
    if (ipv6 && host.fault6 === 'pmtu') {
      rules.push(`ip6 saddr ${ipv6} meta length > ${PMTU_BLACK_HOLE_BYTES} drop`);
    }
  }
  return table('prerouting', rules);
}

function table(hook: 'input' | 'prerouting', rules: readonly string[]): string {
  return [
    'table inet v6lab_faults {',
    `  chain ${hook} {`,
    `    type filter hook ${hook} priority 0; policy accept;`,
    ...rules.map((rule) => `    ${rule}`),
    '  }',
    '}',
    '',
  ].join('\n');
}
