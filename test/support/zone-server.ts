import dns2 from 'dns2';

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

const TTL = 60;

/**
 * An authoritative test server over UDP and TCP on one loopback address: answers from `zone`,
 * follows CNAMEs inside the zone as real servers do, NXDOMAIN for unknown names.
 */
export async function startZoneServer(
  zone: Zone,
  address: '127.0.0.1' | '::1' = '127.0.0.1',
  port = 0,
): Promise<ZoneServer> {
  const queries: string[] = [];
  const server = dns2.createServer({
    udp: { type: address === '::1' ? 'udp6' : 'udp4' },
    tcp: true,
    handle: (request, send) => {
      const response = Packet.createResponseFromRequest(request);
      const question = request.questions[0];
      if (!question) return send(response);
      const name = question.name.toLowerCase().replace(/\.$/, '');
      const typeName = Object.entries(Packet.TYPE).find(([, v]) => v === question.type)?.[0];
      queries.push(`${name} ${typeName ?? question.type}`);
      const entry = zone[name];
      if (entry?.silent) return;
      response.header.aa = 1;
      if (entry?.rcode !== undefined) {
        response.header.rcode = entry.rcode;
        return send(response);
      }
      if (!entry) {
        response.header.rcode = 3;
        return send(response);
      }
      appendAnswers(zone, name, question.type, response.answers as unknown[], 0);
      send(response);
    },
  });
  await server.listen({
    udp: { port, address },
    tcp: { port, address },
  });
  const addresses = server.addresses() as { udp: { port: number } };
  return {
    port: addresses.udp.port,
    queries,
    close: () => server.close(),
  };
}

function appendAnswers(zone: Zone, name: string, type: number, answers: unknown[], depth: number) {
  const entry = zone[name];
  if (!entry || depth > 12) return;
  const base = { name, class: Packet.CLASS.IN, ttl: TTL };
  if (entry.CNAME && type !== Packet.TYPE.CNAME) {
    answers.push({ ...base, type: Packet.TYPE.CNAME, domain: entry.CNAME });
    appendAnswers(zone, entry.CNAME, type, answers, depth + 1);
    return;
  }
  if (type === Packet.TYPE.A) {
    for (const address of entry.A ?? []) answers.push({ ...base, type, address });
  } else if (type === Packet.TYPE.AAAA) {
    for (const address of entry.AAAA ?? []) answers.push({ ...base, type, address });
  } else if (type === Packet.TYPE.NS) {
    for (const ns of entry.NS ?? []) answers.push({ ...base, type, ns });
  } else if (type === Packet.TYPE.MX) {
    for (const mx of entry.MX ?? []) {
      answers.push({ ...base, type, exchange: mx.exchange, priority: mx.preference });
    }
  } else if (type === Packet.TYPE.SOA && entry.NS) {
    answers.push({
      ...base,
      type,
      primary: entry.NS[0],
      admin: `hostmaster.${name}`,
      serial: 1,
      refresh: 3600,
      retry: 600,
      expiration: 86400,
      minimum: 60,
    });
  }
}

/**
 * The same zone on 127.0.0.1 and ::1 at one port, so name servers whose AAAA is ::1 answer the
 * direct queries of ns_reach6 (sent with --name-server-port).
 */
export async function startDualStackZoneServer(zone: Zone): Promise<ZoneServer> {
  for (let attempt = 0; ; attempt++) {
    const v6 = await startZoneServer(zone, '::1');
    try {
      const v4 = await startZoneServer(zone, '127.0.0.1', v6.port);
      return {
        port: v6.port,
        // One list in arrival order would need a shared array; the resolver asks over IPv4.
        queries: v4.queries,
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
