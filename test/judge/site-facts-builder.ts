/**
 * SiteFacts for judge tests (and any other test that needs facts without a network).
 * `buildFacts()` is a healthy dual-stack site that the default profile calls compliant with
 * score 100: global A and AAAA, two name servers with IPv6 that answer, ports 80 and 443 open on
 * both families, the same home page over both, similar latency, every inner link loading over
 * IPv6, no --mail. Overrides replace whole fields, except `target`, `dns`, `http`, `latency`
 * and `links`, whose own fields can be replaced one by one.
 */
import type { LinkFamilyOutcome, LinkLevelFacts, LinkResult } from '../../src/crawl/crawl-types.ts';
import type {
  AddressKind,
  AddressLookup,
  ClassifiedAddress,
  DnsOutcome,
  MxFacts,
  NameServerFacts,
  ZoneFacts,
} from '../../src/dns/dns-types.ts';
import type {
  LatencyFacts,
  LatencySample,
  SiteFacts,
  SmtpProbeResult,
} from '../../src/facts/site-facts.ts';
import type { FailureCode } from '../../src/net/failure-code.ts';
import type { HttpChain, TcpProbeResult } from '../../src/probe/probe-types.ts';
import type { ValidTarget } from '../../src/targets/target.ts';

export const HOST = 'www.example.gov.cn';
export const ZONE = 'example.gov.cn';
export const HOME_URL = `https://${HOST}/`;
export const V4_ADDRESS = '58.30.10.20';
export const V6_ADDRESS = '240e:e1:aa00::20';
export const WEB_PORTS = [80, 443];

/** An address with its kind; a bare string is a global unicast address. */
export type AddressInput = string | { address: string; kind: AddressKind };

function classify(input: AddressInput, family: 4 | 6): ClassifiedAddress {
  if (typeof input === 'string') return { address: input, family, global: true, kind: 'global' };
  return { address: input.address, family, global: input.kind === 'global', kind: input.kind };
}

/** An A or AAAA lookup: `ok` with addresses, `nodata` without, or the failure given. */
export function addressLookup(
  recordType: 'A' | 'AAAA',
  addresses: AddressInput[],
  options: { name?: string; outcome?: DnsOutcome; cnameChain?: string[] } = {},
): AddressLookup {
  const family = recordType === 'A' ? 4 : 6;
  return {
    queriedName: options.name ?? HOST,
    recordType,
    outcome: options.outcome ?? (addresses.length > 0 ? 'ok' : 'nodata'),
    cnameChain: options.cnameChain ?? [],
    addresses: addresses.map((address) => classify(address, family)),
    resolver: '223.5.5.5:53',
    elapsedMs: 12,
  };
}

export function failedLookup(
  recordType: 'A' | 'AAAA',
  outcome: DnsOutcome,
  name = HOST,
): AddressLookup {
  return addressLookup(recordType, [], { name, outcome });
}

/** A name server with IPv6 addresses and how each answered a query (ok, or a failure code). */
export function nameServer(
  name: string,
  v6Addresses: AddressInput[],
  answers: 'ok' | FailureCode | null = 'ok',
): NameServerFacts {
  const aaaa = addressLookup('AAAA', v6Addresses, { name });
  return {
    name,
    aaaa,
    reach6:
      answers === null
        ? []
        : aaaa.addresses.map(({ address }) => ({
            address,
            outcome:
              answers === 'ok'
                ? { ok: true as const, rcode: 'NOERROR', elapsedMs: 20 }
                : { ok: false as const, error: answers, elapsedMs: 5000 },
          })),
  };
}

export function zoneFacts(nameServers: NameServerFacts[], zone = ZONE): ZoneFacts {
  return { zone, outcome: 'ok', nameServers };
}

export function tcpProbe(address: string, port: number, error?: FailureCode): TcpProbeResult {
  return {
    address,
    family: address.includes(':') ? 6 : 4,
    port,
    outcome: error ? { ok: false, error, elapsedMs: 5000 } : { ok: true, connectMs: 8 },
  };
}

/** Every address accepting on every port, except the (address, port) pairs given a failure. */
export function tcpProbes(
  addresses: string[],
  ports: number[] = WEB_PORTS,
  failures: Record<string, FailureCode> = {},
): TcpProbeResult[] {
  return addresses.flatMap((address) =>
    ports.map((port) => tcpProbe(address, port, failures[`${address} ${port}`])),
  );
}

export const PAGE_BODY = '<html><body><h1>示例市人民政府</h1></body></html>';

