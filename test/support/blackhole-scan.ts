/**
 * Runs the real CLI inside a network namespace of its own (started by blackhole-namespace.ts),
 * where 2001:db8:dead::/48 is routed to a dummy interface: a SYN sent there is dropped, so those
 * addresses never answer. A zone server and an IPv4 web server listen on loopback beside it.
 * Prints one JSON line: exit code, elapsed time, peak RSS, the report's sites, stderr's tail.
 * Scenarios: "many-aaaa" (one host, 1,000 silent AAAA, working IPv4) and "fd-limit" (many such
 * hosts, run under a small `ulimit -n`).
 */
import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { isIPv4 } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { BIN } from '../scan/run-cli.ts';
import { startHttpServer } from '../probe/test-servers.ts';
import { childUsageEnv, peakRssBytes } from './child-usage.ts';

type Zone = Record<string, { A: string[]; AAAA: string[] }>;

/** Long enough for a loaded machine to answer on loopback; the silent addresses cost it each. */
export const STEP_TIMEOUT_MS = 1500;

const silentAddress = (host: number, index: number): string =>
  `2001:db8:dead:${host.toString(16)}::${(index + 1).toString(16)}`;

/** An address as the 4 or 16 bytes of its A or AAAA record. */
function addressBytes(address: string): Buffer {
  if (isIPv4(address)) return Buffer.from(address.split('.').map(Number));
  const [head = '', tail = ''] = address.split('::');
  const groups = (text: string): string[] => (text === '' ? [] : text.split(':'));
  const left = groups(head);
  const right = groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const bytes = Buffer.alloc(16);
  all.forEach((group, index) => bytes.writeUInt16BE(parseInt(group, 16), index * 2));
  return bytes;
}

/**
 * A UDP name server written by hand: dns2 takes over 20 s to encode 1,000 AAAA records on this
 * machine. Answers A and AAAA from the zone, NODATA for other types, NXDOMAIN for other names.
 */
async function startRawZone(
  zone: Zone,
  host: '127.0.0.1' | '::1',
): Promise<{ port: number; close(): void }> {
  const socket = createSocket(host === '::1' ? 'udp6' : 'udp4');
  socket.on('message', (query, sender) => {
    let end = 12;
    const labels: string[] = [];
    while (end < query.length && query[end] !== 0) {
      const length = query[end] as number;
      labels.push(query.subarray(end + 1, end + 1 + length).toString('latin1'));
      end += 1 + length;
    }
    const questionEnd = end + 5;
    const type = query.readUInt16BE(end + 1);
    const entry = zone[labels.join('.').toLowerCase()];
    const addresses = !entry ? [] : type === 1 ? entry.A : type === 28 ? entry.AAAA : [];
    const header = Buffer.alloc(12);
    query.copy(header, 0, 0, 2);
    header.writeUInt16BE(0x8180 | (entry ? 0 : 3), 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(addresses.length, 6);
    const answers = addresses.map((address) => {
      const rdata = addressBytes(address);
      const fixed = Buffer.alloc(12);
      fixed.writeUInt16BE(0xc00c, 0);
      fixed.writeUInt16BE(type, 2);
      fixed.writeUInt16BE(1, 4);
      fixed.writeUInt32BE(60, 6);
      fixed.writeUInt16BE(rdata.length, 10);
      return Buffer.concat([fixed, rdata]);
    });
    const response = Buffer.concat([header, query.subarray(12, questionEnd), ...answers]);
    socket.send(response, sender.port, sender.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, host, resolve));
  return { port: socket.address().port, close: () => socket.close() };
}

async function main(): Promise<void> {
  const scenario = process.argv[2];
  const web = await startHttpServer({
    handler: (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<!doctype html><title>home</title><p>IPv4 works</p>');
    },
  });
  const zone: Zone = {};
  const targets: string[] = [];
  const hostCount = scenario === 'many-aaaa' ? 1 : 100;
  const addressesPerHost = scenario === 'many-aaaa' ? 1000 : 8;
  for (let host = 0; host < hostCount; host++) {
    const name = `h${host}.blackhole.test`;
    zone[name] = {
      A: ['127.0.0.1'],
      AAAA: Array.from({ length: addressesPerHost }, (_, index) => silentAddress(host, index)),
    };
    targets.push(`http://${name}:${web.port}/`);
  }
  const dns = await startRawZone(zone, '127.0.0.1');
  // The vantage check asks over each family; only IPv4 is used for the sites.
  const dns6 = await startRawZone(zone, '::1');
  const workDir = await mkdtemp(path.join(tmpdir(), 'v6ready-blackhole-'));
  const out = path.join(workDir, 'out');
  const args = [
    BIN,
    'scan',
    '--out',
    out,
    '--resolver',
    `127.0.0.1:${dns.port}`,
    '--allow-private',
    '--vantage-probe',
    `127.0.0.1:${dns.port}`,
    '--vantage-probe',
    `[::1]:${dns6.port}`,
    '--no-progress',
    '--depth',
    '0',
    '--timeout',
    String(STEP_TIMEOUT_MS),
    '--concurrency',
    scenario === 'many-aaaa' ? '4' : '512',
    ...targets,
  ];
  const openFiles = scenario === 'many-aaaa' ? 4096 : 256;
  const startedAt = performance.now();
  const run = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    // `ulimit -n` sets soft and hard limit, so Node cannot raise it at start.
    const child = spawn(
      'sh',
      ['-c', `ulimit -n ${openFiles} && exec "$0" "$@"`, process.execPath, ...args],
      { env: { ...process.env, ...childUsageEnv() }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
  const elapsedMs = Math.round(performance.now() - startedAt);
  const report = await readFile(path.join(out, 'report.json'), 'utf8')
    .then((text) => JSON.parse(text) as { sites: unknown[] })
    .catch(() => null);
  console.log(
    JSON.stringify({
      code: run.code,
      elapsedMs,
      peakRssBytes: peakRssBytes(run.stderr),
      sites: report?.sites ?? null,
      stderrTail: run.stderr.slice(-2000),
    }),
  );
  await rm(workDir, { recursive: true, force: true });
  dns.close();
  dns6.close();
  await web.close();
}

await main();
