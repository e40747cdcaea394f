/**
 * A ZIP reader for tests, written from the format's description (APPNOTE 4.3) rather than from our
 * writer: the end record, the central directory, each local header and its data descriptor, the
 * raw deflate data inflated. Everything it finds out of place is an error.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntryRead {
  name: string;
  flags: number;
  method: number;
  crc32: number;
  compressedBytes: number;
  data: Buffer;
}

export function readZip(archive: Buffer): ZipEntryRead[] {
  const endAt = archive.length - 22;
  if (archive.readUInt32LE(endAt) !== 0x06054b50) throw new Error('no end of central directory');
  const count = archive.readUInt16LE(endAt + 10);
  if (archive.readUInt16LE(endAt + 8) !== count) throw new Error('entry counts differ');
  const directorySize = archive.readUInt32LE(endAt + 12);
  let at = archive.readUInt32LE(endAt + 16);
  if (at + directorySize !== endAt) throw new Error('central directory not just before its end');
  const entries: ZipEntryRead[] = [];
  for (let index = 0; index < count; index += 1) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`directory record ${index}`);
    const flags = archive.readUInt16LE(at + 8);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const compressedBytes = archive.readUInt32LE(at + 20);
    const uncompressedBytes = archive.readUInt32LE(at + 24);
    const nameLength = archive.readUInt16LE(at + 28);
    const extraLength = archive.readUInt16LE(at + 30);
    const commentLength = archive.readUInt16LE(at + 32);
    const localAt = archive.readUInt32LE(at + 42);
    const nameBytes = archive.subarray(at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;

    if (archive.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`local header ${index}`);
    const localName = archive.subarray(
      localAt + 30,
      localAt + 30 + archive.readUInt16LE(localAt + 26),
    );
    if (!localName.equals(nameBytes)) throw new Error(`names differ at ${index}`);
    const dataAt = localAt + 30 + localName.length + archive.readUInt16LE(localAt + 28);
    const raw = archive.subarray(dataAt, dataAt + compressedBytes);
    if (flags & 0x0008) {
      const descriptorAt = dataAt + compressedBytes;
      if (archive.readUInt32LE(descriptorAt) !== 0x08074b50) throw new Error(`descriptor ${index}`);
      if (
        archive.readUInt32LE(descriptorAt + 4) !== crc ||
        archive.readUInt32LE(descriptorAt + 8) !== compressedBytes ||
        archive.readUInt32LE(descriptorAt + 12) !== uncompressedBytes
      ) {
        throw new Error(`descriptor and directory differ at ${index}`);
      }
    }
    const data = method === 8 ? inflateRawSync(raw) : Buffer.from(raw);
    if (data.length !== uncompressedBytes) throw new Error(`size of entry ${index}`);
    if (crc32(data) !== crc) throw new Error(`CRC-32 of entry ${index}`);
    const name = flags & 0x0800 ? nameBytes.toString('utf8') : nameBytes.toString('latin1');
    entries.push({ name, flags, method, crc32: crc, compressedBytes, data });
  }
  return entries;
}

/** One entry's text, or an error naming what the archive holds. */
export function zipText(entries: readonly ZipEntryRead[], name: string): string {
  const entry = entries.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`${name} missing; have ${entries.map((one) => one.name).join(', ')}`);
  return entry.data.toString('utf8');
}
