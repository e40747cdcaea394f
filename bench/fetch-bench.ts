/**
 * CPU of one fetch in the scanner: `fetchOnce` against a loopback HTTP server in a child process
 * (so its work is not counted), 16 requests at a time, on a fresh connection per request (as the
 * home page is fetched) or on kept-alive connections (as latency samples and crawled links are),
 * and a bare TCP probe for scale. Prints CPU microseconds per operation of this process.
 *
 *   npx tsx bench/fetch-bench.ts [--requests 3000]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { fetchOnce } from '../src/probe/http-fetch-once.ts';
import { SiteConnections } from '../src/probe/pinned-connection.ts';
import { probeTcp } from '../src/probe/tcp-connect.ts';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '3000' } } });
const requests = Number(values.requests);
const PARALLEL = 16;

// The benchmark's page: 5 KB of HTML, as bench/loopback-bench.ts serves.
const serverSource = `
const http = require('node:http');
const body = '<!doctype html><html><body>' + '政务服务 公开信息 '.repeat(200) + '</body></html>';
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\\n'));
`;
const server = spawn(process.execPath, ['-e', serverSource], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
const [portLine] = (await once(server.stdout, 'data')) as [Buffer];
const port = Number(portLine.toString().trim());
const url = new URL(`http://site.test.v6ready:${port}/`);
const signal = new AbortController().signal;
const base = { family: 4 as const, timeoutMs: 5000, signal, userAgent: 'v6ready-bench' };

type Operation = (lane: number) => Promise<void>;

async function measure(label: string, operation: Operation): Promise<void> {
  for (let i = 0; i < 200; i++) await operation(0); // warm-up: JIT and connections
  const before = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async (_, lane) => {
      while (next++ < requests) await operation(lane);
    }),
  );
  const used = process.cpuUsage(before);
  const perOperation = (used.user + used.system) / requests;
  console.log(`${label.padEnd(36)} ${perOperation.toFixed(0).padStart(5)} us CPU per operation`);
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(`${what} failed`);
}

try {
  await measure('TCP probe (connect and close)', async () => {
    const result = await probeTcp('127.0.0.1', port, { timeoutMs: 5000, signal });
    check(result.outcome.ok, 'TCP probe');
  });
  await measure('fetch, fresh connection', async () => {
    const result = await fetchOnce(url, '127.0.0.1', { ...base, maxBodyBytes: 1 << 20 });
    check(result.hop.outcome.ok, 'fetch');
  });
  // One pool per lane: each lane's requests follow one another, as a site's samples do.
  const pools = Array.from(
    { length: PARALLEL },
    () => new SiteConnections({ timeoutMs: base.timeoutMs }),
  );
  await measure('fetch, kept-alive connection', async (lane) => {
    const result = await fetchOnce(url, '127.0.0.1', {
      ...base,
      maxBodyBytes: 0,
      discardBodyUpTo: 256 * 1024,
      connections: pools[lane] as SiteConnections,
    });
    check(result.hop.outcome.ok, 'kept-alive fetch');
  });
  for (const pool of pools) pool.close();
} finally {
  server.kill();
}
