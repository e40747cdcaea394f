import { performance } from 'node:perf_hooks';
import { domainToASCII } from 'node:url';
import { addressesToTry } from './addresses-to-try.ts';
import { BoundedCache } from './bounded-cache.ts';
import { classifyAddress } from './classify-address.ts';
import { queryResolvers, queryServer } from './dns-query.ts';
import type { QueryOptions, QueryOutcome, QueryType, RcodeName } from './dns-query.ts';
import type {
  AddressLookup,
  ClassifiedAddress,
  DnsOutcome,
  MxFacts,
  MxHostFacts,
  NameServerFacts,
  NameServerProbe,
  ResolverEndpoint,
  ZoneFacts,
} from './dns-types.ts';
import type { DnsRecord } from './dns-wire.ts';

export interface DnsResolverOptions {
  servers: ResolverEndpoint[];
  /** Per attempt, per transport. */
  timeoutMs: number;
  /** Extra UDP attempts after a timeout; default 1. */
  retries?: number;
  /** Port of name servers asked directly (ns_reach6); default 53, tests use their own. */
  nameServerPort?: number;
  allowPrivate: boolean;
  /** Entries kept by each of the resolver's caches; default DNS_CACHE_ENTRIES. */
  cacheEntries?: number;
}

/**
 * Each cache (queries, A/AAAA lookups, zones by name, zones by apex, ns_reach6 probes, MX) keeps
 * at most this many entries, least recently used out first: a few MB in all, whatever the number
 * of sites. A site asks each of its names within seconds, far fewer than this many lookups apart,
 * so the names that sites share (a zone's name servers, a CDN's CNAME target) stay cached.
 */
export const DNS_CACHE_ENTRIES = 10_000;

/** SPEC "cname_loop" covers both a loop and a chain longer than this. */
export const MAX_CNAME_HOPS = 10;

/** A CNAME chain followed to its end, before the records are interpreted. */
interface ChainResult {
  outcome: DnsOutcome;
  detail?: string;
  cnameChain: string[];
  records: DnsRecord[];
  resolver: string | null;
}

/** RFC 1035 2.3.4 limits, checked first: encodeQuery would throw on the question. */
function nameProblem(name: string): string | null {
  if (name === '') return 'empty name';
  if (name.length > 253) return 'name longer than 253 characters';
  const labels = name.split('.');
  if (labels.some((label) => label === '')) return 'empty label';
  if (labels.some((label) => label.length > 63)) return 'label longer than 63 characters';
  if (/[^\x21-\x7e]/.test(name)) return 'name has characters DNS cannot carry';
  return null;
}

/** Lower-case ASCII form without the trailing dot; Unicode names become their A-label form. */
export function normalizeDnsName(name: string): string {
  const trimmed = name.trim().replace(/\.$/, '');
  const ascii = /^[\x21-\x7e]*$/.test(trimmed) ? trimmed : domainToASCII(trimmed) || trimmed;
  return ascii.toLowerCase();
}

function rcodeOutcome(rcode: RcodeName): DnsOutcome {
  switch (rcode) {
    case 'NOERROR':
      return 'ok';
    case 'NXDOMAIN':
      return 'nxdomain';
    case 'SERVFAIL':
      return 'servfail';
    case 'REFUSED':
      return 'dns_refused';
    default:
      return 'dns_error';
  }
}

function failureOutcome(outcome: QueryOutcome & { ok: false }): DnsOutcome {
  if (outcome.error === 'timeout') return 'timeout';
  // Nothing listens, or no route: a fault of the scanning host's DNS set-up, said as such.
  if (outcome.error !== 'reset' && outcome.error !== 'dns_error') return 'resolver_unreachable';
  return 'dns_error';
}

/**
 * Per-run DNS client. Every query, lookup and zone is cached as a promise, so concurrent sites
 * that share a name (or a zone and its name servers) send each question once while it is cached;
 * the caches are bounded (DNS_CACHE_ENTRIES), so memory does not grow with the number of sites.
 */
export class DnsResolver {
  private readonly servers: readonly ResolverEndpoint[];
  private readonly queryOptions: QueryOptions;
  private readonly nameServerPort: number;
  private readonly allowPrivate: boolean;
  private readonly queries: BoundedCache<Promise<QueryOutcome>>;
  private readonly addressLookups: BoundedCache<Promise<AddressLookup>>;
  private readonly zonesByName: BoundedCache<Promise<ZoneFacts>>;
  private readonly zonesByApex: BoundedCache<Promise<ZoneFacts>>;
  private readonly probes: BoundedCache<Promise<NameServerProbe>>;
  private readonly mxLookups: BoundedCache<Promise<MxFacts>>;

