import pLimit from 'p-limit';
import { DnsResolver } from '../dns/dns-resolver.ts';
import { judgeInvalidTarget, judgeSite } from '../judge/judge-site.ts';
import type { Logger } from '../log/logger.ts';
import type { SiteReport } from '../report/report-types.ts';
import { buildInvalidSiteReport, buildSiteReport } from '../report/site-report.ts';
import type { TargetRecord } from '../targets/target.ts';
import { siteIpv6Outcome } from '../vantage/site-ipv6-outcome.ts';
import type { SiteIpv6Outcome } from '../vantage/vantage-watch.ts';
import type { ScanOptions } from './scan-options.ts';
import { scanSite } from './scan-site.ts';

export interface ScanHooks {
  /**
   * Called once per site as it finishes, in finishing order (sites.jsonl, progress), with how
   * IPv6 went for it (the vantage watch).
   */
  onSite?: (site: SiteReport, ipv6Outcome: SiteIpv6Outcome) => Promise<void> | void;
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
    const { site, ipv6Outcome } = await measureAndJudge(target, options, resolver, hooks);
    // A site cut short by an interrupt is not a measurement: leave it for --resume.
    if (hooks.signal?.aborted) return;
    reports.push(site);
    await hooks.onSite?.(site, ipv6Outcome);
  };
  await Promise.all(targets.map((target) => limit(() => scanOne(target))));
  return reports.sort((left, right) => left.index - right.index);
}

async function measureAndJudge(
  target: TargetRecord,
  options: ScanOptions,
  resolver: DnsResolver,
  hooks: ScanHooks,
): Promise<{ site: SiteReport; ipv6Outcome: SiteIpv6Outcome }> {
  const scannedAt = new Date().toISOString();
  if (!target.valid) {
    return {
      site: buildInvalidSiteReport(target, judgeInvalidTarget(target.reason), scannedAt),
      ipv6Outcome: 'not_tried',
    };
  }
  try {
    const facts = await scanSite(target, {
      options,
      resolver,
      ...(hooks.signal ? { runSignal: hooks.signal } : {}),
    });
    const report = buildSiteReport(
      facts,
      judgeSite(facts, options.profile, {
        allowPrivate: options.allowPrivate,
        ipv6OnlyVantage: options.ipv6OnlyVantage ?? false,
      }),
    );
    hooks.logger?.debug({ host: target.host, verdict: report.verdict }, 'site done');
    return { site: report, ipv6Outcome: siteIpv6Outcome(facts) };
  } catch (error) {
    // A bug must cost one row, not the scan; the row says so and the log has the stack.
    hooks.logger?.error({ host: target.host, err: error }, 'internal error while scanning site');
    const reason = `internal error while scanning: ${error instanceof Error ? error.message : String(error)}`;
    return {
      site: buildInvalidSiteReport(
        { ...target, valid: false, reason },
        judgeInvalidTarget(reason),
        scannedAt,
      ),
      ipv6Outcome: 'not_tried',
    };
  }
}
