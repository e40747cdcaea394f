import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { isIPv6 } from 'node:net';
import { hostname } from 'node:os';
import path from 'node:path';
import type { ResolverEndpoint } from '../dns/dns-types.ts';
import { parseResolverEndpoint, readSystemResolvers } from '../dns/resolver-endpoint.ts';
import type { Profile } from '../judge/judge-types.ts';
import { loadProfile } from '../judge/load-profile.ts';
import { createLogger, type LogLevel } from '../log/logger.ts';
import { regressedFromCompliant } from '../report/diff.ts';
import { prepareOutputDir, writingInto } from '../report/output-dir.ts';
import { termsFor } from '../i18n/render.ts';
import type { Language } from '../i18n/terms.ts';
import { HUMAN_FORMATS } from '../report/report-formats.ts';
import { openReport, type OpenedReport } from '../report/read-report.ts';
import { partialNote } from '../report/report-completeness.ts';
import {
  REPORT_CSV,
  REPORT_HTML,
  REPORT_JSON,
  REPORT_XLSX,
  SITES_JSONL,
  SUMMARY_MD,
} from '../report/report-files.ts';
import {
  REPORT_SCHEMA,
  type ReportHeader,
  type ReportOptions,
  type Vantage,
} from '../report/report-types.ts';
import {
  describeDifferences,
  differingOptions,
  MEASUREMENT_OPTIONS,
  readScanRecord,
  writeScanRecord,
  type ScanRecord,
} from '../report/scan-record.ts';
import { FinishedSites } from '../report/finished-sites.ts';
import { siteEntry, withInputFields, type SiteEntry } from '../report/site-entry.ts';
import { readSitesJsonlLines, SitesJsonlWriter } from '../report/sites-jsonl.ts';
import { writeReportFiles } from '../report/write-reports.ts';
import { runScan } from '../scan/run-scan.ts';
import { stepTimeoutMs, timeoutConflict, type ScanOptions } from '../scan/scan-options.ts';
import { loadDefaultTargets } from '../targets/default-targets.ts';
import { readTargets } from '../targets/read-inputs.ts';
import { inShard, parseShard, shardKey, type Shard } from '../targets/shard.ts';
import type { TargetRecord } from '../targets/target.ts';
import { UserError } from '../user-error.ts';
import { checkFamily, checkVantage } from '../vantage/check-vantage.ts';
import { DEFAULT_VANTAGE_ANCHORS } from '../vantage/vantage-anchors.ts';
import type { VantageCheck, VantageFamilyCheck } from '../vantage/vantage-types.ts';
import { VantageWatch } from '../vantage/vantage-watch.ts';
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
  force: boolean;
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
  /** --vantage-probe: anchors of the vantage check instead of the DNS root servers. */
  vantageProbe: string[];
}

/** SPEC "Command line": the vantage cannot measure IPv6. */
export const EXIT_VANTAGE = 4;

/**
 * Exit status of SPEC "Command line": 0 done, 3 done but a gate was not met, 4 the vantage
 * cannot measure IPv6 (before the first site: nothing written; after the last: said in the
 * report), 130 interrupted.
 */