  constructor(options: DnsResolverOptions) {
    if (options.servers.length === 0) throw new Error('no resolver: the server list is empty');
    this.servers = [...options.servers];
    this.queryOptions = { timeoutMs: options.timeoutMs, retries: options.retries ?? 1 };
    this.nameServerPort = options.nameServerPort ?? 53;
    this.allowPrivate = options.allowPrivate;
    const entries = options.cacheEntries ?? DNS_CACHE_ENTRIES;
    this.queries = new BoundedCache(entries);
    this.addressLookups = new BoundedCache(entries);
    this.zonesByName = new BoundedCache(entries);
    this.zonesByApex = new BoundedCache(entries);
    this.probes = new BoundedCache(entries);
    this.mxLookups = new BoundedCache(entries);
  }

  /** A/AAAA of a name, following CNAMEs; each address classified (global or its kind). */
  lookupAddresses(name: string, type: 'A' | 'AAAA'): Promise<AddressLookup> {
    const queriedName = normalizeDnsName(name);
    return this.cached(this.addressLookups, `${type} ${queriedName}`, async () => {
      const started = performance.now();
      const chain = await this.followChain(queriedName, type);
      const addresses: ClassifiedAddress[] = [];
      for (const record of chain.records) {
        if (record.type !== 'A' && record.type !== 'AAAA') continue;
        if (addresses.some((known) => known.address === record.address)) continue;
        // decodeMessage writes only well-formed addresses (a bad rdata length is malformed).
        addresses.push(classifyAddress(record.address));
      }
      return {
        queriedName,
        recordType: type,
        outcome: chain.outcome,
        ...(chain.detail === undefined ? {} : { detail: chain.detail }),
        cnameChain: chain.cnameChain,
        addresses,
        resolver: chain.resolver,
        elapsedMs: Math.round(performance.now() - started),
      };
    });
  }

  /**
   * The nearest enclosing name with NS records (a CNAME at a name is passed over), its name
   * servers' AAAA, and a SOA question to each usable IPv6 address of each of them.
   */
  findZone(name: string): Promise<ZoneFacts> {
    const normalized = normalizeDnsName(name);
    return this.cached(this.zonesByName, normalized, async () => {
      const labels = normalized.split('.').filter((label) => label !== '');
      for (let index = 0; index < labels.length; index++) {
        const candidate = labels.slice(index).join('.');
        const problem = nameProblem(candidate);
        if (problem) return { zone: null, outcome: 'dns_error', detail: problem, nameServers: [] };
        const answer = await this.query(candidate, 'NS');
        if (!answer.ok) {
          const detail = `NS ${candidate}: ${answer.error}: ${answer.detail}`;
          return { zone: null, outcome: failureOutcome(answer), detail, nameServers: [] };
        }
        // A name that does not exist may still sit inside a zone: keep walking up.
        if (answer.rcode === 'NXDOMAIN') continue;
        if (answer.rcode !== 'NOERROR') {
          const detail = `NS ${candidate}: ${answer.rcode} from ${answer.server}`;
          return { zone: null, outcome: rcodeOutcome(answer.rcode), detail, nameServers: [] };
        }
        // Only NS owned by the name itself: after a CNAME they belong to the target's zone.
        const nameServerNames = answer.answers
          .filter((record) => record.type === 'NS' && record.name === candidate)
          .map((record) => (record.type === 'NS' ? record.nameServer : ''));
        if (nameServerNames.length > 0) return this.zoneFacts(candidate, nameServerNames);
      }
      return {
        zone: null,
        outcome: 'nodata',
        detail: `no name enclosing ${normalized} has NS records`,
        nameServers: [],
      };
    });
  }

  /** MX of a name with each exchange's AAAA; a lone "." exchange is a null MX (RFC 7505). */
  lookupMx(name: string): Promise<MxFacts> {
    const normalized = normalizeDnsName(name);
    return this.cached(this.mxLookups, normalized, async () => {
      const chain = await this.followChain(normalized, 'MX');
      const exchanges = new Map<string, number>();
      for (const record of chain.records) {
        if (record.type !== 'MX') continue;
        const known = exchanges.get(record.exchange);
        if (known === undefined || record.preference < known) {
          exchanges.set(record.exchange, record.preference);
        }
      }
      const nullMx = chain.records.length === 1 && exchanges.has('');
      const hostList = nullMx
        ? []
        : [...exchanges]
            .filter(([exchange]) => exchange !== '')
            .sort(([nameA, prefA], [nameB, prefB]) => prefA - prefB || nameA.localeCompare(nameB));
      const hosts: MxHostFacts[] = await Promise.all(
        hostList.map(async ([exchange, preference]) => ({
          exchange,
          preference,
          aaaa: await this.lookupAddresses(exchange, 'AAAA'),
        })),
      );
      return {
        outcome: chain.outcome,
        ...(chain.detail === undefined ? {} : { detail: chain.detail }),
        nullMx,
        hosts,
      };
    });
  }

