/**
 * The DNS wire format (RFC 1035 4.1, RFC 6891 6.1) for the scanner's own queries: encodes a query,
 * decodes any message into plain records. Works on the bytes directly: dns2's codec, which reads
 * bit by bit through JS arrays, allocated about 47 KB a query.
 */

/** RFC 1035 3.2.2, RFC 3596, RFC 6891 6.1.2: the types the scanner asks for or reads. */
export const TYPE_CODE = { A: 1, NS: 2, CNAME: 5, SOA: 6, MX: 15, AAAA: 28, OPT: 41 } as const;

/** RFC 1035 3.2.4. */
export const CLASS_IN = 1;

export interface DnsQuestion {
  /** Lower-case, without the trailing dot, the root as ''; see `labelText` for other bytes. */
  name: string;
  type: number;
  class: number;
}

/** One resource record; owner names and targets written as DnsQuestion's name. */
export type DnsRecord =
  | { type: 'A' | 'AAAA'; name: string; ttl: number; address: string }
  | { type: 'CNAME'; name: string; ttl: number; target: string }
  | { type: 'NS'; name: string; ttl: number; nameServer: string }
  | { type: 'MX'; name: string; ttl: number; preference: number; exchange: string }
  | {
      type: 'SOA';
      name: string;
      ttl: number;
      primary: string;
      admin: string;
      serial: number;
      refresh: number;
      retry: number;
      expire: number;
      minimum: number;
    }
  | {
      type: 'OPT';
      name: string;
      udpPayloadBytes: number;
      extendedRcode: number;
      version: number;
      dnssecOk: boolean;
    }
  | { type: 'OTHER'; name: string; ttl: number; typeCode: number; rdataBytes: number };

export interface DnsMessage {
  id: number;
  qr: boolean;
  opcode: number;
  aa: boolean;
  tc: boolean;
  rd: boolean;
  ra: boolean;
  /** With an OPT record, its extended rcode is merged in (RFC 6891 6.1.3): 12 bits. */
  rcode: number;
  questions: DnsQuestion[];
  answers: DnsRecord[];
  authorities: DnsRecord[];
  additionals: DnsRecord[];
}

/** A hostile or broken server's message reads as this, never as an exception. */
export type DecodeResult = { ok: true; message: DnsMessage } | { ok: false; malformed: string };

/** A query as sent, and what its response must match. */
export interface DnsQuery {
  id: number;
  question: DnsQuestion;
  bytes: Buffer;
}

/** What a query carries besides its one question. */
export interface QueryFields {
  id: number;
  recursive: boolean;
  /** An OPT record offering this UDP payload size (version 0, DO bit off), or none. */
  ednsPayloadBytes: number | null;
}

const HEADER_BYTES = 12;
const MAX_LABEL_BYTES = 63;
/** RFC 1035 2.3.4: length bytes and labels, the root's zero byte included. */
const MAX_NAME_BYTES = 255;
/**
 * A 255-byte name has at most 127 labels, so a sane encoder needs at most one pointer more; a
 * longer chain of pointers (each pointing back, so finite) is refused before it goes deep.
 */
const MAX_POINTERS = 128;
/** RFC 2181 8: a TTL with the top bit set is read as zero (dns2 read it as this maximum). */
const MAX_TTL = 0x7fffffff;
const DOT = 0x2e;
const BACKSLASH = 0x5c;

class MalformedMessage extends Error {}

function malformed(reason: string): never {
  throw new MalformedMessage(reason);
}

function tooManyPointers(): never {
  malformed(`more than ${MAX_POINTERS} compression pointers`);
}

/**
 * Writes `name` (presentation form: `\.`, `\\` and `\DDD` escapes; a trailing dot optional;
 * '' or '.' for the root) at `start` and returns the end. Throws on a name DNS cannot carry:
 * callers check names first, so this is a mistake of ours, not a server's.
 */
function writeName(name: string, out: Buffer, start: number): number {
  if (name === '' || name === '.') {
    out[start] = 0;
    return start + 1;
  }
  let lengthAt = start;
  let at = start + 1;
  let index = 0;
  while (index < name.length) {
    let code = name.charCodeAt(index++);
    if (code === DOT) {
      const labelBytes = at - lengthAt - 1;
      if (labelBytes === 0) throw new Error(`"${name}" has an empty label`);
      out[lengthAt] = labelBytes;
      lengthAt = at++;
      continue;
    }
    if (code === BACKSLASH) {
      const digits = /^\d{3}/.exec(name.slice(index, index + 3))?.[0];
      if (digits !== undefined) {
        code = Number(digits);
        index += 3;
      } else if (index < name.length) {
        code = name.charCodeAt(index++);
      } else {
        throw new Error(`"${name}" ends in a lone backslash`);
      }
    }
    if (code > 0xff) throw new Error(`"${name}" has a character DNS cannot carry`);
    out[at++] = code;
    if (at - lengthAt - 1 > MAX_LABEL_BYTES) {
      throw new Error(`"${name}" has a label longer than ${MAX_LABEL_BYTES} bytes`);
    }
  }
  const lastLabelBytes = at - lengthAt - 1;
  if (lastLabelBytes > 0) {
    out[lengthAt] = lastLabelBytes;
    lengthAt = at++;
  }
  out[lengthAt] = 0;
  if (at - start > MAX_NAME_BYTES) throw new Error(`"${name}" is longer than 255 bytes`);
  return at;
}

