import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import dns2, { type DnsHandler, type UDPServer } from 'dns2';

const { Packet, createUDPServer } = dns2;

/** What a demo name holds. */
export interface DemoName {
  A?: string[];
  AAAA?: string[];
  NS?: string[];
  /** Mail exchangers, each with preference 10. */
  MX?: string[];
}

const NXDOMAIN = 3;

/**
 * An authoritative server for the demo zone on 127.0.0.1 and ::1 at one UDP port (the scan's
 * resolver, and the name server that ns_reach6 asks over IPv6). Unknown names are NXDOMAIN.
 */
export async function startDemoDnsServer(
  zone: Record<string, DemoName>,
): Promise<{ port: number; close: () => Promise<void> }> {
  const handler: DnsHandler = (request, send) => {
    const question = request.questions[0];
    if (!question) return;
    const name = question.name.toLowerCase().replace(/\.$/, '');
    const entry = zone[name];
    const response = Packet.createResponseFromRequest(request);
    response.header.aa = 1;
    if (!entry) response.header.rcode = NXDOMAIN;
    const answer = (type: number, data: Record<string, unknown>) =>
      response.answers.push(
        new Packet.Resource({ name, type, class: Packet.CLASS.IN, ttl: 60, ...data }),
      );
    if (question.type === Packet.TYPE.A)
      for (const address of entry?.A ?? []) answer(Packet.TYPE.A, { address });
    if (question.type === Packet.TYPE.AAAA)
      for (const address of entry?.AAAA ?? []) answer(Packet.TYPE.AAAA, { address });
    if (question.type === Packet.TYPE.NS)
      for (const ns of entry?.NS ?? []) answer(Packet.TYPE.NS, { ns });
    if (question.type === Packet.TYPE.MX)
      for (const exchange of entry?.MX ?? []) answer(Packet.TYPE.MX, { exchange, priority: 10 });
    if (question.type === Packet.TYPE.SOA && entry?.NS) {
      answer(Packet.TYPE.SOA, {
        primary: entry.NS[0],
        admin: `hostmaster.${name}`,
        serial: 1,
        refresh: 3600,
        retry: 600,
        expiration: 86400,
        minimum: 60,
      });
    }
    void send(response);
  };
  for (let attempt = 0; ; attempt++) {
    const v6 = await listen('::1', 0, handler);
    const port = (v6.address() as AddressInfo).port;
    try {
      const v4 = await listen('127.0.0.1', port, handler);
      return { port, close: async () => void (await Promise.all([v4.close(), v6.close()])) };
    } catch (error) {
      await v6.close();
      if (attempt >= 10) throw error;
    }
  }
}

async function listen(host: string, port: number, handler: DnsHandler): Promise<UDPServer> {
  const server = createUDPServer({ type: host === '::1' ? 'udp6' : 'udp4' });
  server.on('request', handler);
  await Promise.race([
    server.listen(port, host),
    once(server, 'error').then(([error]) => Promise.reject(error as Error)),
  ]);
  return server;
}
