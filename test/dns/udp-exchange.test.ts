import { Packet } from 'dns2';
import { afterEach, describe, expect, it } from 'vitest';
import type { DnsMessage, DnsQuery } from '../../src/dns/dns-wire.ts';
import { buildQuery } from '../../src/dns/query-message.ts';
import { exchangeOverUdp } from '../../src/dns/udp-exchange.ts';
import { aaaaResponse, startScriptedUdpServer } from './scripted-udp-server.ts';
import type { ScriptedDatagram, ScriptedUdpServer } from './scripted-udp-server.ts';

const RIGHT = '2001:db8::600d';
const DECOY = '2001:db8::bad';

let server: ScriptedUdpServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

function query(name = 'www.example.test'): DnsQuery {
  return buildQuery(name, Packet.TYPE.AAAA, { recursive: true, edns: true });
}

function answerAddresses(response: DnsMessage): (string | undefined)[] {
  return response.answers.map((answer) => ('address' in answer ? answer.address : undefined));
}

/** A server that sends `decoys` first and the right response last. */
async function serverSending(
  decoys: (query: Packet) => ScriptedDatagram[],
  host: '127.0.0.1' | '::1' = '127.0.0.1',
): Promise<ScriptedUdpServer> {
  server = await startScriptedUdpServer(host, (asked) => [
    ...decoys(asked),
    { response: aaaaResponse(asked, RIGHT) },
  ]);
  return server;
}

describe('exchangeOverUdp', () => {
  it('ignores a reply with a wrong id and takes the right one that follows', async () => {
    const { endpoint } = await serverSending((asked) => [
      { response: aaaaResponse(asked, DECOY, { id: (asked.header.id + 1) & 0xffff }) },
    ]);
    const response = await exchangeOverUdp(endpoint, query(), { timeoutMs: 2000 });
    expect(answerAddresses(response)).toEqual([RIGHT]);
  });

  it('ignores a reply with the right id sent from another port', async () => {
    const { endpoint } = await serverSending((asked) => [
      { response: aaaaResponse(asked, DECOY), fromOtherPort: true },
    ]);
    const response = await exchangeOverUdp(endpoint, query(), { timeoutMs: 2000 });
    expect(answerAddresses(response)).toEqual([RIGHT]);
  });

  it('ignores a reply with the right id for another question', async () => {
    const { endpoint } = await serverSending((asked) => [
      { response: aaaaResponse(asked, DECOY, { name: 'other.example.test' }) },
    ]);
    const response = await exchangeOverUdp(endpoint, query(), { timeoutMs: 2000 });
    expect(answerAddresses(response)).toEqual([RIGHT]);
  });

  it('ignores a malformed reply with the right id (a pointer to itself) and takes the next', async () => {
    const { endpoint } = await serverSending((asked) => {
      const bytes = aaaaResponse(asked, DECOY).toBuffer();
      const answerAt = bytes.length - 28; // the answer: pointer, type ... 16-byte rdata
      expect(bytes.readUInt16BE(answerAt)).toBe(0xc00c);
      bytes.writeUInt16BE(0xc000 | answerAt, answerAt);
      return [{ response: bytes }];
    });
    const response = await exchangeOverUdp(endpoint, query(), { timeoutMs: 2000 });
    expect(answerAddresses(response)).toEqual([RIGHT]);
  });

  it('keeps waiting past wrong replies until the timeout', async () => {
    server = await startScriptedUdpServer('127.0.0.1', (asked) => [
      { response: aaaaResponse(asked, DECOY, { id: (asked.header.id + 1) & 0xffff }) },
    ]);
    const exchange = exchangeOverUdp(server.endpoint, query(), { timeoutMs: 200 });
    await expect(exchange).rejects.toMatchObject({ code: 'ETIMEDOUT' });
    expect(server.queries).toHaveLength(1);
  });

  it('takes the answer of a ::1 server however its address is written', async () => {
    const { endpoint } = await serverSending(() => [], '::1');
    const longForm = { address: '0:0:0:0:0:0:0:1', port: endpoint.port };
    const response = await exchangeOverUdp(longForm, query(), { timeoutMs: 2000 });
    expect(answerAddresses(response)).toEqual([RIGHT]);
  });

  it('sends the query as built, OPT record included', async () => {
    const { endpoint, queries } = await serverSending(() => []);
    const sent = query();
    await exchangeOverUdp(endpoint, sent, { timeoutMs: 2000 });
    expect(queries).toHaveLength(1);
    expect(queries[0]?.header.id).toBe(sent.id);
    expect(queries[0]?.additionals).toEqual([
      expect.objectContaining({ type: Packet.TYPE.EDNS, class: 1232 }),
    ]);
  });

  it('refuses a host name rather than look it up', async () => {
    const exchange = exchangeOverUdp({ address: 'localhost', port: 53 }, query(), {
      timeoutMs: 200,
    });
    await expect(exchange).rejects.toThrow(/not an IP address/);
  });
});