  private cached<T>(
    cache: BoundedCache<Promise<T>>,
    key: string,
    run: () => Promise<T>,
  ): Promise<T> {
    return cache.getOrCreate(key, run);
  }

  private query(name: string, type: QueryType): Promise<QueryOutcome> {
    return this.cached(this.queries, `${type} ${name}`, () =>
      queryResolvers(this.servers, name, type, this.queryOptions),
    );
  }

  /**
   * Asks for `type`, following CNAMEs: first along the chain inside the answer, then by asking
   * again for the chain's last name when the answer stops there without the type.
   */
  private async followChain(name: string, type: QueryType): Promise<ChainResult> {
    const cnameChain: string[] = [];
    const visited = new Set([name]);
    let current = name;
    for (;;) {
      const problem = nameProblem(current);
      if (problem)
        return { outcome: 'dns_error', detail: problem, cnameChain, records: [], resolver: null };
      const answer = await this.query(current, type);
      if (!answer.ok) {
        const detail = `${answer.error}: ${answer.detail}`;
        return {
          outcome: failureOutcome(answer),
          detail,
          cnameChain,
          records: [],
          resolver: answer.server,
        };
      }
      let owner = current;
      let records = answer.answers.filter(
        (record) => record.type === type && record.name === owner,
      );
      while (records.length === 0) {
        const cname = answer.answers.find(
          (record) => record.type === 'CNAME' && record.name === owner,
        );
        if (!cname || cname.type !== 'CNAME') break;
        if (visited.has(cname.target) || cnameChain.length >= MAX_CNAME_HOPS) {
          const detail = `${cname.name} -> ${cname.target} after ${cnameChain.length} hops`;
          return {
            outcome: 'cname_loop',
            detail,
            cnameChain,
            records: [],
            resolver: answer.server,
          };
        }
        visited.add(cname.target);
        cnameChain.push(cname.target);
        owner = cname.target;
        records = answer.answers.filter((record) => record.type === type && record.name === owner);
      }
      const base = { cnameChain, resolver: answer.server };
      // RFC 6604: the rcode speaks of the last name in the chain.
      if (answer.rcode !== 'NOERROR') {
        const detail = `${answer.rcode} for ${owner} from ${answer.server}`;
        return { ...base, outcome: rcodeOutcome(answer.rcode), detail, records: [] };
      }
      if (records.length > 0) return { ...base, outcome: 'ok', records };
      if (owner === current) return { ...base, outcome: 'nodata', records: [] };
      current = owner;
    }
  }

  private async zoneFacts(zone: string, nameServerNames: string[]): Promise<ZoneFacts> {
    return this.cached(this.zonesByApex, zone, async () => {
      const names = [...new Set(nameServerNames)].filter((name) => name !== '').sort();
      const nameServers: NameServerFacts[] = await Promise.all(
        names.map(async (name) => {
          const aaaa = await this.lookupAddresses(name, 'AAAA');
          const usable = addressesToTry(aaaa.addresses, this.allowPrivate);
          const reach6 = await Promise.all(usable.map(({ address }) => this.probe(zone, address)));
          return { name, aaaa, reach6 };
        }),
      );
      return { zone, outcome: 'ok', nameServers };
    });
  }

  /** ns_reach6: a non-recursive SOA question straight to the address; any rcode is an answer. */
  private probe(zone: string, address: string): Promise<NameServerProbe> {
    return this.cached(this.probes, `${zone} ${address}`, async () => {
      const outcome = await queryServer({ address, port: this.nameServerPort }, zone, 'SOA', {
        ...this.queryOptions,
        recursive: false,
        tcpOnTruncation: false,
      });
      return outcome.ok
        ? { address, outcome: { ok: true, rcode: outcome.rcode, elapsedMs: outcome.elapsedMs } }
        : { address, outcome: { ok: false, error: outcome.error, elapsedMs: outcome.elapsedMs } };
    });
  }
}
