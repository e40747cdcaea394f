import { createSocket } from 'node:dgram';
import type { Socket } from 'node:dgram';
import { once } from 'node:events';
import { Packet } from 'dns2';
import type { ResolverEndpoint } from '../../src/dns/dns-types.ts';

/**
 * One datagram the scripted server sends back: a dns2 message or raw bytes; `fromOtherPort`
 * sends it from a second socket.
 */
export interface ScriptedDatagram {
  response: Packet | Buffer;
  fromOtherPort?: boolean;
}

export interface ScriptedUdpServer {
  endpoint: ResolverEndpoint;
  /** Every query received, parsed. */
  queries: Packet[];
  close(): Promise<void>;
}

async function bindSocket(host: string): Promise<Socket> {
  const socket = createSocket(host.includes(':') ? 'udp6' : 'udp4');
  socket.bind(0, host);
  await once(socket, 'listening');
  return socket;
}

function sendTo(socket: Socket, message: Buffer, port: number, address: string): Promise<void> {
  return new Promise((resolve, reject) =>
    socket.send(message, port, address, (error) => (error ? reject(error) : resolve())),
  );
}

/**
 * A bare UDP server that answers each query with the datagrams `script` returns, in order, each
 * sent only when the one before has left: for replies dns2's server would never send.
 */
export async function startScriptedUdpServer(
  host: '127.0.0.1' | '::1',
  script: (query: Packet) => ScriptedDatagram[],
): Promise<ScriptedUdpServer> {
  const server = await bindSocket(host);
  const otherPort = await bindSocket(host);
  const queries: Packet[] = [];
  server.on('message', (message, sender) => {
    const query = Packet.parse(message);
    queries.push(query);
    void (async () => {
      for (const { response, fromOtherPort } of script(query)) {
        const from = fromOtherPort ? otherPort : server;
        const bytes = Buffer.isBuffer(response) ? response : response.toBuffer();
        await sendTo(from, bytes, sender.port, sender.address);
      }
    })();
  });
  return {
    endpoint: { address: host, port: server.address().port },
    queries,
    async close() {
      await Promise.all(
        [server, otherPort].map((socket) => new Promise<void>((done) => socket.close(done))),
      );
    },
  };
}

/** A response to `query` with one AAAA record; `id` and `name` override what was asked. */
export function aaaaResponse(
  query: Packet,
  address: string,
  overrides: { id?: number; name?: string } = {},
): Packet {
  const response = Packet.createResponseFromRequest(query);
  const asked = query.questions[0];
  const name = overrides.name ?? asked?.name ?? '';
  response.header.id = overrides.id ?? query.header.id;
  response.questions = [new Packet.Question(name, Packet.TYPE.AAAA, Packet.CLASS.IN)];
  response.answers.push(
    new Packet.Resource({ name, type: Packet.TYPE.AAAA, class: Packet.CLASS.IN, ttl: 60, address }),
  );
  return response;
}
