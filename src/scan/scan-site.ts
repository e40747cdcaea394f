import { getDomain } from 'tldts';
import { pageSimilarity } from '../compare/similarity.ts';
import { crawlInnerLinks } from '../crawl/crawl-site.ts';
import { isUsableAddress } from '../dns/classify-address.ts';
import type { DnsResolver } from '../dns/dns-resolver.ts';
import { lookupFailed } from '../dns/lookup-failed.ts';
import type { AddressLookup, Family, MxFacts } from '../dns/dns-types.ts';
import type { SiteFacts, SmtpProbeResult } from '../facts/site-facts.ts';
import { ABORTED, settleOrAbort } from '../net/settle-or-abort.ts';
import { fetchChain } from '../probe/http-chain.ts';
import type {
  CertificateMemo,
  HttpChain,
  HttpProbeOptions,
  ResolveForFamily,
} from '../probe/probe-types.ts';
import { probeSmtpBanner } from '../probe/smtp-banner.ts';
import { probeTcp } from '../probe/tcp-connect.ts';
import type { ValidTarget } from '../targets/target.ts';
import {
  CRAWL_REQUEST_BUDGET,
  DEFAULT_WEB_PORTS,
  LATENCY_SAMPLES,
  MAX_REDIRECTS,
  PER_HOST_CONCURRENCY,
  type ScanOptions,
} from './scan-options.ts';

export interface SiteScanContext {
  options: ScanOptions;
  resolver: DnsResolver;
  /** Aborts every site (SIGINT). */
  runSignal?: AbortSignal;
  /** Set by scanSite for its own site: certificates read once per (address, SNI). */
  certificateMemo?: CertificateMemo;
}

/**
 * Measures one site: dns -> tcp -> http per family -> latency -> parity -> crawl -> mail.
 * Facts only; judge/ decides. Whatever the servers do, this returns by the site deadline with the
 * facts gathered so far and `deadlineHit` set.
 */
export async function scanSite(target: ValidTarget, context: SiteScanContext): Promise<SiteFacts> {
  const { options } = context;
  const deadline = AbortSignal.timeout(options.siteTimeoutMs);
  const signal = context.runSignal ? AbortSignal.any([deadline, context.runSignal]) : deadline;
  const facts = emptyFacts(target);

  // The abandoned work still settles on its own timeouts, after the facts are returned.
  const siteContext: SiteScanContext = { ...context, certificateMemo: new Map() };
  const outcome = await settleOrAbort(measureSite(target, siteContext, signal, facts), signal);
  if (outcome === ABORTED) facts.deadlineHit = true;
  facts.finishedAt = new Date().toISOString();
  // A copy, so abandoned work cannot change what was returned; the page bodies have served
  // (similarity, crawl) and the report keeps only their sizes, so they are not copied.
  return structuredClone({
    ...facts,
    http: { v6: withoutBody(facts.http.v6), v4: withoutBody(facts.http.v4) },
  });
}

function withoutBody(chain: HttpChain | null): HttpChain | null {
  if (!chain?.result.ok) return chain;
  return { ...chain, result: { ...chain.result, body: '' } };
}

function emptyFacts(target: ValidTarget): SiteFacts {
  const notMeasured = (recordType: 'A' | 'AAAA'): AddressLookup => ({
    queriedName: target.host,
    recordType,
    outcome: 'timeout',
    detail: 'not measured before the site deadline',
    cnameChain: [],
    addresses: [],
    resolver: null,
    elapsedMs: 0,
  });
  return {
    target,
    startedAt: new Date().toISOString(),
    finishedAt: '',
    dns: { a: notMeasured('A'), aaaa: notMeasured('AAAA'), zone: null },
    webPorts: webPortsFor(target.entryUrls[0] ?? `https://${target.host}/`),
    tcp: [],
    entryUrl: null,
    http: { v6: null, v4: null },
    latency: { v6: [], v4: [] },
    similarity: null,
    links: { l2: null, l3: null },
    mail: null,
    deadlineHit: false,
  };
}

