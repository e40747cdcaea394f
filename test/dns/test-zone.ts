import { Packet } from 'dns2';
import type { Resource } from 'dns2';
import { record } from './test-dns-server.ts';
import type { TestHandler, TestReply } from './test-dns-server.ts';

/** RFC 1035 response codes (dns2 has them at run time, not in its types). */
export const RCODE = { SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;

/**
 * The zone every DNS test asks about. Addresses in answers are data only: no test sends a packet
 * anywhere but 127.0.0.1 and ::1 (name servers used for ns_reach6 all point at ::1).
 */
const ZONE: Partial<Resource>[] = [
  record('v6.example.test', 'A', { address: '93.184.216.34' }),
  record('v6.example.test', 'AAAA', { address: '2606:2800:220:1::1' }),
  record('mixed.example.test', 'A', { address: '10.1.2.3' }),
  record('mixed.example.test', 'AAAA', { address: '2001:db8::1' }),
  record('mixed.example.test', 'AAAA', { address: 'fe80::1' }),
  record('mixed.example.test', 'AAAA', { address: '2606:4700::1' }),
  record('v4only.example.test', 'A', { address: '93.184.216.35' }),
  record('host.example.test', 'A', { address: '93.184.216.36' }),
  // A chain of three CNAMEs; only c2 is answered with the rest of the chain in one message.
  record('c1.example.test', 'CNAME', { domain: 'c2.example.test' }),
  record('c2.example.test', 'CNAME', { domain: 'c3.example.test' }),
  record('c3.example.test', 'CNAME', { domain: 'target.example.test' }),
  record('target.example.test', 'AAAA', { address: '2606:4700::10' }),
  record('loop1.example.test', 'CNAME', { domain: 'loop2.example.test' }),
  record('loop2.example.test', 'CNAME', { domain: 'loop1.example.test' }),
  record('inloop1.example.test', 'CNAME', { domain: 'inloop2.example.test' }),
  record('inloop2.example.test', 'CNAME', { domain: 'inloop1.example.test' }),
  record('dangling.example.test', 'CNAME', { domain: 'gone.example.test' }),
  // long0 -> long10 is ten hops; long11 -> long0 makes eleven.
  ...Array.from({ length: 11 }, (_, hop) =>
    record(`long${hop + 1}.example.test`, 'CNAME', { domain: `long${hop}.example.test` }),
  ),
  record('long0.example.test', 'AAAA', { address: '2606:4700::11' }),
  // More A records than fit in 512 bytes: the UDP answer comes back truncated.
  ...Array.from({ length: 100 }, (_, index) =>
    record('big.example.test', 'A', { address: `11.0.${Math.floor(index / 250)}.${index + 1}` }),
  ),
  // About 1.1 kB: over 512 bytes but within the 1232 bytes of our EDNS payload size.
  ...Array.from({ length: 40 }, (_, index) =>
    record('wide6.example.test', 'AAAA', { address: `2606:4700::1:${index + 1}` }),
  ),
  // About 1.7 kB: truncated over UDP even with EDNS.
  ...Array.from({ length: 60 }, (_, index) =>
    record('huge6.example.test', 'AAAA', { address: `2606:4700::2:${index + 1}` }),
  ),
  record('example.test', 'NS', { ns: 'ns1.example.test' }),
  record('example.test', 'NS', { ns: 'ns2.example.test' }),
  record('example.test', 'NS', { ns: 'ns3.example.test' }),
  record('example.test', 'SOA', soa('ns1.example.test')),
  record('ns1.example.test', 'AAAA', { address: '::1' }),
  record('ns2.example.test', 'AAAA', { address: '::1' }),
  record('ns2.example.test', 'A', { address: '127.0.0.1' }),
  record('ns3.example.test', 'A', { address: '127.0.0.1' }),
  // A CNAME at a name whose target is a zone of its own: findZone must not take the target's NS.
  record('alias.example.test', 'CNAME', { domain: 'delegated.example.test' }),
  record('delegated.example.test', 'NS', { ns: 'ns1.example.test' }),
  record('mute.test', 'NS', { ns: 'ns.mute.test' }),
  record('ns.mute.test', 'AAAA', { address: '::1' }),
  record('refusing.test', 'NS', { ns: 'ns.refusing.test' }),
  record('ns.refusing.test', 'AAAA', { address: '::1' }),
  record('mail.example.test', 'MX', { exchange: 'mx2.example.test', priority: 20 }),
  record('mail.example.test', 'MX', { exchange: 'mx1.example.test', priority: 10 }),
  record('mx1.example.test', 'AAAA', { address: '2606:4700::25' }),
  record('mx2.example.test', 'A', { address: '93.184.216.37' }),
  record('nullmx.example.test', 'MX', { exchange: '.', priority: 0 }),
];

/** Names answered with their whole CNAME chain and its end, as a recursive resolver does. */
const CHASED = new Set([
  'c2.example.test',
  'inloop1.example.test',
  'long11.example.test',
  'alias.example.test',
]);

function soa(primary: string): Partial<Resource> {
  return {
    primary,
    admin: 'hostmaster.example.test',
    serial: 1,
    refresh: 3600,
    retry: 600,
    expiration: 86400,
    minimum: 60,
  };
}

function recordsAt(name: string, type: number): Partial<Resource>[] {
  return ZONE.filter((entry) => entry.name === name && entry.type === type);
}

export const zoneHandler: TestHandler = ({ name, type, recursive }) => {
  if (name === 'servfail.example.test') return { rcode: RCODE.SERVFAIL };
  if (name === 'refused.example.test') return { rcode: RCODE.REFUSED };
  if (name === 'silent.example.test') return 'silent';
  // Name servers asked directly (no RD bit) for these zones misbehave.
  if (!recursive && name === 'mute.test') return 'silent';
  if (!recursive && name === 'refusing.test') return { rcode: RCODE.REFUSED };
  if (type === Packet.TYPE.SOA && !recursive && recordsAt(name, Packet.TYPE.NS).length > 0) {
    return { answers: [record(name, 'SOA', soa(`ns.${name}`))] };
  }

  const answers: Partial<Resource>[] = [];
  const visited = new Set<string>();
  let owner = name;
  for (;;) {
    const direct = recordsAt(owner, type);
    if (direct.length > 0) return { answers: [...answers, ...direct] };
    const cname = recordsAt(owner, Packet.TYPE.CNAME)[0];
    if (!cname) break;
    answers.push(cname);
    if (!CHASED.has(name) || visited.has(owner)) return { answers };
    visited.add(owner);
    owner = cname.domain ?? '';
  }
  const exists = ZONE.some((entry) => entry.name === owner);
  return exists ? { answers } : { rcode: RCODE.NXDOMAIN, answers };
};

/** A server that fails every question the same way, to push a client on to the next server. */
export function failingHandler(reply: TestReply): TestHandler {
  return () => reply;
}
