/**
 * The end-to-end lab: two network namespaces, real DNS, web and SMTP servers, kernel faults.
 * startLab() builds it from lab-plan.ts; stop() removes all of it, and so does a SIGINT or
 * SIGTERM to the test process, or the next run if this one was killed outright.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  startDaemon,
  stopDaemons,
  waitForListeners,
  type Daemon,
  type Listener,
} from './daemons.ts';
import {
  isServed,
  renderNsdConf,
  renderRootHints,
  renderUnboundConf,
  renderZoneFile,
  zoneFileName,
} from './dns-config.ts';
import { renderClientRules, renderServerRules } from './fault-rules.ts';
import {
  LAB_HOSTS,
  NAME_SERVERS,
  RESOLVER,
  WRONG_CERTIFICATE_NAME,
  ZONES,
  hostIpv4,
  hostOwnIpv6,
} from './lab-plan.ts';
import {
  isAlive,
  leftoversOf,
  pidsInNamespace,
  reapStaleLabs,
  teardownSync,
  writeLabRecord,
  type LabRecord,
  type Leftovers,
} from './lab-registry.ts';
import { createNamespaces, namespaceNames, type LabNamespaces } from './namespaces.ts';
import { runIn, runInForResult, type CommandResult } from './shell.ts';
import { createTestCertificateAuthority } from './test-ca.ts';
import { pagesToWrite, renderNginxConf, renderSmtpBannerScript } from './web-config.ts';

export interface Lab {
  suffix: string;
  namespaces: LabNamespaces;
  workDir: string;
  /** PEM file of the lab's CA (NODE_EXTRA_CA_CERTS for the scanner, --cacert for curl). */
  caCertificate: string;
  /** Runs a command in the client namespace (with Unbound as its resolver). */
  inClient(command: string, args: readonly string[], timeoutMs?: number): Promise<CommandResult>;
  stop(): Promise<void>;
  /** What of the lab still exists; all empty after stop(). */
  leftovers(): Leftovers;
}

const START_TIMEOUT_MS = 15_000;
const STOP_GRACE_MS = 5_000;

/** Labs of this process that still exist, for the signal and exit handlers. */
const activeLabs = new Map<string, LabRecord>();
let handlersInstalled = false;

function installInterruptHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  const teardownAll = (): void => {
    for (const record of activeLabs.values()) teardownSync(record);
    activeLabs.clear();
  };
  process.on('exit', teardownAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      teardownAll();
      process.off(signal, onSignal);
      // Let the signal do what it would have done, unless someone else (the test runner) handles it.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    };
    process.on(signal, onSignal);
  }
}

function expectedListeners(): {
  nsd: Listener[];
  unbound: Listener[];
  web: Listener[];
  smtp: Listener[];
} {
  const dnsOn = (address: string): Listener[] => [
    { protocol: 'udp', address, port: 53 },
    { protocol: 'tcp', address, port: 53 },
  ];
  const nsd = NAME_SERVERS.flatMap((server) => [
    ...dnsOn(server.ipv4),
    ...(server.ipv6 ? dnsOn(server.ipv6) : []),
  ]);
  const unbound = [...dnsOn(RESOLVER.ipv4), ...dnsOn(RESOLVER.ipv6)];
  const web: Listener[] = [];
  const smtp: Listener[] = [];
  for (const host of LAB_HOSTS) {
    const ipv6 = hostOwnIpv6(host);
    const webAddresses = [
      ...(host.web4 ? [hostIpv4(host)] : []),
      ...(host.web6 && ipv6 ? [ipv6] : []),
    ];
    for (const address of webAddresses) {
      web.push({ protocol: 'tcp', address, port: 80 }, { protocol: 'tcp', address, port: 443 });
    }
    if (host.smtp) {
      for (const address of [hostIpv4(host), ...(ipv6 ? [ipv6] : [])]) {
        smtp.push({ protocol: 'tcp', address, port: 25 });
      }
    }
  }
  return { nsd, unbound, web, smtp };
}

async function writeConfigs(workDir: string, suffix: string): Promise<{ caCertificate: string }> {
  const nsdDir = join(workDir, 'nsd');
  const lameDir = join(workDir, 'nsd-refused');
  const unboundDir = join(workDir, 'unbound');
  const nginxDir = join(workDir, 'nginx');
  const wwwDir = join(workDir, 'www');
  for (const dir of [nsdDir, lameDir, unboundDir, nginxDir, wwwDir, join(workDir, 'logs')]) {
    await mkdir(dir, { recursive: true });
  }
  for (const zone of ZONES.filter(isServed)) {
    await writeFile(join(nsdDir, zoneFileName(zone)), renderZoneFile(zone));
  }
  await writeFile(join(nsdDir, 'nsd.conf'), renderNsdConf(nsdDir, 'authoritative'));
  await writeFile(join(lameDir, 'nsd.conf'), renderNsdConf(lameDir, 'refused'));
  await writeFile(join(unboundDir, 'root.hints'), renderRootHints());
  await writeFile(join(unboundDir, 'unbound.conf'), renderUnboundConf(unboundDir));

  const ca = await createTestCertificateAuthority(
    join(workDir, 'ca'),
    suffix,
    LAB_HOSTS.map((host) => host.name),
    WRONG_CERTIFICATE_NAME,
  );
  await writeFile(
    join(nginxDir, 'nginx.conf'),
    renderNginxConf(nginxDir, wwwDir, { valid: ca.valid, wrongName: ca.wrongName }),
  );
  for (const [path, content] of pagesToWrite()) {
    await mkdir(dirname(join(wwwDir, path)), { recursive: true });
    await writeFile(join(wwwDir, path), content);
  }
  const smtpScript = join(workDir, 'smtp-banner.sh');
  await writeFile(smtpScript, renderSmtpBannerScript());
  await chmod(smtpScript, 0o755);

  await writeFile(join(workDir, 'server.nft'), renderServerRules());
  await writeFile(join(workDir, 'client.nft'), renderClientRules());
  return { caCertificate: ca.caCertificate };
}