/**
 * One query: header, one class IN question and, with `ednsPayloadBytes`, an OPT record without
 * options: the bytes dns2's Packet.toBuffer wrote for the same query.
 */
export function encodeQuery(name: string, typeCode: number, fields: QueryFields): DnsQuery {
  const opt = fields.ednsPayloadBytes !== null;
  // Escapes only shorten a name, so its text length + 2 bounds its wire length.
  const bound = HEADER_BYTES + name.length + 2 + 4 + (opt ? 11 : 0);
  const out = Buffer.allocUnsafe(bound).fill(0);
  out.writeUInt16BE(fields.id, 0);
  out[2] = fields.recursive ? 0x01 : 0x00; // QR 0, opcode QUERY, RD
  out.writeUInt16BE(1, 4); // QDCOUNT
  if (opt) out.writeUInt16BE(1, 10); // ARCOUNT
  let at = writeName(name, out, HEADER_BYTES);
  at = out.writeUInt16BE(typeCode, at);
  at = out.writeUInt16BE(CLASS_IN, at);
  if (fields.ednsPayloadBytes !== null) {
    at += 1; // the root name
    at = out.writeUInt16BE(TYPE_CODE.OPT, at);
    at = out.writeUInt16BE(fields.ednsPayloadBytes, at);
    at += 6; // extended rcode, version 0, DO off, Z, RDLENGTH 0: all zero
  }
  const bytes = at === bound ? out : out.subarray(0, at);
  // The name read back as decodeMessage reads a response's: the two then compare as text.
  const question = {
    name: new MessageReader(bytes).name(bytes.length),
    type: typeCode,
    class: CLASS_IN,
  };
  return { id: fields.id, question, bytes };
}

/**
 * One label as text: A-Z lower-cased (names compare without case, RFC 4343), and `.`, `\` and
 * bytes outside printable ASCII escaped as in a zone file (`\.`, `\\`, `\DDD`), so that label
 * boundaries survive and writeName reads the text back to the same bytes.
 */
function labelText(bytes: Buffer, start: number, end: number): string {
  let plain = true;
  let upper = false;
  for (let at = start; at < end; at++) {
    const byte = bytes[at] as number;
    if (byte < 0x21 || byte > 0x7e || byte === DOT || byte === BACKSLASH) plain = false;
    else if (byte >= 0x41 && byte <= 0x5a) upper = true;
  }
  if (plain) {
    const text = bytes.toString('latin1', start, end);
    return upper ? text.toLowerCase() : text;
  }
  let text = '';
  for (let at = start; at < end; at++) {
    const byte = bytes[at] as number;
    if (byte === DOT || byte === BACKSLASH) text += `\\${String.fromCharCode(byte)}`;
    else if (byte < 0x21 || byte > 0x7e) text += `\\${String(byte).padStart(3, '0')}`;
    else if (byte >= 0x41 && byte <= 0x5a) text += String.fromCharCode(byte + 0x20);
    else text += String.fromCharCode(byte);
  }
  return text;
}

/** What a compression pointer leads to: its text, bytes on the wire, and pointers within. */
interface NameSuffix {
  text: string;
  wireBytes: number;
  pointers: number;
}

/** Reads the message front to back; `at` is the next byte. */
class MessageReader {
  at = HEADER_BYTES;
  /** Set where a truncated message ends inside a record: nothing after it is read. */
  cut = false;
  /** Where the last name read ends in place, its length on the wire, its pointers. */
  private nameEnd = 0;
  private nameWireBytes = 0;
  private namePointers = 0;
  /** Names that pointers lead to, by offset; made at the first pointer. */
  private suffixes: Map<number, NameSuffix> | undefined;

  constructor(readonly bytes: Buffer) {}

  need(count: number, end: number, what: string): void {
    if (this.at + count > end) malformed(`${what} runs past the end`);
  }

  uint16(): number {
    const { bytes, at } = this;
    this.at = at + 2;
    return ((bytes[at] as number) << 8) | (bytes[at + 1] as number);
  }

  uint32(): number {
    const value = this.bytes.readUInt32BE(this.at);
    this.at += 4;
    return value;
  }

