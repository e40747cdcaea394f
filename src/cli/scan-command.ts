import { mkdir, rm } from 'node:fs/promises';
import { isIPv6 } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import type { ResolverEndpoint } from '../dns/dns-types.ts';
import { parseResolverEndpoint, readSystemResolvers } from '../dns/resolver-endpoint.ts';
import { loadProfile } from '../judge/load-profile.ts';
import { createLogger, type LogLevel } from '../log/logger.ts';
import { regressedFromCompliant } from '../report/diff.ts';
import type { Report, ReportOptions, SiteReport, Vantage } from '../report/report-types.ts';
import { readSitesJsonl, siteKey, SitesJsonlWriter } from '../report/sites-jsonl.ts';
import { buildReport } from '../report/build-report.ts';
import { readReport } from '../report/read-report.ts';
import { writeReports } from '../report/write-reports.ts';
import { runScan } from '../scan/run-scan.ts';
import { stepTimeoutMs, timeoutConflict, type ScanOptions } from '../scan/scan-options.ts';
import { loadDefaultTargets } from '../targets/default-targets.ts';
import { readTargets } from '../targets/read-inputs.ts';
import { inShard, parseShard, shardKey, type Shard } from '../targets/shard.ts';
import type { TargetRecord } from '../targets/target.ts';
import { checkFamily, checkVantage } from '../vantage/check-vantage.ts';
import { DEFAULT_VANTAGE_ANCHORS } from '../vantage/vantage-anchors.ts';
import type { VantageCheck, VantageFamilyCheck } from '../vantage/vantage-types.ts';
import { VantageWatch } from '../vantage/vantage-watch.ts';
import { UsageError } from './parse-flags.ts';
import { ProgressLine } from './progress-line.ts';
import { TOOL_NAME, TOOL_VERSION } from './tool-version.ts';

export interface ScanFlags {
  input: string[];
  out: string;
  resolver: string[];
  concurrency: number;
  timeout: number;
  siteTimeout: number;
  maxBody: number;
  allowPrivate: boolean;
  depth: 0 | 1 | 2;
  maxLinks: number;
  mail: boolean;
  profile?: string;
  shard?: string;
  resume: boolean;
  failUnder?: number;
  baseline?: string;
  top?: number;
  category?: string;
  logLevel: LogLevel;
  progress: boolean;
  nameServerPort?: number;
  smtpPort?: number;
  /** --vantage-probe: anchors of the vantage check instead of the DNS root servers. */
  vantageProbe: string[];
}

/** SPEC "Command line": the vantage cannot measure IPv6. */
export const EXIT_VANTAGE = 4;

/**
 * Exit status of SPEC "Command line": 0 done, 3 done but a gate was not met, 4 the vantage
 * cannot measure IPv6 (before the first site: nothing written; after the last: said in the report).
 */
