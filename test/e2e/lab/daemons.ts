/**
 * Starting the lab's servers in the foreground inside a namespace, knowing when they listen, and
 * stopping them. `ip netns exec` execs the daemon, so the child's pid is the daemon's own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { inNamespace, runIn } from './shell.ts';

export interface Daemon {
  name: string;
  pid: number;
  logFile: string;
  child: ChildProcess;
  /** Settles with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

export function startDaemon(
  namespace: string,
  name: string,
  command: string,
  args: readonly string[],
  logFile: string,
): Daemon {
  const log = openSync(logFile, 'a');
  const child = spawn('ip', inNamespace(namespace, command, args), {
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<number | string>((resolve) => {
    child.once('exit', (code, signal) => resolve(code ?? signal ?? -1));
    child.once('error', () => resolve(-1));
  });
  if (child.pid === undefined) throw new Error(`${name} did not start: ${tail(logFile)}`);
  return { name, pid: child.pid, logFile, child, exited };
}

export function tail(logFile: string, lines = 15): string {
  try {
    return readFileSync(logFile, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

export interface Listener {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
}

export function listenerKey(listener: Listener): string {
  const host = listener.address.includes(':') ? `[${listener.address}]` : listener.address;
  return `${listener.protocol} ${host}:${listener.port}`;
}

async function listeningSockets(namespace: string): Promise<Set<string>> {
  const output = await runIn(namespace, 'ss', ['-H', '-l', '-n', '-t', '-u']);
  const keys = new Set<string>();
  for (const line of output.split('\n')) {
    const columns = line.trim().split(/\s+/);
    const protocol = columns[0];
    const local = columns[4];
    if ((protocol === 'tcp' || protocol === 'udp') && local) keys.add(`${protocol} ${local}`);
  }
  return keys;
}

/**
 * Resolves once every expected socket listens. A daemon that exits first fails at once with its
 * log; there is no event for "another process bound a port", so the socket table is polled.
 */
export async function waitForListeners(
  namespace: string,
  expected: readonly Listener[],
  daemons: readonly Daemon[],
  timeoutMs: number,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let deadDaemon: Daemon | undefined;
  for (const daemon of daemons) {
    void daemon.exited.then(() => {
      deadDaemon ??= daemon;
    });
  }
  for (;;) {
    if (deadDaemon) {
      throw new Error(`${deadDaemon.name} exited during start: ${tail(deadDaemon.logFile)}`);
    }
    const listening = await listeningSockets(namespace);
    const missing = expected.map(listenerKey).filter((key) => !listening.has(key));
    if (missing.length === 0) return;
    if (performance.now() > deadline) {
      const logs = daemons.map((daemon) => `${daemon.name}: ${tail(daemon.logFile, 5)}`);
      throw new Error(
        `not listening after ${timeoutMs} ms: ${missing.join(', ')}\n${logs.join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** SIGTERM, then SIGKILL for any daemon still running after graceMs. */
export async function stopDaemons(daemons: readonly Daemon[], graceMs: number): Promise<void> {
  const running = daemons.filter(
    (daemon) => daemon.child.exitCode === null && !daemon.child.signalCode,
  );
  for (const daemon of running) daemon.child.kill('SIGTERM');
  await Promise.all(
    running.map(async (daemon) => {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const outcome = await Promise.race([daemon.exited, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        daemon.child.kill('SIGKILL');
        await daemon.exited;
      }
    }),
  );
}
