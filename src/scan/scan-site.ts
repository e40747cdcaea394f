import { isIP } from 'node:net';
import { getDomain } from 'tldts';
import { pageSimilarity } from '../compare/similarity.ts';
import { crawlInnerLinks } from '../crawl/crawl-site.ts';
import { addressesToTry } from '../dns/addresses-to-try.ts';
import { classifyAddress, isUsableAddress } from '../dns/classify-address.ts';
import type { DnsResolver } from '../dns/dns-resolver.ts';
import { lookupFailed } from '../dns/lookup-failed.ts';
import type { AddressLookup, Family, MxFacts } from '../dns/dns-types.ts';
import type { LatencySample, SiteFacts, SmtpProbeResult } from '../facts/site-facts.ts';
import { ABORTED, Deadline, settleOrAbort } from '../net/deadline.ts';
import { fetchChain } from '../probe/http-chain.ts';
import { fetchOnce } from '../probe/http-fetch-once.ts';
import { SiteConnections } from '../probe/pinned-connection.ts';
import type {
  CertificateMemo,
  HttpChain,
  HttpProbeOptions,
  ResolveForFamily,
  ResolvedAddresses,
} from '../probe/probe-types.ts';
import { probeSmtpBanner } from '../probe/smtp-banner.ts';
import { probeTcp } from '../probe/tcp-connect.ts';
import type { ValidTarget } from '../targets/target.ts';
import {
  CRAWL_REQUEST_BUDGET,
  DEFAULT_WEB_PORTS,
  DISTURBED_LAG_MS,
  LATENCY_DISCARD_BYTES,
  LATENCY_PAIRS,
  MAX_LATENCY_RETAKES,
  MAX_REDIRECTS,
  PER_HOST_CONCURRENCY,
  QUIET_WAIT_MS,
  stepTimeoutMs,
  type ScanOptions,
} from './scan-options.ts';
import { LAG_TICK_MS, measureScannerLag, waitForQuietTick } from './scanner-lag.ts';

export interface SiteScanContext {
  options: ScanOptions;
  resolver: DnsResolver;
  /** Aborts every site (SIGINT). */
  runSignal?: AbortSignal;
  /** Set by scanSite for its own site: certificates read once per (address, SNI). */
  certificateMemo?: CertificateMemo;
  /** Set by scanSite for its own site: kept-alive connections, closed at its end. */
  connections?: SiteConnections;
}

/**
 * Measures one site: dns -> tcp -> http per family -> latency pairs -> parity -> crawl -> mail.
 * Facts only; judge/ decides. Whatever the servers do, this returns by the site deadline with the
 * facts gathered so far and `deadlineHit` set.
 */