  /** The name at `at`, whose own bytes end before `end` (pointers may lead anywhere before). */
  name(end: number): string {
    const text = this.readName(this.at, end, 0);
    this.at = this.nameEnd;
    return text;
  }

  /**
   * Reads the labels from `start`, reached through `depth` pointers, and sets nameEnd,
   * nameWireBytes and namePointers. A compression pointer
   * must point before the labels that hold it, as in dnspython, so every jump goes back and a
   * loop cannot happen; what a pointer leads to is read once per message (suffixAt), so a
   * message of many names costs no more than its bytes, whatever its pointers do.
   */
  private readName(start: number, limit: number, depth: number): string {
    const { bytes } = this;
    let at = start;
    let wireBytes = 1;
    let pointers = 0;
    let text = '';
    for (;;) {
      if (at >= limit) malformed('name runs past the end');
      const length = bytes[at] as number;
      if (length === 0) {
        this.nameEnd = at + 1;
        break;
      }
      if (length >= 0xc0) {
        if (at + 1 >= limit) malformed('compression pointer runs past the end');
        const target = ((length & 0x3f) << 8) | (bytes[at + 1] as number);
        if (target >= start) malformed('compression pointer does not point back');
        const suffix = this.suffixAt(target, depth + 1);
        wireBytes += suffix.wireBytes - 1;
        pointers = 1 + suffix.pointers;
        if (wireBytes > MAX_NAME_BYTES) malformed('name longer than 255 bytes');
        if (depth + pointers > MAX_POINTERS) tooManyPointers();
        if (text === '') text = suffix.text;
        else if (suffix.text !== '') text = `${text}.${suffix.text}`;
        this.nameEnd = at + 2;
        break;
      }
      if (length > MAX_LABEL_BYTES) malformed(`label type 0x${length.toString(16)}`);
      wireBytes += length + 1;
      if (wireBytes > MAX_NAME_BYTES) malformed('name longer than 255 bytes');
      if (at + 1 + length > limit) malformed('label runs past the end');
      const label = labelText(bytes, at + 1, at + 1 + length);
      text = text === '' ? label : `${text}.${label}`;
      at += 1 + length;
    }
    this.nameWireBytes = wireBytes;
    this.namePointers = pointers;
    return text;
  }

  /** The name a pointer to `target` leads to, the `depth`-th pointer of its chain. */
  private suffixAt(target: number, depth: number): NameSuffix {
    // Checked before reading too, so that the reads nest at most MAX_POINTERS deep.
    if (depth > MAX_POINTERS) tooManyPointers();
    this.suffixes ??= new Map();
    let suffix = this.suffixes.get(target);
    if (suffix === undefined) {
      const text = this.readName(target, this.bytes.length, depth);
      suffix = { text, wireBytes: this.nameWireBytes, pointers: this.namePointers };
      this.suffixes.set(target, suffix);
    }
    return suffix;
  }

  question(): DnsQuestion {
    const end = this.bytes.length;
    const name = this.name(end);
    this.need(4, end, 'question');
    return { name, type: this.uint16(), class: this.uint16() };
  }

  record(): DnsRecord {
    const messageEnd = this.bytes.length;
    const name = this.name(messageEnd);
    this.need(10, messageEnd, 'record');
    const typeCode = this.uint16();
    const recordClass = this.uint16();
    const rawTtl = this.uint32();
    const rdataBytes = this.uint16();
    this.need(rdataBytes, messageEnd, 'record data');
    const end = this.at + rdataBytes;
    const ttl = rawTtl > MAX_TTL ? 0 : rawTtl;
    let record: DnsRecord;
    switch (typeCode) {
      case TYPE_CODE.A:
        if (rdataBytes !== 4) malformed(`A record of ${rdataBytes} bytes`);
        record = { type: 'A', name, ttl, address: ipv4Text(this.bytes, this.at) };
        this.at = end;
        break;
      case TYPE_CODE.AAAA:
        if (rdataBytes !== 16) malformed(`AAAA record of ${rdataBytes} bytes`);
        record = { type: 'AAAA', name, ttl, address: ipv6Text(this.bytes, this.at) };
        this.at = end;
        break;
      case TYPE_CODE.CNAME:
        record = { type: 'CNAME', name, ttl, target: this.name(end) };
        break;
      case TYPE_CODE.NS:
        record = { type: 'NS', name, ttl, nameServer: this.name(end) };
        break;
      case TYPE_CODE.MX: {
        this.need(2, end, 'MX record');
        const preference = this.uint16();
        record = { type: 'MX', name, ttl, preference, exchange: this.name(end) };
        break;
      }
      case TYPE_CODE.SOA: {
        const primary = this.name(end);
        const admin = this.name(end);
        this.need(20, end, 'SOA record');
        record = {
          type: 'SOA',
          name,
          ttl,
          primary,
          admin,
          serial: this.uint32(),
          refresh: this.uint32(),
          retry: this.uint32(),
          expire: this.uint32(),
          minimum: this.uint32(),
        };
        break;
      }
      case TYPE_CODE.OPT:
        // RFC 6891 6.1.3: the class is the payload size, the TTL holds rcode bits, version, DO.
        record = {
          type: 'OPT',
          name,
          udpPayloadBytes: recordClass,
          extendedRcode: rawTtl >>> 24,
          version: (rawTtl >>> 16) & 0xff,
          dnssecOk: (rawTtl & 0x8000) !== 0,
        };
        this.at = end; // options are not read
        break;
      default:
        record = { type: 'OTHER', name, ttl, typeCode, rdataBytes };
        this.at = end;
    }
    if (this.at !== end) malformed(`${record.type} record data longer than its fields`);
    return record;
  }
}

