/**
 * Network namespaces made by a test, for failures only a kernel gives (no route, no source
 * address, a prohibit route). Root only; every test that uses them skips with a clear message
 * otherwise. Nothing here ever routes a packet out of the namespace.
 */
import { execFile, execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

function namespacesUsable(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('ip', ['netns', 'list'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

export const NAMESPACES_USABLE = namespacesUsable();
export const NAMESPACES_SKIP_REASON =
  'needs root and iproute2 to create network namespaces (run the tests as root to include it)';

/** Creates a namespace with loopback up, then runs each `ip` batch line inside it. */
export function createNamespace(prefix: string, ipCommands: string[] = []): string {
  const name = `${prefix}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  execFileSync('ip', ['netns', 'add', name]);
  try {
    execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up']);
    for (const command of ipCommands) execFileSync('ip', ['-n', name, ...command.split(' ')]);
  } catch (error) {
    deleteNamespace(name);
    throw error;
  }
  return name;
}

/** Turns IPv6 off in the namespace, as on a host or CI runner without IPv6. */
export function disableIpv6(namespace: string): void {
  execFileSync('ip', [
    'netns',
    'exec',
    namespace,
    'sysctl',
    '-q',
    '-w',
    'net.ipv6.conf.all.disable_ipv6=1',
    'net.ipv6.conf.default.disable_ipv6=1',
    'net.ipv6.conf.lo.disable_ipv6=1',
  ]);
}

export function deleteNamespace(namespace: string): void {
  execFileSync('ip', ['netns', 'del', namespace]);
}

export interface NamespaceRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a TypeScript file of this project (through tsx) inside the namespace. */
export function runTypeScriptIn(
  namespace: string,
  file: string,
  args: string[] = [],
): Promise<NamespaceRun> {
  return new Promise((resolve) => {
    execFile(
      'ip',
      ['netns', 'exec', namespace, process.execPath, '--import', 'tsx', file, ...args],
      { cwd: projectRoot, encoding: 'utf8', timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({ code: error ? (typeof code === 'number' ? code : null) : 0, stdout, stderr });
      },
    );
  });
}

export const BIN = path.join(projectRoot, 'bin/v6ready');
