import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createTCPServer, createUDPServer, Packet } from 'dns2';
import type { DnsHandler, Resource, TCPServer, UDPServer } from 'dns2';
import type { ResolverEndpoint } from '../../src/dns/dns-types.ts';

/** What the test server does with one question. */
export type TestReply = { rcode?: number; answers?: Partial<Resource>[] } | 'silent';

export interface SeenRequest {
  name: string;
  type: number;
  transport: 'udp' | 'tcp';
  recursive: boolean;
  /** The UDP payload size of the request's EDNS OPT record, null when it had none. */
  udpPayloadSize: number | null;
}

export interface TestDnsServer {
  endpoint: ResolverEndpoint;
  requests: SeenRequest[];
  close(): Promise<void>;
}

export type TestHandler = (question: {
  name: string;
  type: number;
  recursive: boolean;
  udpPayloadSize: number | null;
}) => TestReply;

/** A DNS resource as dns2's encoder expects it; class IN, TTL 60. */
export function record(name: string, type: keyof typeof Packet.TYPE, data: Partial<Resource>) {
  return { name, type: Packet.TYPE[type], class: Packet.CLASS.IN, ttl: 60, ...data };
}

function respond(
  handler: TestHandler,
  transport: 'udp' | 'tcp',
  requests: SeenRequest[],
): DnsHandler {
  return (request, send) => {
    const question = request.questions[0];
    if (!question) return;
    const opt = request.additionals.find((resource) => resource?.type === Packet.TYPE.EDNS);
    const seen = {
      name: question.name.toLowerCase(),
      type: question.type,
      recursive: request.header.rd === 1,
      udpPayloadSize: opt ? opt.class : null,
    };
    requests.push({ ...seen, transport });
    const reply = handler(seen);
    if (reply === 'silent') return;
    const response = Packet.createResponseFromRequest(request);
    response.header.rcode = reply.rcode ?? 0;
    response.header.aa = 1;
    for (const answer of reply.answers ?? []) {
      response.answers.push(new Packet.Resource(answer));
    }
    // dns2's UDP server sets TC itself when the answer exceeds the requester's EDNS payload size
    // (512 bytes without EDNS), keeping only the question.
    void send(response);
  };
}

async function listenTcp(server: TCPServer, host: string, port: number): Promise<number> {
  server.listen({ host, port });
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error)),
  ]);
  return (server.address() as AddressInfo).port;
}

/**
 * A dns2 server on `host` (127.0.0.1 or ::1), UDP and TCP on the same ephemeral port so that a
 * truncated UDP answer can be asked again over TCP. With `tcp: false` nothing listens on TCP.
 */
export async function startTestDnsServer(
  host: '127.0.0.1' | '::1',
  handler: TestHandler,
  options: { tcp?: boolean; port?: number } = {},
): Promise<TestDnsServer> {
  const requests: SeenRequest[] = [];
  // A fixed port gets one try; an ephemeral one is retried until TCP and UDP pair up.
  const attempts = options.port ? 1 : 10;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const tcp = createTCPServer();
    tcp.on('request', respond(handler, 'tcp', requests));
    const port = await listenTcp(tcp, host, options.port ?? 0);
    const udp: UDPServer = createUDPServer({ type: host === '::1' ? 'udp6' : 'udp4' });
    udp.on('request', respond(handler, 'udp', requests));
    const bound = await Promise.race([
      udp.listen(port, host).then(() => true),
      once(udp, 'error').then(() => false),
    ]);
    if (!bound) {
      udp.close();
      tcp.close();
      continue; // the TCP port's UDP twin was taken: try another port
    }
    if (options.tcp === false) tcp.close();
    return {
      endpoint: { address: host, port },
      requests,
      async close() {
        await new Promise<void>((resolve) => udp.close(() => resolve()));
        if (tcp.listening) await new Promise<void>((resolve) => tcp.close(() => resolve()));
      },
    };
  }
  throw new Error(
    `no free UDP+TCP port pair on ${host}${options.port ? ` at ${options.port}` : ''}`,
  );
}