function ipv4Text(bytes: Buffer, at: number): string {
  return `${bytes[at]}.${bytes[at + 1]}.${bytes[at + 2]}.${bytes[at + 3]}`;
}

function group16(bytes: Buffer, at: number, group: number): number {
  return ((bytes[at + 2 * group] as number) << 8) | (bytes[at + 2 * group + 1] as number);
}

/** RFC 5952: lower-case hex, the longest run (the first of equals) of 2+ zero groups as `::`. */
function ipv6Text(bytes: Buffer, at: number): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let group = 0, runLength = 0; group < 8; group++) {
    runLength = group16(bytes, at, group) === 0 ? runLength + 1 : 0;
    if (runLength > bestLength) {
      bestLength = runLength;
      bestStart = group - runLength + 1;
    }
  }
  let text = '';
  for (let group = 0; group < 8; group++) {
    if (group === bestStart) {
      text += '::';
      group += bestLength - 1;
      continue;
    }
    if (group > 0 && group !== bestStart + bestLength) text += ':';
    text += group16(bytes, at, group).toString(16);
  }
  return text;
}

/** The smallest record: a pointer-free root owner and the fixed fields, without rdata. */
const MIN_RECORD_BYTES = 11;

/**
 * `count` records, or those before a cut in a truncated message. The array is sized for the
 * records the bytes left can hold, not for what a hostile header claims (up to 65,535).
 */
function readSection(reader: MessageReader, count: number, truncated: boolean): DnsRecord[] {
  const room = Math.floor((reader.bytes.length - reader.at) / MIN_RECORD_BYTES);
  const records = new Array<DnsRecord>(Math.min(count, room));
  for (let index = 0; index < count; index++) {
    if (reader.cut) {
      records.length = index;
      break;
    }
    try {
      records[index] = reader.record();
    } catch (error) {
      if (!(error instanceof MalformedMessage) || !truncated) throw error;
      // RFC 2181 9: a truncated message may end inside a record; what came before still counts.
      reader.cut = true;
      records.length = index;
      break;
    }
  }
  return records;
}

/**
 * Every section of a message. A record cut off in a message with the TC bit ends the reading
 * there and keeps what came before, as a truncated answer's rcode still counts; anything else
 * that does not add up makes the message malformed. Bytes after the last record are ignored.
 */
export function decodeMessage(bytes: Buffer): DecodeResult {
  if (bytes.length < HEADER_BYTES) return { ok: false, malformed: 'shorter than a DNS header' };
  const reader = new MessageReader(bytes);
  const flags = bytes.readUInt16BE(2);
  const truncated = (flags & 0x0200) !== 0;
  try {
    const questionCount = bytes.readUInt16BE(4);
    const questions = new Array<DnsQuestion>(Math.min(questionCount, bytes.length));
    for (let index = 0; index < questionCount; index++) questions[index] = reader.question();
    const message: DnsMessage = {
      id: bytes.readUInt16BE(0),
      qr: (flags & 0x8000) !== 0,
      opcode: (flags >>> 11) & 0x0f,
      aa: (flags & 0x0400) !== 0,
      tc: truncated,
      rd: (flags & 0x0100) !== 0,
      ra: (flags & 0x0080) !== 0,
      rcode: flags & 0x0f,
      questions,
      answers: readSection(reader, bytes.readUInt16BE(6), truncated),
      authorities: readSection(reader, bytes.readUInt16BE(8), truncated),
      additionals: readSection(reader, bytes.readUInt16BE(10), truncated),
    };
    for (const record of message.additionals) {
      if (record.type === 'OPT') {
        message.rcode |= record.extendedRcode << 4;
        break;
      }
    }
    return { ok: true, message };
  } catch (error) {
    if (!(error instanceof MalformedMessage)) throw error;
    return { ok: false, malformed: error.message };
  }
}
