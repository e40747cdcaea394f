import dns2 from 'dns2';
import { record, startTestDnsServer, type TestHandler } from '../dns/test-dns-server.ts';

const { Packet } = dns2;

/** What one name holds in a test zone. */
export interface ZoneName {
  A?: string[];
  AAAA?: string[];
  CNAME?: string;
  NS?: string[];
  MX?: { exchange: string; preference: number }[];
  /** Answer every query for this name with this response code (2 SERVFAIL, 5 REFUSED). */
  rcode?: number;
  /** Never answer queries for this name (a resolver timeout). */
  silent?: boolean;
}

export type Zone = Record<string, ZoneName>;

export interface ZoneServer {
  port: number;
  /** Queries received, "name TYPE", for assertions on caching. */
  queries: string[];
  close: () => Promise<void>;
}

const NXDOMAIN = 3;

/**
 * An authoritative answer from `zone`: CNAMEs inside the zone followed as real servers do,
 * NXDOMAIN for unknown names, NODATA for a name without records of the type.
 */
function zoneHandler(zone: Zone, queries: string[]): TestHandler {
  return ({ name: queried, type }) => {
    const name = queried.replace(/\.$/, '');
    const typeName = Object.entries(Packet.TYPE).find(([, value]) => value === type)?.[0];
    queries.push(`${name} ${typeName ?? type}`);
    const entry = zone[name];
    if (entry?.silent) return 'silent';
    if (entry?.rcode !== undefined) return { rcode: entry.rcode };
    if (!entry) return { rcode: NXDOMAIN };
    const answers: ReturnType<typeof record>[] = [];
    appendAnswers(zone, name, type, answers, 0);
    return { answers };
  };
}

function appendAnswers(
  zone: Zone,
  name: string,
  type: number,
  answers: ReturnType<typeof record>[],
  depth: number,
): void {
  const entry = zone[name];
  if (!entry || depth > 12) return;
  if (entry.CNAME && type !== Packet.TYPE.CNAME) {
    answers.push(record(name, 'CNAME', { domain: entry.CNAME }));
    appendAnswers(zone, entry.CNAME, type, answers, depth + 1);
    return;
  }
  if (type === Packet.TYPE.A) {
    for (const address of entry.A ?? []) answers.push(record(name, 'A', { address }));
  } else if (type === Packet.TYPE.AAAA) {
    for (const address of entry.AAAA ?? []) answers.push(record(name, 'AAAA', { address }));
  } else if (type === Packet.TYPE.NS) {
    for (const ns of entry.NS ?? []) answers.push(record(name, 'NS', { ns }));
  } else if (type === Packet.TYPE.MX) {
    for (const mx of entry.MX ?? []) {
      answers.push(record(name, 'MX', { exchange: mx.exchange, priority: mx.preference }));
    }
  } else if (type === Packet.TYPE.SOA && entry.NS) {
    answers.push(
      record(name, 'SOA', {
        primary: entry.NS[0],
        admin: `hostmaster.${name}`,
        serial: 1,
        refresh: 3600,
        retry: 600,
        expiration: 86400,
        minimum: 60,
      }),
    );
  }
}

/**
 * The same zone on 127.0.0.1 and ::1 at one port, so name servers whose AAAA is ::1 answer the
 * direct queries of ns_reach6 (sent with --name-server-port).
 */
export async function startDualStackZoneServer(zone: Zone): Promise<ZoneServer> {
  const queries: string[] = [];
  for (let attempt = 0; ; attempt++) {
    const v6 = await startTestDnsServer('::1', zoneHandler(zone, queries));
    try {
      const v4 = await startTestDnsServer('127.0.0.1', zoneHandler(zone, queries), {
        port: v6.endpoint.port,
      });
      return {
        port: v6.endpoint.port,
        queries,
        close: async () => {
          await Promise.all([v4.close(), v6.close()]);
        },
      };
    } catch (error) {
      // The port was free on ::1 but taken on 127.0.0.1: try another.
      await v6.close();
      if (attempt >= 10) throw error;
    }
  }
}
