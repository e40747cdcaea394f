import pLimit from 'p-limit';
import { DnsResolver } from '../dns/dns-resolver.ts';
import { judgeInvalidTarget, judgeSite } from '../judge/judge-site.ts';
import type { Logger } from '../log/logger.ts';
import type { SiteReport } from '../report/report-types.ts';
import { buildInvalidSiteReport, buildSiteReport } from '../report/site-report.ts';
import type { TargetRecord } from '../targets/target.ts';
import type { ScanOptions } from './scan-options.ts';
import { scanSite } from './scan-site.ts';

export interface ScanHooks {
  /** Called once per site as it finishes, in finishing order (sites.jsonl, progress). */
  onSite?: (site: SiteReport) => Promise<void> | void;
  logger?: Logger;
  /** Aborts the run: sites in flight end at once, sites not started are not scanned. */
  signal?: AbortSignal;
}

/**
 * Scans every target with at most `concurrency` sites in flight. One site's failure never stops
 * the others: an unexpected exception becomes an `error` row. Returns the reports in input order.
 */
export async function runScan(
  targets: TargetRecord[],
  options: ScanOptions,
  hooks: ScanHooks = {},
): Promise<SiteReport[]> {
  const resolver = new DnsResolver({
    servers: options.resolvers,
    timeoutMs: options.timeoutMs,
    allowPrivate: options.allowPrivate,
    ...(options.nameServerPort ? { nameServerPort: options.nameServerPort } : {}),
  });
  const limit = pLimit(options.concurrency);
  const reports: SiteReport[] = [];

  const scanOne = async (target: TargetRecord): Promise<void> => {
    if (hooks.signal?.aborted) return;
    const site = await measureAndJudge(target, options, resolver, hooks);
    // A site cut short by an interrupt is not a measurement: leave it for --resume.
    if (hooks.signal?.aborted) return;
    reports.push(site);
    await hooks.onSite?.(site);
  };
  await Promise.all(targets.map((target) => limit(() => scanOne(target))));
  return reports.sort((left, right) => left.index - right.index);
}

async function measureAndJudge(
  target: TargetRecord,
  options: ScanOptions,
  resolver: DnsResolver,
  hooks: ScanHooks,
): Promise<SiteReport> {
  const scannedAt = new Date().toISOString();
  if (!target.valid) {
    return buildInvalidSiteReport(target, judgeInvalidTarget(target.reason), scannedAt);
  }
  try {
    const facts = await scanSite(target, {
      options,
      resolver,
      ...(hooks.signal ? { runSignal: hooks.signal } : {}),
    });
    const report = buildSiteReport(
      facts,
      judgeSite(facts, options.profile, { allowPrivate: options.allowPrivate }),
    );
    hooks.logger?.debug({ host: target.host, verdict: report.verdict }, 'site done');
    return report;
  } catch (error) {
    // A bug must cost one row, not the scan; the row says so and the log has the stack.
    hooks.logger?.error({ host: target.host, err: error }, 'internal error while scanning site');
    const reason = `internal error while scanning: ${error instanceof Error ? error.message : String(error)}`;
    return buildInvalidSiteReport(
      { ...target, valid: false, reason },
      judgeInvalidTarget(reason),
      scannedAt,
    );
  }
}