function startServers(namespace: string, workDir: string): Daemon[] {
  const log = (name: string): string => join(workDir, 'logs', `${name}.log`);
  const daemons = [
    startDaemon(
      namespace,
      'nsd',
      'nsd',
      ['-d', '-c', join(workDir, 'nsd', 'nsd.conf')],
      log('nsd'),
    ),
    startDaemon(
      namespace,
      'nsd-refused',
      'nsd',
      ['-d', '-c', join(workDir, 'nsd-refused', 'nsd.conf')],
      log('nsd-refused'),
    ),
    startDaemon(
      namespace,
      'unbound',
      'unbound',
      ['-d', '-c', join(workDir, 'unbound', 'unbound.conf')],
      log('unbound'),
    ),
    startDaemon(
      namespace,
      'nginx',
      'nginx',
      ['-e', 'stderr', '-p', join(workDir, 'nginx'), '-c', join(workDir, 'nginx', 'nginx.conf')],
      log('nginx'),
    ),
  ];
  const smtpScript = join(workDir, 'smtp-banner.sh');
  for (const host of LAB_HOSTS.filter((candidate) => candidate.smtp)) {
    const ipv6 = hostOwnIpv6(host);
    const listens = [`TCP4-LISTEN:25,bind=${hostIpv4(host)},reuseaddr,fork`];
    if (ipv6) listens.push(`TCP6-LISTEN:25,bind=[${ipv6}],reuseaddr,fork`);
    for (const [family, listen] of listens.entries()) {
      daemons.push(
        startDaemon(
          namespace,
          `socat-${host.name}-${family}`,
          'socat',
          [listen, `EXEC:${smtpScript} ${host.name}`],
          log(`socat-${host.name}-${family}`),
        ),
      );
    }
  }
  return daemons;
}

/** Processes killed by teardown are not our children: watch /proc until they are gone. */
async function waitUntilGone(pids: readonly number[], timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (pids.some(isAlive) && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function startLab(): Promise<Lab> {
  reapStaleLabs();
  const suffix = randomBytes(3).toString('hex');
  const namespaces = namespaceNames(suffix);
  const workDir = await mkdtemp(join(tmpdir(), `v6lab-${suffix}-`));
  // nginx workers run as nobody and must read the pages.
  chmodSync(workDir, 0o755);
  const record: LabRecord = {
    suffix,
    ownerPid: process.pid,
    namespaces: [namespaces.client, namespaces.server],
    workDir,
  };
  writeLabRecord(record);
  activeLabs.set(suffix, record);
  installInterruptHandlers();

  let daemons: Daemon[] = [];
  const pidsSeen = new Set<number>();
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    for (const namespace of record.namespaces) {
      for (const pid of pidsInNamespace(namespace)) pidsSeen.add(pid);
    }
    for (const daemon of daemons) pidsSeen.add(daemon.pid);
    await stopDaemons(daemons, STOP_GRACE_MS);
    teardownSync(record);
    activeLabs.delete(suffix);
    await waitUntilGone([...pidsSeen], STOP_GRACE_MS);
  };

  try {
    await createNamespaces(namespaces, workDir);
    const { caCertificate } = await writeConfigs(workDir, suffix);
    await runIn(namespaces.server, 'nft', ['-f', join(workDir, 'server.nft')]);
    await runIn(namespaces.client, 'nft', ['-f', join(workDir, 'client.nft')]);
    daemons = startServers(namespaces.server, workDir);
    const listeners = expectedListeners();
    await waitForListeners(
      namespaces.server,
      [...listeners.nsd, ...listeners.unbound, ...listeners.web, ...listeners.smtp],
      daemons,
      START_TIMEOUT_MS,
    );
    return {
      suffix,
      namespaces,
      workDir,
      caCertificate,
      inClient: (command, args, timeoutMs) =>
        runInForResult(namespaces.client, command, args, { timeoutMs: timeoutMs ?? 30_000 }),
      stop,
      leftovers: () => leftoversOf(record, [...pidsSeen]),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