export async function runScanCommand(targetArgs: string[], flags: ScanFlags): Promise<number> {
  const logger = createLogger(flags.quiet ? 'error' : flags.logLevel);
  const messages = new PersonMessages({ quiet: flags.quiet, format: flags.logFormat, logger });
  const configuredResolvers = await chooseResolvers(flags.resolver);
  const anchors = chooseAnchors(flags.vantageProbe);
  const profile = await loadProfile(flags.profile);
  const baseline = flags.baseline ? await openBaseline(flags.baseline) : undefined;
  const shard = flags.shard ? parseShard(flags.shard, process.env) : null;
  if (flags.resume && flags.force) throw new UserError('--resume and --force exclude each other');

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
    messages.error(
      `this host cannot measure IPv6: ${vantage.ipv6.summary}. ` +
        'Nothing was scanned; run v6ready from a host or CI runner with working IPv6.',
      { ipv6: vantage.ipv6.summary },
    );
    return EXIT_VANTAGE;
  }
  const ipv6OnlyVantage = !vantage.ipv4.working;
  if (ipv6OnlyVantage) {
    messages.warn(
      `no working IPv4 on this host (${vantage.ipv4.summary}): IPv4 comparisons are skipped (IPv6-only vantage)`,
      { ipv4: vantage.ipv4.summary },
    );
  }
  const resolvers = resolversOfWorkingFamilies(configuredResolvers, vantage);
  const vantageAtStart = vantageReport(vantage, undefined, null);

  const options = reportOptions(flags, resolvers, profile, shard, vantageAtStart);
  await prepareOutputDir(flags.out, flags.resume ? 'resume' : flags.force ? 'force' : 'fresh');
  const earlier = flags.resume ? await earlierScan(flags.out, options, messages) : null;
  const startedAt = earlier?.started_at ?? new Date().toISOString();
  const record = (sitesTotal: number | null, input?: InputIdentity): ScanRecord => ({
    schema: REPORT_SCHEMA,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    started_at: startedAt,
    options: { ...options, ...input },
    sites_total: sitesTotal,
  });
  // The input's size is known once it has been read: scan.json is written again at the end.
  await writingInto(flags.out, () => writeScanRecord(flags.out, record(null)));

  const jsonlPath = path.join(flags.out, SITES_JSONL);
  const earlierRows = flags.resume ? await earlierSites(jsonlPath, messages) : new FinishedSites();
  if (earlierRows.size > 0) {
    messages.note(`resuming: ${earlierRows.size} sites already in ${jsonlPath} are kept`, {
      done: earlierRows.size,
    });
  }
  // Filled as the targets stream past: the rows this scan reports, earlier and new, in compact
  // columns so that memory hardly grows with the number of sites.
  const done = new FinishedSites();
  const progress = new ProgressLine(null, process.stderr, flags.progress && !flags.quiet);
  const input = new InputTally();
  const pending = pendingTargets(targets, { shard, earlierRows, done, input, progress });

  const scanOptions: ScanOptions = {
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
    ...(flags.extraCaPem?.length ? { extraCaPem: flags.extraCaPem } : {}),
  };
  const conflict = timeoutConflict(scanOptions);
  if (conflict) logger.warn(conflict);
  const writer = new SitesJsonlWriter(jsonlPath);
  const interrupt = new AbortController();
  // Installed until the reports are written: a second Ctrl-C (or a group-wide signal from a
  // `timeout` wrapper) must not kill the process half-way through writing them.
  const onSignal = (): void => {
    if (interrupt.signal.aborted) {
      messages.warn('still writing the reports; they are complete in a moment');
      return;
    }
    messages.warn(
      'interrupted: finishing the reports with the sites done so far; run again with --resume to continue',
    );
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const watch = new VantageWatch();
  try {
    try {
      // runScan closes what it pulls from; the input itself stays open to be counted to its end.
      await runScan(passThrough(pending), scanOptions, {
        logger,
        signal: interrupt.signal,
        onSite: async (site, ipv6Outcome) => {
          watch.observe(ipv6Outcome);
          const location = await writingInto(flags.out, () => writer.append(site));
          done.set(site.target, siteEntry(site, location));
          progress.siteDone(site.verdict);
        },
      });
    } finally {
      progress.finish();
      await writer.close();
    }
    // After an interrupt the rest of the input is read (not scanned) for sites_total.
    for await (const _target of pending);

    // Did the vantage keep IPv6 to the end? The sites' own story first, then the check again.
    const endCheck = interrupt.signal.aborted ? undefined : await checkFamily(6, vantageOptions);
    const lost = vantageLostReason(watch, endCheck);

    const sitesTotal = input.shardTargets;
    await writingInto(flags.out, () =>
      writeScanRecord(flags.out, record(sitesTotal, input.identity())),
    );
    // Every report, for people too, from one pass that reads each site back once from sites.jsonl
    // in input order: memory stays flat however many sites the scan had.
    const { header, entries } = await writingInto(flags.out, () =>
      writeReportFiles(
        flags.out,
        {
          schema: REPORT_SCHEMA,
          tool: { name: TOOL_NAME, version: TOOL_VERSION },
          started_at: startedAt,
          finished_at: new Date().toISOString(),
          options: {
            ...options,
            ...input.identity(),
            vantage: vantageReport(vantage, endCheck, lost),
          },
          complete: done.size === sitesTotal,
          sites_total: sitesTotal,
        },
        done,
        {
          formats: HUMAN_FORMATS,
          terms: termsFor(flags.lang),
          ...(baseline ? { baseline: baseline.header } : {}),
        },
      ),
    );
    logger.info(
      {
        out: flags.out,
        sites: header.sites_done,
        compliant_percent: header.summary.compliant_percent,
      },
      'reports written',
    );
    const compliant = header.summary.by_verdict.compliant;
    messages.note(
      `${compliant} of ${header.sites_done} sites compliant (${header.summary.compliant_percent}%); ` +
        `reports in ${flags.out}: ${REPORT_HTML}, ${REPORT_XLSX}, ${SUMMARY_MD}, ${REPORT_JSON}, ${REPORT_CSV}` +
        (header.complete ? '' : ` (partial: ${header.sites_done} of ${header.sites_total} sites)`),
      {
        out: flags.out,
        sites: header.sites_done,
        sites_total: header.sites_total,
        compliant_percent: header.summary.compliant_percent,
      },
    );
    if (interrupt.signal.aborted) return 130;
    if (lost !== null) {
      messages.error(
        `this host lost IPv6 during the scan: ${lost}. The IPv6 results are not evidence ` +
          'against the sites; re-run from a host or CI runner with working IPv6.',
        { lost },
      );
      return EXIT_VANTAGE;
    }
    return gateStatus(header, entries, flags, baseline, messages);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

type InputIdentity = Required<Pick<ReportOptions, 'input_total' | 'input_sha256'>>;

/** The whole input's size and SHA-256 (index and text of each target, before --shard). */
class InputTally {
  total = 0;
  shardTargets = 0;
  private readonly hash = createHash('sha256');

  add(target: TargetRecord): void {
    this.total += 1;
    this.hash.update(`${target.index}\t${target.input}\n`);
  }

  identity(): InputIdentity {
    return { input_total: this.total, input_sha256: this.hash.copy().digest('hex') };
  }
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
 * The targets of this shard still to scan, pulled lazily. An earlier row of a target in the input
 * is kept, re-indexed by the current input, instead of being scanned again; rows of targets no
 * longer in the input are left out. Gives the progress line its total when the input ends.
 */
async function* pendingTargets(
  targets: AsyncIterable<TargetRecord>,
  context: {
    shard: Shard | null;
    earlierRows: FinishedSites;
    done: FinishedSites;
    input: InputTally;
    progress: ProgressLine;
  },
): AsyncGenerator<TargetRecord> {
  let count = 0;
  for await (const target of targets) {
    context.input.add(target);
    if (context.shard && !inShard(shardKey(target), context.shard)) continue;
    context.input.shardTargets += 1;
    const earlier = context.earlierRows.get(target.input);
    if (earlier) {
      const { index, category, owner, name, rank } = target;
      context.done.set(
        target.input,
        withInputFields(earlier, { index, category, owner, name, rank }),
      );
      continue;
    }
    count += 1;
    yield target;
  }
  context.progress.setTotal(count);
}

/** Hands targets on one at a time; closing it leaves the source open to be read on. */
async function* passThrough<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  for (;;) {
    const next = await source.next();
    if (next.done === true) return;
    yield next.value;
  }
}

/**
 * The scan.json of the scan being resumed; a resume with options that change what a row means is
 * refused (its old rows would be labelled with the new options).
 */
async function earlierScan(
  outDir: string,
  options: ReportOptions,
  messages: PersonMessages,
): Promise<ScanRecord | null> {
  const record = await readScanRecord(outDir);
  if (!record) {
    const hasSites = await stat(path.join(outDir, SITES_JSONL)).then(
      () => true,
      () => false,
    );
    // A scan of a version before scan.json: resumable, but its options are unknown.
    if (hasSites) {
      messages.warn(
        `--resume: no scan.json in ${outDir}, so the earlier options cannot be checked`,
        {
          out: outDir,
        },
      );
    }
    return null;
  }
  const differing = differingOptions(record.options, options, [...MEASUREMENT_OPTIONS, 'shard']);
  if (differing.length > 0) {
    throw new UserError(
      `--resume: the scan in ${outDir} was measured with other options ` +
        `(${describeDifferences(differing, record.options, options)}, earlier vs now); ` +
        `resume with the same options, or use --force to start afresh`,
    );
  }
  return record;
}

/** Rows of the scan being resumed, keyed by target text (a later line of a target wins). */
async function earlierSites(jsonlPath: string, messages: PersonMessages): Promise<FinishedSites> {
  const rows = new FinishedSites();
  const skipped = { lines: 0 };
  try {
    for await (const { site, location } of readSitesJsonlLines(jsonlPath, skipped)) {
      rows.set(site.target, siteEntry(site, location));
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    messages.warn(`--resume: no earlier ${jsonlPath}, starting from the top`, { path: jsonlPath });
  }
  if (skipped.lines > 0) {
    messages.warn(`--resume: skipped ${skipped.lines} unreadable lines of ${jsonlPath}`, {
      lines: skipped.lines,
    });
  }
  return rows;
}

async function chooseResolvers(flagValues: string[]): Promise<ResolverEndpoint[]> {
  if (flagValues.length === 0) return readSystemResolvers();
  return flagValues.map((text) => {
    try {
      return parseResolverEndpoint(text);
    } catch (error) {
      throw new UserError(`--resolver ${text}: ${(error as Error).message}`);
    }
  });
}

async function openBaseline(file: string): Promise<OpenedReport> {
  try {
    return await openReport(file);
  } catch (error) {
    throw new UserError(`--baseline: ${(error as Error).message}`);
  }
}

function gateStatus(
  header: ReportHeader,
  entries: Iterable<SiteEntry>,
  flags: ScanFlags,
  baseline: OpenedReport | undefined,
  messages: PersonMessages,
): number {
  let status = 0;
  if (flags.failUnder !== undefined && header.summary.compliant_percent < flags.failUnder) {
    messages.warn(
      `the compliant share ${header.summary.compliant_percent}% is below --fail-under ${flags.failUnder}% (exit 3)`,
      { compliant_percent: header.summary.compliant_percent, fail_under: flags.failUnder },
    );
    status = 3;
  }
  if (baseline) {
    const note = partialNote('--baseline', baseline);
    if (note !== null) messages.warn(`warning: ${note}`);
    let regressed = 0;
    const named: string[] = [];
    for (const change of regressedFromCompliant(baseline.entries, entries)) {
      regressed += 1;
      // The log names the first few; report.json has them all.
      if (named.length < 20) named.push(`${change.host ?? change.target}: ${change.new_verdict}`);
    }
    if (regressed > 0) {
      const more = regressed > named.length ? `; and ${regressed - named.length} more` : '';
      messages.warn(
        `${regressed} ${regressed === 1 ? 'site was' : 'sites were'} compliant in --baseline and ${regressed === 1 ? 'is' : 'are'} not now (exit 3): ${named.join('; ')}${more}`,
        { count: regressed, sites: named },
      );
      status = 3;
    }
  }
  return status;
}

function reportOptions(
  flags: ScanFlags,
  resolvers: ResolverEndpoint[],
  profile: Profile,
  shard: Shard | null,
  vantage: Vantage,
): ReportOptions {
  return {
    resolvers: resolvers.map((r) =>
      r.address.includes(':') ? `[${r.address}]:${r.port}` : `${r.address}:${r.port}`,
    ),
    timeout_ms: flags.timeout,
    site_timeout_ms: flags.siteTimeout,
    max_body_bytes: flags.maxBody,
    profile: profile.name,
    profile_sha256: createHash('sha256').update(JSON.stringify(profile)).digest('hex'),
    depth: flags.depth,
    max_links: flags.maxLinks,
    mail: flags.mail,
    shard: shard ? `${shard.index}/${shard.count}` : null,
    allow_private: flags.allowPrivate,
    vantage,
  };
}

/** "From where", with what was tried: the scanning host and its vantage check per family. */
function vantageReport(
  vantage: VantageCheck,
  endCheck: VantageFamilyCheck | undefined,
  lost: string | null,
): Vantage {
  return {
    hostname: hostname(),
    ipv6_source: vantage.ipv6.source,
    ipv4_source: vantage.ipv4.source,
    checked_at: vantage.checked_at,
    ipv6: vantage.ipv6,
    ipv4: vantage.ipv4,
    ipv6_only: !vantage.ipv4.working,
    ...(endCheck ? { end_check: endCheck } : {}),
    lost,
  };
}

function chooseAnchors(flagValues: string[]): readonly ResolverEndpoint[] {
  if (flagValues.length === 0) return DEFAULT_VANTAGE_ANCHORS;
  return flagValues.map((text) => {
    try {
      return parseResolverEndpoint(text);
    } catch (error) {
      throw new UserError(`--vantage-probe ${text}: ${(error as Error).message}`);
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
