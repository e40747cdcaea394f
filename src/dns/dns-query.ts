import { performance } from 'node:perf_hooks';
import { classifyNetworkError, describeError } from '../net/failure-code.ts';
import type { ResolverEndpoint } from './dns-types.ts';
import { TYPE_CODE } from './dns-wire.ts';
import type { DnsMessage, DnsQuery, DnsRecord } from './dns-wire.ts';
import { buildQuery, rejectsEdns } from './query-message.ts';
import { formatResolverEndpoint } from './resolver-endpoint.ts';
import { exchangeOverTcp } from './tcp-exchange.ts';
import { exchangeOverUdp } from './udp-exchange.ts';

export type QueryType = 'A' | 'AAAA' | 'CNAME' | 'NS' | 'SOA' | 'MX';

/** RFC 1035 4.1.1 names; anything else is written `RCODE<n>`. */
const RCODE_NAMES = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'] as const;
export type RcodeName = (typeof RCODE_NAMES)[number] | `RCODE${number}`;

/** Why no DNS message came back: a subset of FailureCode. */
export type QueryFailure =
  'timeout' | 'unreachable' | 'no_route' | 'local_error' | 'refused' | 'reset' | 'dns_error';

const QUERY_FAILURES: ReadonlySet<string> = new Set<QueryFailure>([
  'timeout',
  'unreachable',
  'no_route',
  'local_error',
  'refused',
  'reset',
]);

/** One question to one server: `ok` means a DNS message came back, whatever its rcode. */
export type QueryOutcome =
  | {
      ok: true;
      server: string;
      rcode: RcodeName;
      answers: DnsRecord[];
      authorities: DnsRecord[];
      /** The TC bit of the message used: true only when TCP was not tried. */
      truncated: boolean;
      transport: 'udp' | 'tcp';
      elapsedMs: number;
    }
  | { ok: false; server: string; error: QueryFailure; detail: string; elapsedMs: number };

export interface QueryOptions {
  /** Per attempt, per transport. */
  timeoutMs: number;
  /** Extra UDP attempts after a timeout. */
  retries: number;
  /** RD bit; false for a question to an authoritative server. Default true. */
  recursive?: boolean;
  /** Ask again over TCP when the UDP answer is truncated. Default true. */
  tcpOnTruncation?: boolean;
  /** Ends the query at once (outcome `timeout`, detail "query aborted"); no retry follows. */
  signal?: AbortSignal;
}

function rcodeName(rcode: number): RcodeName {
  return RCODE_NAMES[rcode] ?? `RCODE${rcode}`;
}

function toFailure(error: unknown): QueryFailure {
  const code = classifyNetworkError(error);
  return QUERY_FAILURES.has(code) ? (code as QueryFailure) : 'dns_error';
}

/**
 * Asks one server one question: UDP, again on timeout (`retries` times), then TCP if the answer
 * is truncated. Queries carry an EDNS0 OPT record offering 1232-byte UDP answers; a server that
 * rejects it (FORMERR without OPT, RFC 6891 7) is asked again without, and is then kept plain.
 */
export async function queryServer(
  server: ResolverEndpoint,
  name: string,
  type: QueryType,
  options: QueryOptions,
): Promise<QueryOutcome> {
  const started = performance.now();
  const serverText = formatResolverEndpoint(server);
  const recursive = options.recursive ?? true;
  const exchange = { timeoutMs: options.timeoutMs, signal: options.signal };
  let edns = true;
  const elapsed = (): number => Math.round(performance.now() - started);
  const failure = (error: unknown, prefix = ''): QueryOutcome => ({
    ok: false,
    server: serverText,
    error: toFailure(error),
    detail: prefix + describeError(error),
    elapsedMs: elapsed(),
  });
  const ask = (): DnsQuery => buildQuery(name, TYPE_CODE[type], { recursive, edns });
  const askOverUdp = async (): Promise<DnsMessage> => {
    const answer = await exchangeOverUdp(server, ask(), exchange);
    if (!edns || !rejectsEdns(answer)) return answer;
    edns = false;
    return exchangeOverUdp(server, ask(), exchange);
  };

  let answer: DnsMessage | null = null;
  let lastError: unknown = null;
  for (let attempt = 0; attempt <= options.retries && !answer; attempt++) {
    try {
      answer = await askOverUdp();
    } catch (error) {
      lastError = error;
      if (toFailure(error) !== 'timeout' || options.signal?.aborted) break;
    }
  }
  if (!answer) return failure(lastError);

  let transport: 'udp' | 'tcp' = 'udp';
  if (answer.tc && (options.tcpOnTruncation ?? true)) {
    try {
      answer = await exchangeOverTcp(server, ask(), exchange);
      transport = 'tcp';
    } catch (error) {
      return failure(error, 'UDP answer truncated, TCP failed: ');
    }
  }
  return {
    ok: true,
    server: serverText,
    rcode: rcodeName(answer.rcode),
    answers: answer.answers,
    authorities: answer.authorities,
    truncated: answer.tc,
    transport,
    elapsedMs: elapsed(),
  };
}

function worthAnotherServer(outcome: QueryOutcome): boolean {
  return !outcome.ok || outcome.rcode === 'SERVFAIL' || outcome.rcode === 'REFUSED';
}

/**
 * Asks the servers in order until one gives a usable answer; past a timeout, SERVFAIL or REFUSED
 * the next is tried. When none does, a server's answer (SERVFAIL, REFUSED) is worth more to a
 * report reader than a silence, so the first answer is returned, else the last failure.
 */
export async function queryResolvers(
  servers: readonly ResolverEndpoint[],
  name: string,
  type: QueryType,
  options: QueryOptions,
): Promise<QueryOutcome> {
  if (servers.length === 0) throw new Error('no resolver to ask');
  const outcomes: QueryOutcome[] = [];
  for (const server of servers) {
    const outcome = await queryServer(server, name, type, options);
    if (!worthAnotherServer(outcome)) return outcome;
    outcomes.push(outcome);
  }
  const firstAnswer = outcomes.find((outcome) => outcome.ok);
  return firstAnswer ?? (outcomes[outcomes.length - 1] as QueryOutcome);
}