export async function runScanCommand(targetArgs: string[], flags: ScanFlags): Promise<number> {
  const logger = createLogger(flags.logLevel);
  const configuredResolvers = await chooseResolvers(flags.resolver);
  const anchors = chooseAnchors(flags.vantageProbe);
  const profile = await loadProfile(flags.profile);
  const baseline = flags.baseline ? await readBaseline(flags.baseline) : undefined;
  const shard = flags.shard ? parseShard(flags.shard, process.env) : null;

  const noInput = targetArgs.length === 0 && flags.input.length === 0;
  const selection = {
    ...(flags.top !== undefined ? { top: flags.top } : {}),
    ...(flags.category !== undefined ? { defaultCategory: flags.category } : {}),
  };
  const source = noInput
    ? loadDefaultTargets(selection)
    : readTargets({ args: targetArgs, inputFiles: flags.input, ...selection });
  if (noInput) logger.info('no targets given: scanning the default list');
  // Reading up to the first target here refuses an unreadable, empty or all-invalid input
  // (exit 2) before the output directory is touched.
  const targets = await startReading(source);

  // Before --out is touched: a host that cannot measure IPv6 must not replace yesterday's report.
  const vantageOptions = {
    resolvers: configuredResolvers,
    anchors,
    allowPrivate: flags.allowPrivate,
    timeoutMs: stepTimeoutMs({ timeoutMs: flags.timeout, siteTimeoutMs: flags.siteTimeout }),
  };
  const vantage = await checkVantage(vantageOptions);
  logger.info({ vantage }, 'vantage checked');
  if (!vantage.ipv6.working) {
    process.stderr.write(
      `v6ready: this host cannot measure IPv6: ${vantage.ipv6.summary}. ` +
        'Nothing was scanned; run v6ready from a host or CI runner with working IPv6.\n',
    );
    return EXIT_VANTAGE;
  }
  const ipv6OnlyVantage = !vantage.ipv4.working;
  if (ipv6OnlyVantage) {
    logger.warn(
      { ipv4: vantage.ipv4.summary },
      'no working IPv4 on this host: IPv4 comparisons are skipped (IPv6-only vantage)',
    );
  }
  const resolvers = resolversOfWorkingFamilies(configuredResolvers, vantage);

  await mkdir(flags.out, { recursive: true });
  const jsonlPath = path.join(flags.out, 'sites.jsonl');
  const previous = flags.resume ? await readSitesJsonl(jsonlPath).catch(() => null) : null;
  if (flags.resume && previous === null) {
    logger.warn({ path: jsonlPath }, '--resume: no earlier sites.jsonl, starting from the top');
  }
  if (!flags.resume) await rm(jsonlPath, { force: true });
  const alreadyDone = new Map<string, SiteReport>(
    (previous?.sites ?? []).map((site) => [siteKey(site), site]),
  );
  if (alreadyDone.size > 0) logger.info({ done: alreadyDone.size }, 'resuming');
  // Filled as the targets stream past: which earlier rows still belong to this input.
  const wanted = new Set<string>();
  const progress = new ProgressLine(null, process.stderr, flags.progress);
  const pending = pendingTargets(targets, { shard, alreadyDone, wanted, progress });

  const options: ScanOptions = {
    resolvers,
    concurrency: flags.concurrency,
    timeoutMs: flags.timeout,
    siteTimeoutMs: flags.siteTimeout,
    maxBodyBytes: flags.maxBody,
    allowPrivate: flags.allowPrivate,
    ipv6OnlyVantage,
    depth: flags.depth,
    maxLinks: flags.maxLinks,
    mail: flags.mail,
    profile,
    userAgent: `${TOOL_NAME}/${TOOL_VERSION} (IPv6 readiness scanner)`,
    ...(flags.nameServerPort ? { nameServerPort: flags.nameServerPort } : {}),
    ...(flags.smtpPort ? { smtpPort: flags.smtpPort } : {}),
  };
  const conflict = timeoutConflict(options);
  if (conflict) logger.warn(conflict);
  const startedAt = new Date().toISOString();
  const writer = new SitesJsonlWriter(jsonlPath);
  const interrupt = new AbortController();
  const onSignal = (): void => {
    logger.warn('interrupted: finishing the report with the sites done so far; --resume continues');
    interrupt.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const watch = new VantageWatch();
  let scanned: SiteReport[];
  try {
    scanned = await runScan(pending, options, {
      logger,
      signal: interrupt.signal,
      onSite: async (site, ipv6Outcome) => {
        watch.observe(ipv6Outcome);
        await writer.append(site);
        progress.siteDone(site.verdict);
      },
    });
  } finally {
    progress.finish();
    await writer.close();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }

  // Did the vantage keep IPv6 to the end? The sites' own story first, then the check again.
  const endCheck = interrupt.signal.aborted ? undefined : await checkFamily(6, vantageOptions);
  const lost = vantageLostReason(watch, endCheck);

  const sites = [...alreadyDone.values()]
    .filter((site) => wanted.has(siteKey(site)))
    .concat(scanned);
  const report = buildReport({
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    startedAt,
    finishedAt: new Date().toISOString(),
    options: reportOptions(flags, resolvers, profile.name, {
      hostname: hostname(),
      ipv6_source: vantage.ipv6.source,
      ipv4_source: vantage.ipv4.source,
      checked_at: vantage.checked_at,
      ipv6: vantage.ipv6,
      ipv4: vantage.ipv4,
      ipv6_only: ipv6OnlyVantage,
      ...(endCheck ? { end_check: endCheck } : {}),
      lost,
    }),
    sites,
  });
  await writeReports(flags.out, report);
  logger.info(
    { out: flags.out, sites: sites.length, compliant_percent: report.summary.compliant_percent },
    'reports written',
  );
  if (flags.progress) {
    const compliant = report.summary.by_verdict.compliant;
    process.stderr.write(
      `v6ready: ${compliant} of ${sites.length} sites compliant (${report.summary.compliant_percent}%); ` +
        `reports in ${path.join(flags.out, 'report.json')} and report.csv\n`,
    );
  }
  if (interrupt.signal.aborted) return 130;
  if (lost !== null) {
    process.stderr.write(
      `v6ready: this host lost IPv6 during the scan: ${lost}. The IPv6 results are not evidence ` +
        'against the sites; re-run from a host or CI runner with working IPv6.\n',
    );
    return EXIT_VANTAGE;
  }
  return gateStatus(report, flags, baseline, logger);
}

/** The first target read, then the rest: errors that come before any target surface here. */
async function startReading(
  targets: AsyncGenerator<TargetRecord>,
): Promise<AsyncGenerator<TargetRecord>> {
  const first = await targets.next();
  return (async function* () {
    if (first.done === true) return;
    yield first.value;
    yield* targets;
  })();
}

/**
 * The targets of this shard that --resume has not already done, pulled lazily. Records every
 * target of the shard in `wanted` and gives the progress line its total when the input ends.
 */
async function* pendingTargets(
  targets: AsyncIterable<TargetRecord>,
  context: {
    shard: Shard | null;
    alreadyDone: Map<string, SiteReport>;
    wanted: Set<string>;
    progress: ProgressLine;
  },
): AsyncGenerator<TargetRecord> {
  let count = 0;
  for await (const target of targets) {
    if (context.shard && !inShard(shardKey(target), context.shard)) continue;
    const key = siteKey({ index: target.index, target: target.input });
    context.wanted.add(key);
    if (context.alreadyDone.has(key)) continue;
    count += 1;
    yield target;
  }
  context.progress.setTotal(count);
}

async function chooseResolvers(flagValues: string[]): Promise<ResolverEndpoint[]> {
  if (flagValues.length === 0) return readSystemResolvers();
  return flagValues.map((text) => {
    try {
      return parseResolverEndpoint(text);
    } catch (error) {
      throw new UsageError(`--resolver ${text}: ${(error as Error).message}`);
    }
  });
}

function chooseAnchors(flagValues: string[]): readonly ResolverEndpoint[] {
  if (flagValues.length === 0) return DEFAULT_VANTAGE_ANCHORS;
  return flagValues.map((text) => {
    try {
      return parseResolverEndpoint(text);
    } catch (error) {
      throw new UsageError(`--vantage-probe ${text}: ${(error as Error).message}`);
    }
  });
}

/** Resolvers of a family the host cannot use would only cost each query a failed attempt. */
function resolversOfWorkingFamilies(
  resolvers: ResolverEndpoint[],
  vantage: VantageCheck,
): ResolverEndpoint[] {
  const usable = resolvers.filter((resolver) =>
    isIPv6(resolver.address) ? vantage.ipv6.working : vantage.ipv4.working,
  );
  // With none left, keep them all: every site then says "no DNS resolver reachable".
  return usable.length > 0 ? usable : resolvers;
}

function vantageLostReason(
  watch: VantageWatch,
  endCheck: VantageFamilyCheck | undefined,
): string | null {
  const reasons = [
    watch.lostReason(),
    endCheck && !endCheck.working
      ? `the check after the last site failed (${endCheck.summary})`
      : null,
  ].filter((reason): reason is string => reason !== null);
  return reasons.length > 0 ? reasons.join('; ') : null;
}

async function readBaseline(file: string): Promise<Report> {
  try {
    return await readReport(file);
  } catch (error) {
    throw new UsageError(`--baseline: ${(error as Error).message}`);
  }
}

function gateStatus(
  report: Report,
  flags: ScanFlags,
  baseline: Report | undefined,
  logger: ReturnType<typeof createLogger>,
): number {
  let status = 0;
  if (flags.failUnder !== undefined && report.summary.compliant_percent < flags.failUnder) {
    logger.warn(
      { compliant_percent: report.summary.compliant_percent, fail_under: flags.failUnder },
      'compliant share is below --fail-under',
    );
    status = 3;
  }
  if (baseline) {
    const regressed = regressedFromCompliant(baseline, report);
    if (regressed.length > 0) {
      logger.warn(
        { sites: regressed.map((site) => `${site.host}: ${site.verdict}`) },
        'sites were compliant in the baseline and are not now',
      );
      status = 3;
    }
  }
  return status;
}

function reportOptions(
  flags: ScanFlags,
  resolvers: ResolverEndpoint[],
  profileName: string,
  vantage: Vantage,
): ReportOptions {
  return {
    resolvers: resolvers.map((r) =>
      r.address.includes(':') ? `[${r.address}]:${r.port}` : `${r.address}:${r.port}`,
    ),
    timeout_ms: flags.timeout,
    site_timeout_ms: flags.siteTimeout,
    max_body_bytes: flags.maxBody,
    profile: profileName,
    depth: flags.depth,
    max_links: flags.maxLinks,
    mail: flags.mail,
    shard: flags.shard ?? null,
    allow_private: flags.allowPrivate,
    vantage,
  };
}