/** A fetch that ended in a complete response (any status: the probe judges nothing). */
export function loadedChain(
  family: 4 | 6,
  options: { entryUrl?: string; finalUrl?: string; status?: number; ttfbMs?: number } = {},
): HttpChain {
  const entryUrl = options.entryUrl ?? HOME_URL;
  const finalUrl = options.finalUrl ?? entryUrl;
  const status = options.status ?? 200;
  return {
    family,
    entryUrl,
    hops: [
      {
        url: finalUrl,
        family,
        address: family === 6 ? V6_ADDRESS : V4_ADDRESS,
        attempts: [{ address: family === 6 ? V6_ADDRESS : V4_ADDRESS }],
        tls: {
          subject: `CN=${HOST}`,
          issuer: 'CN=Example Trust RSA CA',
          validFrom: '2024-01-01T00:00:00.000Z',
          validTo: '2025-01-01T00:00:00.000Z',
          subjectAltNames: [HOST],
          valid: true,
        },
        outcome: {
          ok: true,
          status,
          contentType: 'text/html; charset=utf-8',
          bodyBytes: PAGE_BODY.length,
          truncated: false,
          timings: { ttfbMs: options.ttfbMs ?? 40, totalMs: 60 },
        },
      },
    ],
    result: {
      ok: true,
      finalUrl,
      finalStatus: status,
      body: PAGE_BODY,
      bodyBytes: PAGE_BODY.length,
      truncated: false,
      ttfbMs: options.ttfbMs ?? 40,
    },
  };
}

/** A fetch that ended without a complete response. */
export function failedChain(
  family: 4 | 6,
  error: FailureCode,
  options: {
    detail?: string;
    finalUrl?: string;
    finalStatus?: number;
    tlsInvalidReason?: string;
    /** The entry answers 302 to this URL, and that hop fails. */
    redirectedTo?: string;
  } = {},
): HttpChain {
  if (options.redirectedTo) {
    const { redirectedTo, ...rest } = options;
    const failedHop = failedChain(family, error, rest).hops[0]!;
    const redirect = loadedChain(family).hops[0]!;
    return {
      family,
      entryUrl: HOME_URL,
      hops: [
        {
          ...redirect,
          outcome: {
            ...redirect.outcome,
            status: 302,
            location: redirectedTo,
          } as typeof redirect.outcome,
        },
        { ...failedHop, url: redirectedTo, address: null, attempts: [] },
      ],
      result: {
        ok: false,
        error,
        detail: options.detail ?? error,
        finalUrl: HOME_URL,
        finalStatus: 302,
      },
    };
  }
  return {
    family,
    entryUrl: HOME_URL,
    hops: [
      {
        url: HOME_URL,
        family,
        address: family === 6 ? V6_ADDRESS : V4_ADDRESS,
        attempts: [{ address: family === 6 ? V6_ADDRESS : V4_ADDRESS, error }],
        ...(options.tlsInvalidReason
          ? {
              tls: {
                subject: 'CN=other.example.net',
                issuer: 'CN=Example Trust RSA CA',
                validFrom: '2024-01-01T00:00:00.000Z',
                validTo: '2025-01-01T00:00:00.000Z',
                subjectAltNames: ['other.example.net'],
                valid: false,
                invalidReason: options.tlsInvalidReason,
              },
            }
          : {}),
        outcome: { ok: false, error, detail: options.detail ?? error, timings: { totalMs: 5000 } },
      },
    ],
    result: {
      ok: false,
      error,
      detail: options.detail ?? error,
      ...(options.finalUrl ? { finalUrl: options.finalUrl } : {}),
      ...(options.finalStatus !== undefined ? { finalStatus: options.finalStatus } : {}),
    },
  };
}

export const LOADED: LinkFamilyOutcome = { ok: true, finalUrl: HOME_URL, status: 200, ttfbMs: 30 };

export function notLoaded(error: FailureCode, status?: number): LinkFamilyOutcome {
  return { ok: false, error, detail: error, ...(status !== undefined ? { status } : {}) };
}

export function link(path: string, v6: LinkFamilyOutcome, v4: LinkFamilyOutcome): LinkResult {
  return { url: `https://${HOST}${path}`, v6, v4 };
}

/**
 * A level of `total` links: the first `ok6` load on both families, the rest on IPv4 only
 * (timing out over IPv6), then `broken` more that load on neither.
 */
export function linkLevel(level: 2 | 3, ok6: number, total: number, broken = 0): LinkLevelFacts {
  const links: LinkResult[] = [];
  for (let index = 0; index < total; index++) {
    links.push(
      link(`/l${level}/page-${index}.html`, index < ok6 ? LOADED : notLoaded('timeout'), LOADED),
    );
  }
  for (let index = 0; index < broken; index++) {
    links.push(
      link(
        `/l${level}/broken-${index}.html`,
        notLoaded('http_status', 404),
        notLoaded('http_status', 404),
      ),
    );
  }
  return { level, found: links.length, links };
}

