import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'blackhole-scan.ts');

/** Root with `unshare` and `ip`: a network namespace can be made for one child process. */
export function canMakeNamespaces(): boolean {
  if (process.getuid?.() !== 0) return false;
  const probe = spawnSync('unshare', ['-n', 'ip', 'link', 'show', 'lo'], { encoding: 'utf8' });
  return probe.status === 0;
}

/**
 * The namespace lives as long as the child: loopback up, and a prefix whose packets vanish. They
 * go out of a veth to a neighbour that does not exist (a fixed MAC no interface has), so the far
 * end drops each frame and no error ever comes back.
 */
const SETUP = [
  'ip link set lo up',
  'ip link add bh0 type veth peer name bh1',
  'ip link set bh0 up',
  'ip link set bh1 up',
  'ip -6 addr add 2001:db8:ffff::1/64 dev bh0 nodad',
  'ip -6 neigh add fe80::dead lladdr 02:00:00:00:de:ad dev bh0 nud permanent',
  'ip -6 route add 2001:db8:dead::/48 via fe80::dead dev bh0',
].join(' && ');

export interface BlackholeScan {
  code: number | null;
  elapsedMs: number;
  peakRssBytes: number;
  sites: BlackholeSite[] | null;
  stderrTail: string;
}

export interface BlackholeSite {
  host: string;
  verdict: string;
  evidence: {
    deadline_hit: boolean;
    tcp: Record<'v4' | 'v6', { address: string; port: number; outcome: string }[]>;
    http: Record<'v4' | 'v6', { outcome: string; final_status: number | null } | null>;
  };
}

/** Runs blackhole-scan.ts in a fresh network namespace and returns what it printed. */
export function runBlackholeScan(scenario: 'many-aaaa' | 'fd-limit'): Promise<BlackholeScan> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      'unshare',
      [
        '-n',
        'sh',
        '-c',
        `${SETUP} && exec "$0" "$@"`,
        process.execPath,
        '--import',
        'tsx',
        script,
        scenario,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code !== 0 || !line.startsWith('{')) {
        reject(new Error(`blackhole scan exited ${code}: ${stdout.slice(-1000)}`));
      } else {
        resolve(JSON.parse(line) as BlackholeScan);
      }
    });
  });
}
