import { randomInt } from 'node:crypto';
import { encodeQuery } from './dns-wire.ts';
import type { DnsMessage, DnsQuery } from './dns-wire.ts';

/**
 * The EDNS0 UDP payload size we advertise (RFC 6891 6.2.5; the DNS Flag Day 2020 value): large
 * enough for most answers, small enough to avoid IP fragmentation on any IPv6 path.
 */
export const EDNS_UDP_PAYLOAD_BYTES = 1232;

/** RFC 1035 4.1.1. */
const RCODE_FORMERR = 1;

/**
 * One question (class IN) with a fresh random id (RFC 5452 3: all 16 bits, from a CSPRNG); with
 * `edns`, an OPT record without options, version 0 and the DO bit off: we want no DNSSEC
 * records, only room for bigger answers.
 */
export function buildQuery(
  name: string,
  typeCode: number,
  options: { recursive: boolean; edns: boolean },
): DnsQuery {
  return encodeQuery(name, typeCode, {
    id: randomInt(0x10000),
    recursive: options.recursive,
    ednsPayloadBytes: options.edns ? EDNS_UDP_PAYLOAD_BYTES : null,
  });
}

/**
 * True when `message` is the response to `query`: QR set, same id, same question. A response
 * without a question section passes, as some servers leave it out of error answers (FORMERR).
 */
export function isResponseTo(message: DnsMessage, query: DnsQuery): boolean {
  if (!message.qr || message.id !== query.id) return false;
  const answered = message.questions[0];
  if (!answered) return true;
  const asked = query.question;
  return (
    answered.name === asked.name && answered.type === asked.type && answered.class === asked.class
  );
}

/** RFC 6891 7: a server that does not know EDNS answers FORMERR and sends no OPT back. */
export function rejectsEdns(response: DnsMessage): boolean {
  return (
    response.rcode === RCODE_FORMERR &&
    !response.additionals.some((record) => record.type === 'OPT')
  );
}