/** --mail facts: MX hosts with their IPv6 addresses and how each answered on port 25. */
export function mailFacts(
  hosts: { exchange: string; v6: AddressInput[]; smtp?: 'ok' | FailureCode | null }[],
  mx: Partial<MxFacts> = {},
): NonNullable<SiteFacts['mail']> {
  const mxHosts = hosts.map((host, index) => ({
    exchange: host.exchange,
    preference: 10 * (index + 1),
    aaaa: addressLookup('AAAA', host.v6, { name: host.exchange }),
  }));
  const smtp: SmtpProbeResult[] = hosts.flatMap((host, index) => {
    const answer = host.smtp === undefined ? 'ok' : host.smtp;
    if (answer === null) return [];
    return (mxHosts[index]?.aaaa.addresses ?? []).map(({ address }) => ({
      exchange: host.exchange,
      address,
      outcome:
        answer === 'ok'
          ? { ok: true as const, banner: `220 ${host.exchange} ESMTP`, elapsedMs: 30 }
          : { ok: false as const, error: answer, detail: answer, elapsedMs: 5000 },
    }));
  });
  return {
    mx: { outcome: hosts.length > 0 ? 'ok' : 'nodata', nullMx: false, hosts: mxHosts, ...mx },
    smtp,
  };
}

export function validTarget(overrides: Partial<ValidTarget> = {}): ValidTarget {
  return {
    valid: true,
    index: 0,
    input: HOST,
    host: HOST,
    unicodeHost: HOST,
    entryUrls: [HOME_URL, `http://${HOST}/`],
    category: 'government',
    owner: '市政务服务数据管理局',
    name: '示例市人民政府',
    rank: null,
    ...overrides,
  };
}

/** One latency sample to the site's address of that family; undisturbed unless told. */
export function latencySample(
  family: 4 | 6,
  headersMs: number,
  overrides: Partial<LatencySample> = {},
): LatencySample {
  return {
    family,
    pair: 0,
    address: family === 6 ? V6_ADDRESS : V4_ADDRESS,
    connectMs: 1,
    headersMs,
    scannerLagMs: 1,
    disturbed: false,
    retaken: false,
    ...overrides,
  };
}

/** Undisturbed samples taken in pairs: the i-th of each family make pair i. */
export function latencyFacts(times: Partial<Record<'v6' | 'v4', number[]>>): LatencyFacts {
  const samples: LatencySample[] = [];
  const pairs = Math.max(times.v6?.length ?? 0, times.v4?.length ?? 0);
  for (let pair = 0; pair < pairs; pair++) {
    const v4Ms = times.v4?.[pair];
    const v6Ms = times.v6?.[pair];
    if (v4Ms !== undefined) samples.push(latencySample(4, v4Ms, { pair }));
    if (v6Ms !== undefined) samples.push(latencySample(6, v6Ms, { pair }));
  }
  return { samples, lagTickMs: 5 };
}

export interface FactOverrides extends Partial<
  Omit<SiteFacts, 'target' | 'dns' | 'http' | 'latency' | 'links'>
> {
  target?: Partial<ValidTarget>;
  dns?: Partial<SiteFacts['dns']>;
  http?: Partial<SiteFacts['http']>;
  /** Undisturbed times to headers per family (paired in order), or the whole facts. */
  latency?: Partial<Record<'v6' | 'v4', number[]>> | LatencyFacts;
  links?: Partial<SiteFacts['links']>;
}

export function buildFacts(overrides: FactOverrides = {}): SiteFacts {
  const { target, dns, http, latency, links, ...rest } = overrides;
  return {
    target: validTarget(target),
    startedAt: '2024-05-03T02:00:00.000Z',
    finishedAt: '2024-05-03T02:00:04.000Z',
    dns: {
      a: addressLookup('A', [V4_ADDRESS]),
      aaaa: addressLookup('AAAA', [V6_ADDRESS]),
      zone: zoneFacts([
        nameServer(`ns1.${ZONE}`, ['240e:e1:aa00::53']),
        nameServer(`ns2.${ZONE}`, ['2408:8000:1010::53']),
      ]),
      ...dns,
    },
    webPorts: WEB_PORTS,
    tcp: tcpProbes([V4_ADDRESS, V6_ADDRESS]),
    entryUrl: HOME_URL,
    http: { v6: loadedChain(6), v4: loadedChain(4), ...http },
    latency:
      latency && 'samples' in latency
        ? latency
        : latencyFacts({ v6: [41, 40, 45], v4: [38, 39, 44], ...latency }),
    similarity: 1,
    links: { l2: linkLevel(2, 20, 20), l3: linkLevel(3, 10, 10), ...links },
    mail: null,
    deadlineHit: false,
    ...rest,
  };
}
