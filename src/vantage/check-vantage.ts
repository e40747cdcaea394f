import { isIPv6 } from 'node:net';
import { classifyAddress } from '../dns/classify-address.ts';
import { queryServer } from '../dns/dns-query.ts';
import type { AddressKind, ClassifiedAddress, Family, ResolverEndpoint } from '../dns/dns-types.ts';
import { formatResolverEndpoint } from '../dns/resolver-endpoint.ts';
import { EN } from '../i18n/en.ts';
import { routeSource } from './route-source.ts';
import type { VantageAttempt, VantageCheck, VantageFamilyCheck } from './vantage-types.ts';

export interface VantageCheckOptions {
  /** The configured resolvers: tried first, as the scan depends on them anyway. */
  resolvers: readonly ResolverEndpoint[];
  /** Tried after the resolvers of the family (DEFAULT_VANTAGE_ANCHORS or --vantage-probe). */
  anchors: readonly ResolverEndpoint[];
  /** Any source address counts (intranet scans, loopback tests); else only a global one. */
  allowPrivate: boolean;
  /** Per DNS question. */
  timeoutMs: number;
}

const FAMILY_NAME: Record<Family, string> = { 6: 'IPv6', 4: 'IPv4' };

/**
 * SPEC "Vantage": per family, the kernel has a usable source address on a route towards
 * something, and that something answers over the family. Candidates are tried one after the
 * other and the first that works ends the family's check, so a healthy host sends one question
 * per family.
 */
export async function checkVantage(options: VantageCheckOptions): Promise<VantageCheck> {
  const checkedAt = new Date().toISOString();
  const [ipv6, ipv4] = await Promise.all([checkFamily(6, options), checkFamily(4, options)]);
  return { checked_at: checkedAt, ipv6, ipv4 };
}

export async function checkFamily(
  family: Family,
  options: VantageCheckOptions,
): Promise<VantageFamilyCheck> {
  const ofFamily = (endpoint: ResolverEndpoint): boolean =>
    (isIPv6(endpoint.address) ? 6 : 4) === family;
  const candidates: { endpoint: ResolverEndpoint; role: VantageAttempt['role'] }[] = [
    ...options.resolvers
      .filter(ofFamily)
      .map((endpoint) => ({ endpoint, role: 'resolver' as const })),
    ...options.anchors.filter(ofFamily).map((endpoint) => ({ endpoint, role: 'anchor' as const })),
  ];
  const tried: VantageAttempt[] = [];
  for (const { endpoint, role } of candidates) {
    const attempt = await tryCandidate(endpoint, role, options);
    tried.push(attempt);
    if (attempt.error === null) {
      return {
        working: true,
        source: attempt.source,
        summary: `${FAMILY_NAME[family]} works: ${attempt.target} answered to source ${attempt.source}`,
        tried,
      };
    }
  }
  return { working: false, source: null, summary: whatIsMissing(family, tried), tried };
}

async function tryCandidate(
  endpoint: ResolverEndpoint,
  role: VantageAttempt['role'],
  options: VantageCheckOptions,
): Promise<VantageAttempt> {
  const startedAt = performance.now();
  const target = formatResolverEndpoint(endpoint);
  const elapsedMs = (): number => Math.round(performance.now() - startedAt);
  const route = await routeSource(endpoint);
  if (!route.ok) {
    return {
      target,
      role,
      source: null,
      source_kind: null,
      answer: null,
      error: route.error,
      detail: route.detail,
      elapsed_ms: elapsedMs(),
    };
  }
  const source = classifyAddress(route.source);
  const base = { target, role, source: route.source, source_kind: source.kind };
  if (!sourceCounts(source, options.allowPrivate)) {
    // Sites would be reached from this source too: a local one says nothing about the Internet.
    return {
      ...base,
      answer: null,
      error: 'non_global',
      detail: `source ${route.source} is ${source.kind}, not global (--allow-private accepts it)`,
      elapsed_ms: elapsedMs(),
    };
  }
  const outcome = await queryServer(endpoint, '.', 'NS', {
    timeoutMs: options.timeoutMs,
    retries: 1,
    recursive: false,
    tcpOnTruncation: false,
  });
  if (outcome.ok) {
    return {
      ...base,
      answer: 'dns_response',
      error: null,
      detail: outcome.rcode,
      elapsed_ms: elapsedMs(),
    };
  }
  // A closed port answers with ICMP port unreachable: the host was reached over this family.
  if (outcome.error === 'refused') {
    return {
      ...base,
      answer: 'port_unreachable',
      error: null,
      detail: outcome.detail,
      elapsed_ms: elapsedMs(),
    };
  }
  return {
    ...base,
    answer: null,
    error: outcome.error,
    detail: outcome.detail,
    elapsed_ms: elapsedMs(),
  };
}

/**
 * IPv6 needs a global source: a host with only unique-local or link-local addresses has no IPv6
 * Internet. IPv4 behind NAT is the norm (offices, CI runners), so a private or CGNAT source
 * counts when the answer comes from across the NAT; loopback never does.
 */
const NAT_IPV4_SOURCE_KINDS: ReadonlySet<AddressKind> = new Set<AddressKind>(['private', 'cgnat']);

export function sourceCounts(source: ClassifiedAddress, allowPrivate: boolean): boolean {
  if (source.global || allowPrivate) return true;
  return source.family === 4 && NAT_IPV4_SOURCE_KINDS.has(source.kind);
}

/** One sentence: which part of "a usable source on a route, and an answer" is missing. */
function whatIsMissing(family: Family, tried: VantageAttempt[]): string {
  const name = FAMILY_NAME[family];
  if (tried.length === 0) return `${name}: nothing to try (no resolver or anchor of this family)`;
  const targets = tried.map((attempt) => attempt.target).join(', ');
  if (tried.every((attempt) => attempt.source === null)) {
    const first = tried[0]?.error;
    return `no ${name} route or source address on this host (${first ? EN.failures[first] : 'no route'}; tried ${targets})`;
  }
  const sources = [
    ...new Set(tried.flatMap((attempt) => (attempt.source ? [attempt.source] : []))),
  ];
  if (tried.every((attempt) => attempt.error === 'non_global' || attempt.source === null)) {
    return `no global ${name} source address on this host (only ${sources.join(', ')}; tried ${targets})`;
  }
  const answered = tried.find(
    (attempt) => attempt.error !== 'non_global' && attempt.source !== null,
  );
  const why = answered?.error ? EN.failures[answered.error] : 'no answer';
  return `nothing answered over ${name} from ${sources.join(', ')} (${why}; tried ${targets})`;
}
