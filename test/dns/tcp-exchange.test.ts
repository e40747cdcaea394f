import { once } from 'node:events';
import { createServer } from 'node:net';
import type { AddressInfo, Server } from 'node:net';
import { Packet } from 'dns2';
import { afterEach, describe, expect, it } from 'vitest';
import type { ResolverEndpoint } from '../../src/dns/dns-types.ts';
import { buildQuery } from '../../src/dns/query-message.ts';
import { exchangeOverTcp } from '../../src/dns/tcp-exchange.ts';
import { aaaaResponse } from './scripted-udp-server.ts';

let server: Server | undefined;

afterEach(async () => {
  const closing = server;
  server = undefined;
  if (closing) await new Promise<void>((resolve) => closing.close(() => resolve()));
});

/** A TCP name server that answers the first query with the bytes `reply` makes of it. */
async function serverReplying(reply: (query: Packet) => Buffer): Promise<ResolverEndpoint> {
  server = createServer((socket) => {
    socket.on('error', () => {});
    let received = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2 || received.length < 2 + received.readUInt16BE(0)) return;
      const answer = reply(Packet.parse(received.subarray(2, 2 + received.readUInt16BE(0))));
      const frame = Buffer.alloc(2 + answer.length);
      frame.writeUInt16BE(answer.length, 0);
      answer.copy(frame, 2);
      socket.end(frame);
    });
  });
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { address: '127.0.0.1', port: (server.address() as AddressInfo).port };
}

function query() {
  return buildQuery('www.example.test', Packet.TYPE.AAAA, { recursive: true, edns: true });
}

describe('exchangeOverTcp', () => {
  it('returns the answer to its query', async () => {
    const endpoint = await serverReplying((asked) => aaaaResponse(asked, '2001:db8::1').toBuffer());
    const answer = await exchangeOverTcp(endpoint, query(), { timeoutMs: 2000 });
    expect(answer.answers).toEqual([
      { type: 'AAAA', name: 'www.example.test', ttl: 60, address: '2001:db8::1' },
    ]);
  });

  it('fails on an answer with another id', async () => {
    const endpoint = await serverReplying((asked) =>
      aaaaResponse(asked, '2001:db8::1', { id: (asked.header.id + 1) & 0xffff }).toBuffer(),
    );
    const exchange = exchangeOverTcp(endpoint, query(), { timeoutMs: 2000 });
    await expect(exchange).rejects.toThrow(/^answer does not match: id \d+ "www.example.test"/);
  });

  it('fails on an answer for another question', async () => {
    const endpoint = await serverReplying((asked) =>
      aaaaResponse(asked, '2001:db8::1', { name: 'other.example.test' }).toBuffer(),
    );
    const exchange = exchangeOverTcp(endpoint, query(), { timeoutMs: 2000 });
    await expect(exchange).rejects.toThrow(/"other.example.test" type 28, asked id \d+ "www/);
  });

  it('fails on a malformed answer (a record cut short) without waiting for the timeout', async () => {
    const endpoint = await serverReplying((asked) => {
      const bytes = aaaaResponse(asked, '2001:db8::1').toBuffer();
      return bytes.subarray(0, bytes.length - 3);
    });
    const exchange = exchangeOverTcp(endpoint, query(), { timeoutMs: 60_000 });
    await expect(exchange).rejects.toThrow('malformed DNS message: record data runs past the end');
  });
});
