import { mkdir, rm } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import path from 'node:path';
import { classifyAddress } from '../dns/classify-address.ts';
import type { ResolverEndpoint } from '../dns/dns-types.ts';
import { parseResolverEndpoint, readSystemResolvers } from '../dns/resolver-endpoint.ts';
import { loadProfile } from '../judge/load-profile.ts';
import { createLogger, type LogLevel } from '../log/logger.ts';
import { regressedFromCompliant } from '../report/diff.ts';
import type { Report, ReportOptions, SiteReport } from '../report/report-types.ts';
import { readSitesJsonl, siteKey, SitesJsonlWriter } from '../report/sites-jsonl.ts';
import { buildReport, sortSitesByIndex } from '../report/build-report.ts';
import { HUMAN_FORMATS, writeHumanReports } from '../report/human-reports.ts';
import { termsFor } from '../i18n/render.ts';
import type { Language } from '../i18n/terms.ts';
import { readReport } from '../report/read-report.ts';
import { writeReports } from '../report/write-reports.ts';
import { runScan } from '../scan/run-scan.ts';
import type { ScanOptions } from '../scan/scan-options.ts';
import { loadDefaultTargets } from '../targets/default-targets.ts';
import { readTargets } from '../targets/read-inputs.ts';
import { inShard, parseShard, shardKey, type Shard } from '../targets/shard.ts';
import type { TargetRecord } from '../targets/target.ts';
import { UsageError } from './parse-flags.ts';
import { PersonMessages, type LogFormat } from './person-messages.ts';
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
  logFormat: LogFormat;
  /** Errors only on stderr: no progress, no closing summary, no notes. */
  quiet: boolean;
  progress: boolean;
  /** Language of the reports for people (report.html, report.xlsx, summary.md). */
  lang: Language;
  nameServerPort?: number;
  smtpPort?: number;
  /** Extra trust anchors (the demo's throwaway CA); not a command-line flag. */
  extraCaPem?: string[];
}

/** Exit status of SPEC "Command line": 0 done, 3 done but a gate was not met. */
export async function runScanCommand(targetArgs: string[], flags: ScanFlags): Promise<number> {
  const logger = createLogger(flags.quiet ? 'error' : flags.logLevel);
  const messages = new PersonMessages({ quiet: flags.quiet, format: flags.logFormat, logger });
  const resolvers = await chooseResolvers(flags.resolver);
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
  if (noInput)
    messages.note('no targets given: scanning the default list (check it before official use)');
  // Reading up to the first target here refuses an unreadable, empty or all-invalid input
  // (exit 2) before the output directory is touched.
  const targets = await startReading(source);

  await mkdir(flags.out, { recursive: true });
  const jsonlPath = path.join(flags.out, 'sites.jsonl');
  const previous = flags.resume ? await readSitesJsonl(jsonlPath).catch(() => null) : null;
  if (flags.resume && previous === null) {
    messages.warn(`--resume: no earlier ${jsonlPath}, starting from the top`);
  }
  if (!flags.resume) await rm(jsonlPath, { force: true });
  const alreadyDone = new Map<string, SiteReport>(
    (previous?.sites ?? []).map((site) => [siteKey(site), site]),
  );
  if (alreadyDone.size > 0) {
    messages.note(`resuming: ${alreadyDone.size} sites already in ${jsonlPath} are kept`);
  }
  // Filled as the targets stream past: which earlier rows still belong to this input.
  const wanted = new Set<string>();
  const progress = new ProgressLine(null, process.stderr, flags.progress && !flags.quiet);
  const pending = pendingTargets(targets, { shard, alreadyDone, wanted, progress });

  const options: ScanOptions = {
    resolvers,
    concurrency: flags.concurrency,
    timeoutMs: flags.timeout,
    siteTimeoutMs: flags.siteTimeout,
    maxBodyBytes: flags.maxBody,
    allowPrivate: flags.allowPrivate,
    depth: flags.depth,
    maxLinks: flags.maxLinks,
    mail: flags.mail,
    profile,
    userAgent: `${TOOL_NAME}/${TOOL_VERSION} (IPv6 readiness scanner)`,
    ...(flags.nameServerPort ? { nameServerPort: flags.nameServerPort } : {}),
    ...(flags.smtpPort ? { smtpPort: flags.smtpPort } : {}),
    ...(flags.extraCaPem?.length ? { extraCaPem: flags.extraCaPem } : {}),
  };
  const startedAt = new Date().toISOString();
  const writer = new SitesJsonlWriter(jsonlPath);
  const interrupt = new AbortController();
  const onSignal = (): void => {
    messages.warn(
      'interrupted: finishing the reports with the sites done so far; run again with --resume to continue',
    );
    interrupt.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  let scanned: SiteReport[];
  try {
    scanned = await runScan(pending, options, {
      logger,
      signal: interrupt.signal,
      onSite: async (site) => {
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

  const sites = [...alreadyDone.values()]
    .filter((site) => wanted.has(siteKey(site)))
    .concat(scanned);
  const report = buildReport({
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    startedAt,
    finishedAt: new Date().toISOString(),
    options: reportOptions(flags, resolvers, profile.name),
    sites,
  });
  await writeReports(flags.out, report);
  const { sites: _sites, ...header } = report;
  const ordered = sortSitesByIndex(report.sites);
  await writeHumanReports(flags.out, header, () => ordered, {
    formats: HUMAN_FORMATS,
    terms: termsFor(flags.lang),
    ...(baseline ? { baseline } : {}),
  });
  logger.info(
    { out: flags.out, sites: sites.length, compliant_percent: report.summary.compliant_percent },
    'reports written',
  );
  const compliant = report.summary.by_verdict.compliant;
  messages.note(
    `${compliant} of ${sites.length} sites compliant (${report.summary.compliant_percent}%); ` +
      `reports in ${flags.out}: report.html, report.xlsx, summary.md, report.json, report.csv`,
    { out: flags.out, sites: sites.length, compliant_percent: report.summary.compliant_percent },
  );
  if (interrupt.signal.aborted) return 130;
  return gateStatus(report, flags, baseline, messages);
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
  messages: PersonMessages,
): number {
  let status = 0;
  if (flags.failUnder !== undefined && report.summary.compliant_percent < flags.failUnder) {
    messages.warn(
      `the compliant share ${report.summary.compliant_percent}% is below --fail-under ${flags.failUnder}% (exit 3)`,
      { compliant_percent: report.summary.compliant_percent, fail_under: flags.failUnder },
    );
    status = 3;
  }
  if (baseline) {
    const regressed = regressedFromCompliant(baseline, report);
    if (regressed.length > 0) {
      const list = regressed.map((site) => `${site.host ?? site.target}: ${site.verdict}`);
      messages.warn(
        `${regressed.length} ${regressed.length === 1 ? 'site was' : 'sites were'} compliant in --baseline and ${regressed.length === 1 ? 'is' : 'are'} not now (exit 3): ${list.join('; ')}`,
        { sites: list },
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
    vantage: vantagePoint(),
  };
}

/** "From where": the scanning host and its global source addresses, so a result can be reproduced. */
function vantagePoint(): ReportOptions['vantage'] {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((info) => info !== undefined && !info.internal)
    .map((info) => classifyAddress(info!.address))
    .filter((c) => c.global);
  return {
    hostname: hostname(),
    ipv6_source: addresses.find((c) => c.family === 6)?.address ?? null,
    ipv4_source: addresses.find((c) => c.family === 4)?.address ?? null,
  };
}