export async function scanSite(target: ValidTarget, context: SiteScanContext): Promise<SiteFacts> {
  const { options } = context;
  const deadline = new Deadline(options.siteTimeoutMs, context.runSignal);
  const facts = emptyFacts(target);
  const certificateMemo: CertificateMemo = new Map();
  const connections = new SiteConnections({
    timeoutMs: options.timeoutMs,
    ...(options.extraCaPem ? { extraCaPem: options.extraCaPem } : {}),
    certificateMemo,
  });
  const siteContext: SiteScanContext = { ...context, certificateMemo, connections };
  try {
    // Probes end on the abort at once; DNS queries, shared between sites, on their own timeouts.
    const outcome = await settleOrAbort(
      measureSite(target, siteContext, deadline.signal, facts),
      deadline.signal,
    );
    if (outcome === ABORTED) facts.deadlineHit = true;
  } finally {
    deadline.dispose();
    connections.close();
  }
  facts.finishedAt = new Date().toISOString();
  // The page bodies have served (similarity, crawl) and the report keeps only their sizes.
  const measured: SiteFacts = {
    ...facts,
    http: { v6: withoutBody(facts.http.v6), v4: withoutBody(facts.http.v4) },
  };
  // Work cut off by the deadline may still be running and writing into `facts`: the caller gets
  // a copy it cannot change. Work that ended (measureSite awaits all it starts) leaves nobody
  // behind, so the copy, a measurable share of a site's CPU, is spared.
  return facts.deadlineHit ? structuredClone(measured) : measured;
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
    latency: { samples: [], lagTickMs: LAG_TICK_MS },
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
    4: addressesToTry(a.addresses, options.allowPrivate).map((c) => c.address),
    6: addressesToTry(aaaa.addresses, options.allowPrivate).map((c) => c.address),
  };
  const tcpPromise = Promise.all(
    ([6, 4] as const).flatMap((family) =>
      usable[family].flatMap((address) =>
        facts.webPorts.map((port) =>
          probeTcp(address, port, { timeoutMs: stepTimeoutMs(options), signal }),
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

/**
 * Resolves each redirect hop again, keeping only addresses the safety rule allows. A literal
 * address is its own answer (no DNS), held to the same rule and to the chain's family.
 */
function familyResolver(context: SiteScanContext): ResolveForFamily {
  return async (host, family) => {
    if (isIP(host) !== 0) return literalAddress(host, family, context.options.allowPrivate);
    const lookup = await context.resolver.lookupAddresses(host, family === 6 ? 'AAAA' : 'A');
    if (lookup.outcome !== 'ok') {
      return {
        ok: false,
        error: lookup.outcome === 'timeout' ? 'timeout' : lookup.outcome,
        detail: `${lookup.recordType} ${host}: ${lookup.outcome}`,
      };
    }
    const addresses = addressesToTry(lookup.addresses, context.options.allowPrivate).map(
      (c) => c.address,
    );
    if (addresses.length === 0) {
      const kinds = [...new Set(lookup.addresses.map((c) => c.kind))].join(', ');
      return { ok: false, error: 'non_global', detail: `${host} has only ${kinds} addresses` };
    }
    return { ok: true, addresses };
  };
}

/** A URL whose host is an address literal: usable only on its own family and if usable at all. */
export function literalAddress(
  literal: string,
  family: Family,
  allowPrivate: boolean,
): ResolvedAddresses {
  const classified = classifyAddress(literal);
  if (classified.family !== family) {
    return {
      ok: false,
      error: 'no_address',
      detail: `${literal} is an IPv${classified.family} address, not usable over IPv${family}`,
    };
  }
  if (!isUsableAddress(classified, allowPrivate)) {
    return { ok: false, error: 'non_global', detail: `${literal} is a ${classified.kind} address` };
  }
  return { ok: true, addresses: [classified.address] };
}

/**
 * `fresh`: every hop opens a new connection (the home page: its connect and handshake are part
 * of web_http6's evidence); later requests to the same origin and address may reuse it.
 * Without, hops take a kept-alive connection when the site has one.
 */
function probeOptions(
  context: SiteScanContext,
  family: Family,
  signal: AbortSignal,
  fresh: boolean,
  maxRedirects = MAX_REDIRECTS,
): HttpProbeOptions {
  const { options } = context;
  return {
    family,
    resolve: familyResolver(context),
    timeoutMs: stepTimeoutMs(options),
    maxBodyBytes: options.maxBodyBytes,
    maxRedirects,
    signal,
    userAgent: options.userAgent,
    ...(options.extraCaPem ? { extraCaPem: options.extraCaPem } : {}),
    ...(context.certificateMemo ? { certificateMemo: context.certificateMemo } : {}),
    ...(context.connections ? { connections: context.connections, freshConnections: fresh } : {}),
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
          ? fetchChain(entryUrl, probeOptions(context, family, signal, true))
          : Promise.resolve(null),
      ),
    );
    facts.http = { v6: v6 ?? null, v4: v4 ?? null };
    // A bare host falls back to http only when https answers on neither family.
    if (!(noResponse(facts.http.v6) && noResponse(facts.http.v4))) return;
  }
}

/**
 * web_latency6's samples: the final URL of each family, fetched again in pairs taken back to back
 * (IPv4 then IPv6, then IPv6 then IPv4, ...), so that both families meet the same moment of the
 * network and of the scanner, and neither always goes first. The samples go on the site's
 * kept-alive connection to the address that served the page (the home page's own, when the
 * server kept it open): time to headers runs from the request written to the headers read, so a
 * new connection would only add set-up work that is not measured. A pair during which the
 * scanner's own timer ran late is taken again, up to a bound, once the scanner runs on time
 * again. Nothing is sampled unless both families loaded: there is nothing to compare.
 */
async function measureLatency(
  context: SiteScanContext,
  signal: AbortSignal,
  facts: SiteFacts,
): Promise<void> {
  const v6 = finalHop(facts.http.v6);
  const v4 = finalHop(facts.http.v4);
  if (!v6 || !v4) return;
  const samples = facts.latency.samples;
  let retakesLeft = MAX_LATENCY_RETAKES;
  for (let pair = 0; pair < LATENCY_PAIRS; pair++) {
    const order = pair % 2 === 0 ? [v4, v6] : [v6, v4];
    for (;;) {
      const taken: LatencySample[] = [];
      for (const hop of order) {
        if (signal.aborted) return;
        const sample = await latencySample(context, signal, hop, pair);
        taken.push(sample);
        samples.push(sample);
      }
      if (!taken.some((sample) => sample.disturbed) || retakesLeft === 0) break;
      retakesLeft--;
      for (const sample of taken) sample.retaken = true;
      await waitForQuietTick(DISTURBED_LAG_MS, QUIET_WAIT_MS, signal);
    }
  }
}

interface FinalHop {
  family: Family;
  url: string;
  address: string;
}

/** The final URL of a chain that loaded, with the address that served it. */
function finalHop(chain: HttpChain | null): FinalHop | null {
  if (!chain?.result.ok) return null;
  const address = chain.hops.at(-1)?.address;
  return address ? { family: chain.family, url: chain.result.finalUrl, address } : null;
}

async function latencySample(
  context: SiteScanContext,
  signal: AbortSignal,
  hop: FinalHop,
  pair: number,
): Promise<LatencySample> {
  const { options } = context;
  const { value, scannerLagMs } = await measureScannerLag(() =>
    fetchOnce(new URL(hop.url), hop.address, {
      family: hop.family,
      timeoutMs: options.timeoutMs,
      // Only the times count; the page itself was compared already.
      maxBodyBytes: 0,
      discardBodyUpTo: LATENCY_DISCARD_BYTES,
      ...(context.connections ? { connections: context.connections } : {}),
      signal,
      userAgent: options.userAgent,
      ...(options.extraCaPem ? { extraCaPem: options.extraCaPem } : {}),
    }),
  );
  const outcome = value.hop.outcome;
  return {
    family: hop.family,
    pair,
    address: hop.address,
    connectMs: outcome.timings.connectMs ?? null,
    headersMs: outcome.timings.ttfbMs ?? null,
    scannerLagMs,
    disturbed: scannerLagMs > DISTURBED_LAG_MS,
    retaken: false,
    ...(outcome.ok ? {} : { error: outcome.error }),
  };
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
    fetchLink: (url, family) => fetchChain(url, probeOptions(context, family, signal, false)),
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
    for (const address of addressesToTry(host.aaaa.addresses, options.allowPrivate)) {
      probes.push(
        probeSmtpBanner(host.exchange, address.address, {
          timeoutMs: stepTimeoutMs(options),
          signal,
          ...(options.smtpPort ? { port: options.smtpPort } : {}),
        }),
      );
    }
  }
  facts.mail = { mx, smtp: await Promise.all(probes) };
}