/** 80, 443 and the entry URL's own port. */
export function webPortsFor(entryUrl: string): number[] {
  const url = new URL(entryUrl);
  const ownPort = url.port ? Number(url.port) : url.protocol === 'http:' ? 80 : 443;
  return [...new Set<number>([...DEFAULT_WEB_PORTS, ownPort])].sort((a, b) => a - b);
}

async function measureSite(
  target: ValidTarget,
  context: SiteScanContext,
  signal: AbortSignal,
  facts: SiteFacts,
): Promise<void> {
  const { options, resolver } = context;
  const [a, aaaa] = await Promise.all([
    resolver.lookupAddresses(target.host, 'A'),
    resolver.lookupAddresses(target.host, 'AAAA'),
  ]);
  facts.dns.a = a;
  facts.dns.aaaa = aaaa;
  if (lookupFailed(a) && lookupFailed(aaaa)) return;

  const zonePromise = resolver.findZone(target.host).then((zone) => {
    facts.dns.zone = zone;
  });
  const mailPromise = options.mail ? measureMail(target, context, signal, facts) : undefined;

  const usable = {
    4: a.addresses.filter((c) => isUsableAddress(c, options.allowPrivate)).map((c) => c.address),
    6: aaaa.addresses.filter((c) => isUsableAddress(c, options.allowPrivate)).map((c) => c.address),
  };
  const tcpPromise = Promise.all(
    ([6, 4] as const).flatMap((family) =>
      usable[family].flatMap((address) =>
        facts.webPorts.map((port) =>
          probeTcp(address, port, { timeoutMs: options.timeoutMs, signal }),
        ),
      ),
    ),
  ).then((results) => {
    facts.tcp = results;
  });

  await measureHttp(target, context, signal, facts, usable);
  await measureLatency(context, signal, facts);
  if (facts.http.v4?.result.ok && facts.http.v6?.result.ok) {
    facts.similarity = pageSimilarity(facts.http.v4.result.body, facts.http.v6.result.body);
  }
  if (options.depth > 0) await measureLinks(target, context, signal, facts);
  await Promise.all([tcpPromise, zonePromise, mailPromise]);
}

/** Resolves each redirect hop again, keeping only addresses the safety rule allows. */
function familyResolver(context: SiteScanContext): ResolveForFamily {
  return async (host, family) => {
    const lookup = await context.resolver.lookupAddresses(host, family === 6 ? 'AAAA' : 'A');
    if (lookup.outcome !== 'ok') {
      return {
        ok: false,
        error: lookup.outcome === 'timeout' ? 'timeout' : lookup.outcome,
        detail: `${lookup.recordType} ${host}: ${lookup.outcome}`,
      };
    }
    const addresses = lookup.addresses
      .filter((c) => isUsableAddress(c, context.options.allowPrivate))
      .map((c) => c.address);
    if (addresses.length === 0) {
      const kinds = [...new Set(lookup.addresses.map((c) => c.kind))].join(', ');
      return { ok: false, error: 'non_global', detail: `${host} has only ${kinds} addresses` };
    }
    return { ok: true, addresses };
  };
}

function probeOptions(
  context: SiteScanContext,
  family: Family,
  signal: AbortSignal,
  maxRedirects = MAX_REDIRECTS,
): HttpProbeOptions {
  const { options } = context;
  return {
    family,
    resolve: familyResolver(context),
    timeoutMs: options.timeoutMs,
    maxBodyBytes: options.maxBodyBytes,
    maxRedirects,
    signal,
    userAgent: options.userAgent,
    ...(options.extraCaPem ? { extraCaPem: options.extraCaPem } : {}),
    ...(context.certificateMemo ? { certificateMemo: context.certificateMemo } : {}),
  };
}

/** A chain that got no HTTP response at all: https "does not answer" on that family. */
function noResponse(chain: HttpChain | null): boolean {
  if (!chain) return true;
  return !chain.hops.some((hop) => hop.outcome.ok || hop.outcome.status !== undefined);
}

