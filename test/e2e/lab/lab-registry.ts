/**
 * What each running lab owns (namespaces, work dir, owner pid), kept in /run/v6lab so that a
 * lab whose test process died without cleaning up is removed by the next run, and so that the
 * synchronous teardown (signal handlers, process exit) knows what to remove.
 */
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  rmdirSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { ETC_NETNS, netnsEtcDir } from './namespaces.ts';
import { runSync } from './shell.ts';

export const REGISTRY_DIR = '/run/v6lab';

export interface LabRecord {
  suffix: string;
  ownerPid: number;
  namespaces: string[];
  workDir: string;
}

export interface Leftovers {
  namespaces: string[];
  etcDirs: string[];
  workDir: string | null;
  registryFile: string | null;
  /** Processes still alive (zombies waiting for their parent do not count). */
  livePids: number[];
}

function recordFile(suffix: string): string {
  return join(REGISTRY_DIR, `${suffix}.json`);
}

export function writeLabRecord(record: LabRecord): void {
  mkdirSync(REGISTRY_DIR, { recursive: true });
  writeFileSync(recordFile(record.suffix), JSON.stringify(record));
}

export function listedNamespaces(): string[] {
  const result = runSync('ip', ['netns', 'list']);
  return result.stdout
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[0] ?? '')
    .filter((name) => name !== '');
}

export function pidsInNamespace(namespace: string): number[] {
  const result = runSync('ip', ['netns', 'pids', namespace]);
  if (result.exitCode !== 0) return [];
  return result.stdout
    .split('\n')
    .map((line) => Number.parseInt(line, 10))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

export function isAlive(pid: number): boolean {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return !/^State:\s+Z/m.test(status);
  } catch {
    return false;
  }
}

/** Kills everything in the lab's namespaces and removes every trace, without awaiting anything. */
export function teardownSync(record: LabRecord): void {
  const listed = new Set(listedNamespaces());
  for (const namespace of record.namespaces) {
    if (!listed.has(namespace)) continue;
    for (const pid of pidsInNamespace(namespace)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    runSync('ip', ['netns', 'delete', namespace]);
  }
  for (const namespace of record.namespaces) {
    rmSync(netnsEtcDir(namespace), { recursive: true, force: true });
  }
  // Made for the lab by mkdir -p; empty, it is nobody's (`ip netns exec` does not need it).
  try {
    rmdirSync(ETC_NETNS);
  } catch {
    // Another lab (or another tool) still has a folder there.
  }
  rmSync(record.workDir, { recursive: true, force: true });
  rmSync(recordFile(record.suffix), { force: true });
  try {
    rmdirSync(REGISTRY_DIR);
  } catch {
    // Other labs are running.
  }
}

export function leftoversOf(record: LabRecord, pidsSeen: readonly number[]): Leftovers {
  return {
    namespaces: listedNamespaces().filter((name) => name.includes(`-${record.suffix}-`)),
    etcDirs: record.namespaces.map(netnsEtcDir).filter((dir) => existsSync(dir)),
    workDir: existsSync(record.workDir) ? record.workDir : null,
    registryFile: existsSync(recordFile(record.suffix)) ? recordFile(record.suffix) : null,
    livePids: pidsSeen.filter(isAlive),
  };
}

function ownerIsAlive(record: LabRecord): boolean {
  try {
    process.kill(record.ownerPid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Removes labs whose owning process is gone (a run killed with SIGKILL). Returns their suffixes. */
export function reapStaleLabs(options: { all?: boolean } = {}): string[] {
  if (!existsSync(REGISTRY_DIR)) return [];
  const reaped: string[] = [];
  for (const file of readdirSync(REGISTRY_DIR)) {
    if (!file.endsWith('.json')) continue;
    let record: LabRecord;
    try {
      record = JSON.parse(readFileSync(join(REGISTRY_DIR, file), 'utf8')) as LabRecord;
    } catch {
      continue;
    }
    if (options.all || !ownerIsAlive(record)) {
      teardownSync(record);
      reaped.push(record.suffix);
    }
  }
  return reaped;
}
