import { DnsResolver } from '../dns/dns-resolver.ts';
import { judgeInvalidTarget, judgeSite } from '../judge/judge-site.ts';
import type { Logger } from '../log/logger.ts';
import { openFileLimit, socketBudget } from '../net/socket-budget.ts';
import type { SiteReport } from '../report/report-types.ts';
import { buildInvalidSiteReport, buildSiteReport } from '../report/site-report.ts';
import type { TargetRecord } from '../targets/target.ts';
import { siteIpv6Outcome } from '../vantage/site-ipv6-outcome.ts';
import type { SiteIpv6Outcome } from '../vantage/vantage-watch.ts';
import { ADMIT_LAG_MS, QUIET_WAIT_MS, stepTimeoutMs, type ScanOptions } from './scan-options.ts';
import { scanSite } from './scan-site.ts';
import { admitWhenOnTime } from './scanner-lag.ts';

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
 * Scans every target with at most `concurrency` sites in flight. Targets are pulled from the
 * stream as slots free, so nothing per site exists before its slot does, and a list of a million
 * lines costs what its reader holds. One site's failure never stops the others: an unexpected
 * exception becomes an `error` row. An error reading the targets (an InputError) stops pulling;
 * the sites in flight finish and are recorded, then it is thrown. Each report goes to `onSite` and
 * is not kept here (sites.jsonl is the record), so memory does not grow with the list. While a
 * latency sample is in flight, a new site starts only when the scanner's own timer runs on time
 * (admitWhenOnTime): a CPU-bound scanner holds new sites back rather than slow down the samples
 * it takes. Returns the number of sites finished.
 */
export async function runScan(
  targets: AsyncIterable<TargetRecord> | Iterable<TargetRecord>,
  options: ScanOptions,
  hooks: ScanHooks = {},
): Promise<number> {
  const resolver = new DnsResolver({
    servers: options.resolvers,
    timeoutMs: stepTimeoutMs(options),
    allowPrivate: options.allowPrivate,
    ...(options.nameServerPort ? { nameServerPort: options.nameServerPort } : {}),
  });
  hooks.logger?.info(
    { open_file_limit: openFileLimit, socket_budget: socketBudget.limit },
    'sockets beyond the budget wait for a free one, whatever --concurrency is',
  );
  let finished = 0;
  const next = pullOneAtATime(targets);
  let readError: { error: unknown } | null = null;
  const runSignal = hooks.signal ?? new AbortController().signal;

  const worker = async (): Promise<void> => {
    while (!runSignal.aborted && readError === null) {
      await admitWhenOnTime(ADMIT_LAG_MS, QUIET_WAIT_MS, runSignal);
      if (runSignal.aborted) return;
      let pulled: IteratorResult<TargetRecord>;
      try {
        pulled = await next();
      } catch (error) {
        readError ??= { error };
        return;
      }
      if (pulled.done === true) return;
      const { site, ipv6Outcome } = await measureAndJudge(pulled.value, options, resolver, hooks);
      // A site cut short by an interrupt is not a measurement: leave it for --resume.
      if (hooks.signal?.aborted) return;
      await hooks.onSite?.(site, ipv6Outcome);
      finished += 1;
    }
  };
  const workers: Promise<void>[] = [];
  for (let slot = 0; slot < options.concurrency; slot += 1) workers.push(worker());
  try {
    await Promise.all(workers);
  } finally {
    await next.close();
  }
  if (readError !== null) throw (readError as { error: unknown }).error;
  return finished;
}

/** One shared iterator: each worker takes the next target; closing it releases the input. */
function pullOneAtATime(targets: AsyncIterable<TargetRecord> | Iterable<TargetRecord>): {
  (): Promise<IteratorResult<TargetRecord>>;
  close: () => Promise<void>;
} {
  const iterator =
    Symbol.asyncIterator in targets ? targets[Symbol.asyncIterator]() : targets[Symbol.iterator]();
  const pull = async (): Promise<IteratorResult<TargetRecord>> => iterator.next();
  return Object.assign(pull, {
    close: async (): Promise<void> => {
      await iterator.return?.();
    },
  });
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