async function measureHttp(
  target: ValidTarget,
  context: SiteScanContext,
  signal: AbortSignal,
  facts: SiteFacts,
  usable: Record<Family, string[]>,
): Promise<void> {
  for (const entryUrl of target.entryUrls) {
    facts.entryUrl = entryUrl;
    const [v6, v4] = await Promise.all(
      ([6, 4] as const).map((family) =>
        usable[family].length > 0
          ? fetchChain(entryUrl, probeOptions(context, family, signal))
          : Promise.resolve(null),
      ),
    );
    facts.http = { v6: v6 ?? null, v4: v4 ?? null };
    // A bare host falls back to http only when https answers on neither family.
    if (!(noResponse(facts.http.v6) && noResponse(facts.http.v4))) return;
  }
}

/** Time to headers of the final URL, alternating families so neither gets a warm-up edge. */
async function measureLatency(
  context: SiteScanContext,
  signal: AbortSignal,
  facts: SiteFacts,
): Promise<void> {
  const finalUrls: Partial<Record<Family, string>> = {};
  for (const family of [6, 4] as const) {
    const chain = family === 6 ? facts.http.v6 : facts.http.v4;
    if (chain?.result.ok) {
      facts.latency[family === 6 ? 'v6' : 'v4'].push(chain.result.ttfbMs);
      finalUrls[family] = chain.result.finalUrl;
    }
  }
  for (let sample = 1; sample < LATENCY_SAMPLES; sample++) {
    for (const family of [4, 6] as const) {
      const finalUrl = finalUrls[family];
      if (!finalUrl || signal.aborted) continue;
      const chain = await fetchChain(finalUrl, probeOptions(context, family, signal, 0));
      if (chain.result.ok) facts.latency[family === 6 ? 'v6' : 'v4'].push(chain.result.ttfbMs);
    }
  }
}

async function measureLinks(
  target: ValidTarget,
  context: SiteScanContext,
  signal: AbortSignal,
  facts: SiteFacts,
): Promise<void> {
  const home = facts.http.v6?.result.ok
    ? facts.http.v6.result
    : facts.http.v4?.result.ok
      ? facts.http.v4.result
      : null;
  if (!home || !facts.entryUrl) return;
  const { options } = context;
  const links = await crawlInnerLinks({
    homeUrl: facts.entryUrl,
    homeFinalUrl: home.finalUrl,
    homeHtml: home.body,
    siteHost: target.host,
    depth: options.depth === 2 ? 2 : 1,
    maxLinks: options.maxLinks,
    requestBudget: CRAWL_REQUEST_BUDGET,
    perHostConcurrency: PER_HOST_CONCURRENCY,
    fetchLink: (url, family) => fetchChain(url, probeOptions(context, family, signal)),
    signal,
  });
  facts.links = { l2: links.l2, l3: links.l3 };
}

/** Mail is asked of the registrable domain: MX lives there, not on www. */
export function mailDomainFor(host: string): string {
  return getDomain(host, { allowPrivateDomains: false }) ?? host;
}

async function measureMail(
  target: ValidTarget,
  context: SiteScanContext,
  signal: AbortSignal,
  facts: SiteFacts,
): Promise<void> {
  const { options, resolver } = context;
  const mx: MxFacts = await resolver.lookupMx(mailDomainFor(target.host));
  facts.mail = { mx, smtp: [] };
  const probes: Promise<SmtpProbeResult>[] = [];
  for (const host of mx.hosts) {
    for (const address of host.aaaa.addresses) {
      if (!isUsableAddress(address, options.allowPrivate)) continue;
      probes.push(
        probeSmtpBanner(host.exchange, address.address, {
          timeoutMs: options.timeoutMs,
          signal,
          ...(options.smtpPort ? { port: options.smtpPort } : {}),
        }),
      );
    }
  }
  facts.mail = { mx, smtp: await Promise.all(probes) };
}
