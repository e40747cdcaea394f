import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../../src/report/report-types.ts';
import { readCsvTable } from '../support/csv-table.ts';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = path.join(projectRoot, 'bin/v6ready');
export const TEST_CA = path.join(projectRoot, 'fixtures/tls/ca.crt');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real CLI in a child process, as a user would, trusting the test CA. A scan must name
 * its vantage probes: the default anchors are the DNS root servers, and tests send nothing
 * beyond loopback and their own namespaces.
 */
export function runCli(
  args: string[],
  options: { stdin?: string; env?: NodeJS.ProcessEnv; spawn?: { uid?: number; gid?: number } } = {},
): Promise<CliRun> {
  if (args[0] === 'scan' && !args.includes('--help') && !args.includes('--vantage-probe')) {
    return Promise.reject(new Error('a test scan must pass --vantage-probe (loopback or lab)'));
  }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: TEST_CA, ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...options.spawn,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.stdin ?? '');
  });
}

export async function readReportJson(outDir: string): Promise<Report> {
  return JSON.parse(await readFile(path.join(outDir, 'report.json'), 'utf8')) as Report;
}

/** report.csv as objects keyed by header. */
export async function readReportCsv(outDir: string): Promise<Record<string, string>[]> {
  return readCsvTable(await readFile(path.join(outDir, 'report.csv'), 'utf8')).rows;
}

/** `scan` against the test zone server on loopback; callers add timeouts, depth and targets. */
export function loopbackScanArgs(outDir: string, dnsPort: number, extra: string[]): string[] {
  return [
    'scan',
    '--out',
    outDir,
    '--resolver',
    `127.0.0.1:${dnsPort}`,
    '--name-server-port',
    String(dnsPort),
    '--allow-private',
    // The vantage check asks the test zone server on both families, never a real root server.
    '--vantage-probe',
    `127.0.0.1:${dnsPort}`,
    '--vantage-probe',
    `[::1]:${dnsPort}`,
    '--no-progress',
    ...extra,
  ];
}
