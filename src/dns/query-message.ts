import { Packet } from 'dns2';

/**
 * The EDNS0 UDP payload size we advertise (RFC 6891 6.2.5; the DNS Flag Day 2020 value): large
 * enough for most answers, small enough to avoid IP fragmentation on any IPv6 path.
 */
export const EDNS_UDP_PAYLOAD_BYTES = 1232;

/** RFC 1035 4.1.1. */
const RCODE_FORMERR = 1;

/** Owner names and targets are compared and reported lower-case, without the trailing dot. */
export function normalizeName(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/\.$/, '');
}

/** One question (class IN) with a fresh random id; with `edns`, an OPT record without options. */
export function buildQuery(
  name: string,
  typeCode: number,
  options: { recursive: boolean; edns: boolean },
): Packet {
  const query = new Packet();
  query.header.id = Packet.uuid();
  query.header.rd = options.recursive ? 1 : 0;
  query.questions.push(new Packet.Question(name, typeCode, Packet.CLASS.IN));
  if (options.edns) {
    // Version 0, DO bit off: we want no DNSSEC records, only room for bigger answers.
    const opt = Packet.Resource.EDNS([]);
    opt.class = EDNS_UDP_PAYLOAD_BYTES;
    query.additionals.push(opt);
  }
  return query;
}

/**
 * True when `message` is the response to `query`: QR set, same id, same question. A response
 * without a question section passes, as some servers leave it out of error answers (FORMERR).
 */
export function isResponseTo(message: Packet, query: Packet): boolean {
  if (message.header.qr !== 1 || message.header.id !== query.header.id) return false;
  const asked = query.questions[0];
  const answered = message.questions[0];
  if (!answered || !asked) return message.questions.length === 0;
  return (
    normalizeName(answered.name) === normalizeName(asked.name) &&
    answered.type === asked.type &&
    answered.class === asked.class
  );
}

/** RFC 6891 7: a server that does not know EDNS answers FORMERR and sends no OPT back. */
export function rejectsEdns(response: Packet): boolean {
  return (
    response.header.rcode === RCODE_FORMERR &&
    !response.additionals.some((record) => record?.type === Packet.TYPE.EDNS)
  );
}
