import { Packet } from 'dns2';
import { describe, expect, it } from 'vitest';
import { decodeMessage } from '../../src/dns/dns-wire.ts';
import type { DnsMessage, DnsQuery } from '../../src/dns/dns-wire.ts';
import {
  buildQuery,
  EDNS_UDP_PAYLOAD_BYTES,
  isResponseTo,
  rejectsEdns,
} from '../../src/dns/query-message.ts';

const FORMERR = 1;

/** The query as a server (dns2) reads it off the wire. */
function onTheWire(query: DnsQuery): Packet {
  return Packet.parse(query.bytes);
}

/** dns2's response to `query`, changed by `change`, as the scanner reads it. */
function responseTo(query: DnsQuery, change: (response: Packet) => void = () => {}): DnsMessage {
  const response = Packet.createResponseFromRequest(onTheWire(query));
  change(response);
  const decoded = decodeMessage(response.toBuffer());
  if (!decoded.ok) throw new Error(decoded.malformed);
  return decoded.message;
}

describe('buildQuery', () => {
  it('adds an EDNS0 OPT record offering 1232 bytes, version 0, DO bit off', () => {
    const query = onTheWire(
      buildQuery('example.test', Packet.TYPE.AAAA, { recursive: true, edns: true }),
    );
    expect(EDNS_UDP_PAYLOAD_BYTES).toBe(1232);
    expect(query.additionals).toHaveLength(1);
    expect(query.additionals[0]).toMatchObject({
      name: '',
      type: Packet.TYPE.EDNS,
      class: 1232,
      ttl: 0,
      version: 0,
      doFlag: false,
      rdata: [],
    });
  });

  it('sends no OPT record when EDNS is off', () => {
    const query = onTheWire(
      buildQuery('example.test', Packet.TYPE.A, { recursive: true, edns: false }),
    );
    expect(query.additionals).toEqual([]);
  });

  it('sets RD only for a recursive query, and asks one class IN question', () => {
    const recursive = onTheWire(
      buildQuery('a.test', Packet.TYPE.A, { recursive: true, edns: true }),
    );
    const direct = onTheWire(
      buildQuery('a.test', Packet.TYPE.SOA, { recursive: false, edns: true }),
    );
    expect([recursive.header.rd, direct.header.rd]).toEqual([1, 0]);
    expect(direct.questions).toEqual([
      expect.objectContaining({ name: 'a.test', type: Packet.TYPE.SOA, class: Packet.CLASS.IN }),
    ]);
  });

  it('draws a new id for each query', () => {
    const ids = new Set(
      Array.from(
        { length: 20 },
        () => buildQuery('a.test', Packet.TYPE.A, { recursive: true, edns: true }).id,
      ),
    );
    expect(ids.size).toBeGreaterThan(1);
  });
});

describe('isResponseTo', () => {
  const query = buildQuery('Www.Example.Test', Packet.TYPE.AAAA, { recursive: true, edns: true });

  it('takes a response with the same id and question, whatever the case of the name', () => {
    const response = responseTo(query, (r) => {
      r.questions = [new Packet.Question('www.example.test.', Packet.TYPE.AAAA, Packet.CLASS.IN)];
    });
    expect(isResponseTo(response, query)).toBe(true);
  });

  it.each([
    ['another id', (r: Packet) => void (r.header.id = (query.id + 1) & 0xffff)],
    ['the QR bit clear (a query, not a response)', (r: Packet) => void (r.header.qr = 0)],
    [
      'another name',
      (r: Packet) => void (r.questions = [new Packet.Question('x.test', Packet.TYPE.AAAA, 1)]),
    ],
    [
      'another type',
      (r: Packet) =>
        void (r.questions = [new Packet.Question('www.example.test', Packet.TYPE.A, 1)]),
    ],
    [
      'another class',
      (r: Packet) =>
        void (r.questions = [new Packet.Question('www.example.test', Packet.TYPE.AAAA, 3)]),
    ],
  ])('refuses a response with %s', (_, change) => {
    expect(isResponseTo(responseTo(query, change), query)).toBe(false);
  });

  it('takes a response without a question section (some error answers have none)', () => {
    const response = responseTo(query, (r) => {
      r.questions = [];
      r.header.rcode = FORMERR;
    });
    expect(isResponseTo(response, query)).toBe(true);
  });
});

describe('rejectsEdns', () => {
  const query = buildQuery('a.test', Packet.TYPE.A, { recursive: true, edns: true });

  it('is true for FORMERR without an OPT record', () => {
    expect(rejectsEdns(responseTo(query, (r) => void (r.header.rcode = FORMERR)))).toBe(true);
  });

  it('is false for FORMERR with an OPT record, and for other rcodes', () => {
    const withOpt = responseTo(query, (r) => {
      r.header.rcode = FORMERR;
      r.additionals = [Packet.Resource.EDNS([])];
    });
    const nxdomain = responseTo(query, (r) => void (r.header.rcode = 3));
    expect([rejectsEdns(withOpt), rejectsEdns(nxdomain)]).toEqual([false, false]);
  });
});
