/**
 * Encode + decode per DNS query: dns2's Packet codec (the scanner's before issue 8) against
 * src/dns/dns-wire.ts. Each query is encoded as the scanner sends it (RD, OPT 1232) and one of
 * three typical answers is decoded into records (A, AAAA x2, NXDOMAIN with SOA, each with OPT).
 *
 *   npx tsx bench/dns-wire-bench.ts [--queries 20000]
 *
 * Prints, per codec: CPU microseconds per query (median of 5 rounds), heap bytes allocated per
 * query (measured in a child with a 64 MB new space, so no scavenge runs inside a batch), and
 * scavenges per 10,000 queries at Node's default heap settings.
 */
import { spawnSync } from 'node:child_process';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import type { PerformanceEntry } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Packet } from 'dns2';
import type { Resource } from 'dns2';
import { decodeMessage } from '../src/dns/dns-wire.ts';
import { buildQuery } from '../src/dns/query-message.ts';

const { values } = parseArgs({
  options: {
    queries: { type: 'string', default: '20000' },
    'allocation-child': { type: 'string' },
  },
});

type Codec = 'dns2' | 'dns-wire';
const CODECS: Codec[] = ['dns2', 'dns-wire'];
const NAMES = ['www.example.test', 'shop.example.test', 'nowhere.example.test'];
const TYPES = [Packet.TYPE.A, Packet.TYPE.AAAA, Packet.TYPE.A];

/** The answers a dns2 zone server (the benchmark's and the tests') sends for NAMES. */
const ANSWERS: Buffer[] = NAMES.map((name, index) => {
  const type = TYPES[index] as number;
  const query = new Packet();
  query.questions.push(new Packet.Question(name, type, Packet.CLASS.IN));
  const response = Packet.createResponseFromRequest(query);
  const record = (data: object) =>
    new Packet.Resource({ name, type, class: Packet.CLASS.IN, ttl: 60, ...data });
  if (index === 0) response.answers.push(record({ address: '192.0.2.1' }));
  if (index === 1) {
    response.answers.push(record({ address: '2001:db8::1' }), record({ address: '2001:db8::2' }));
  }
  if (index === 2) {
    response.header.rcode = 3; // NXDOMAIN
    response.authorities.push(
      new Packet.Resource({
        name: 'example.test',
        type: Packet.TYPE.SOA,
        class: Packet.CLASS.IN,
        ttl: 60,
        primary: 'ns1.example.test',
        admin: 'hostmaster.example.test',
        serial: 1,
        refresh: 3600,
        retry: 600,
        expiration: 86400,
        minimum: 60,
      }),
    );
  }
  const opt = Packet.Resource.EDNS([]);
  opt.class = 1232;
  response.additionals.push(opt);
  return response.toBuffer();
});

function normalizeName(name: string | undefined): string {
  return (name ?? '').toLowerCase().replace(/\.$/, '');
}

/** What the scanner did with dns2 before: Packet, toBuffer, Packet.parse, records. */
function viaDns2(index: number): number {
  const query = new Packet();
  query.header.id = Packet.uuid();
  query.header.rd = 1;
  query.questions.push(new Packet.Question(NAMES[index], TYPES[index], Packet.CLASS.IN));
  const opt = Packet.Resource.EDNS([]);
  opt.class = 1232;
  query.additionals.push(opt);
  const sent = query.toBuffer();
  const answer = Packet.parse(ANSWERS[index] as Buffer);
  const records = [...answer.answers, ...answer.authorities].map((resource: Resource) => ({
    name: normalizeName(resource.name),
    ttl: resource.ttl,
    type: resource.type,
    value: resource.address ?? normalizeName(resource.primary),
  }));
  return sent.length + records.length;
}

function viaDnsWire(index: number): number {
  const sent = buildQuery(NAMES[index] as string, TYPES[index] as number, {
    recursive: true,
    edns: true,
  });
  const decoded = decodeMessage(ANSWERS[index] as Buffer);
  if (!decoded.ok) throw new Error(decoded.malformed);
  return sent.bytes.length + decoded.message.answers.length + decoded.message.authorities.length;
}

const RUN: Record<Codec, (index: number) => number> = { dns2: viaDns2, 'dns-wire': viaDnsWire };

function runQueries(codec: Codec, count: number): number {
  let sink = 0;
  for (let index = 0; index < count; index++) sink += RUN[codec](index % 3);
  return sink;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

/** In a child with a fixed 64 MB new space: heap growth over a batch is what the batch allocated. */
function allocationPerQuery(codec: Codec): { heapBytes: number; arrayBufferBytes: number } {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const batch = 200;
  runQueries(codec, 2000); // warm up
  const heap: number[] = [];
  const arrayBuffers: number[] = [];
  for (let round = 0; round < 15; round++) {
    gc();
    const before = process.memoryUsage();
    runQueries(codec, batch);
    const after = process.memoryUsage();
    heap.push((after.heapUsed - before.heapUsed) / batch);
    arrayBuffers.push((after.arrayBuffers - before.arrayBuffers) / batch);
  }
  return { heapBytes: median(heap), arrayBufferBytes: median(arrayBuffers) };
}

async function scavengesPer10k(codec: Codec, count: number): Promise<number> {
  let scavenges = 0;
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      // NODE_PERFORMANCE_GC_MINOR: a scavenge of the new space.
      const { detail } = entry as PerformanceEntry & { detail?: { kind?: number } };
      if (detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges++;
    }
  });
  observer.observe({ entryTypes: ['gc'] });
  runQueries(codec, count);
  await new Promise((resolve) => setTimeout(resolve, 50)); // gc entries arrive asynchronously
  observer.disconnect();
  return Math.round((scavenges * 10_000) / count);
}

function cpuMicrosPerQuery(codec: Codec, count: number): number {
  runQueries(codec, Math.min(count, 2000)); // warm up
  const rounds: number[] = [];
  for (let round = 0; round < 5; round++) {
    const start = process.cpuUsage();
    runQueries(codec, count);
    const used = process.cpuUsage(start);
    rounds.push((used.user + used.system) / count);
  }
  return median(rounds);
}

async function main(): Promise<void> {
  const child = values['allocation-child'] as Codec | undefined;
  if (child) {
    process.stdout.write(JSON.stringify(allocationPerQuery(child)));
    return;
  }
  const count = Number(values.queries);
  const results: Record<string, unknown> = {};
  for (const codec of CODECS) {
    const allocation = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        '--expose-gc',
        '--min-semi-space-size=64',
        '--max-semi-space-size=64',
        fileURLToPath(import.meta.url),
        '--allocation-child',
        codec,
      ],
      { encoding: 'utf8' },
    );
    if (allocation.status !== 0) throw new Error(allocation.stderr);
    const { heapBytes, arrayBufferBytes } = JSON.parse(allocation.stdout) as {
      heapBytes: number;
      arrayBufferBytes: number;
    };
    results[codec] = {
      cpu_us_per_query: Number(cpuMicrosPerQuery(codec, count).toFixed(2)),
      heap_bytes_allocated_per_query: Math.round(heapBytes),
      array_buffer_bytes_per_query: Math.round(arrayBufferBytes),
      scavenges_per_10k_queries: await scavengesPer10k(codec, count),
    };
  }
  console.log(JSON.stringify({ queries_per_round: count, ...results }, null, 2));
}

await main();
