import { readFile } from 'node:fs/promises';
import { isIPv4, isIPv6, SocketAddress } from 'node:net';
import type { ResolverEndpoint } from './dns-types.ts';

const DNS_PORT = 53;

const USAGE = 'expected IP, IPv4:PORT or [IPv6]:PORT';

function parsePort(text: string, input: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (!(port >= 1 && port <= 65535)) {
    throw new Error(`invalid resolver "${input}": port "${text}" is not 1-65535`);
  }
  return port;
}

/**
 * The text form the operating system reports for a sender (inet_ntop), so that an address
 * compares equal however it was written (the UDP client checks who answered).
 */
export function canonicalIPv6(address: string): string {
  return new SocketAddress({ address, family: 'ipv6' }).address;
}

/** Parses "1.2.3.4", "1.2.3.4:5353", "::1", "[::1]:5353" or "2001:db8::53" (port 53 if none). */
export function parseResolverEndpoint(text: string): ResolverEndpoint {
  const input = text.trim();
  if (input === '') throw new Error(`invalid resolver "": ${USAGE}`);

  const bracketed = /^\[([^\]]+)\](?::(.*))?$/.exec(input);
  if (bracketed) {
    const address = bracketed[1] ?? '';
    if (!isIPv6(address)) throw new Error(`invalid resolver "${input}": "${address}" is not IPv6`);
    const port = bracketed[2] === undefined ? DNS_PORT : parsePort(bracketed[2], input);
    return { address: canonicalIPv6(address), port };
  }
  // More than one colon without brackets can only be a bare IPv6 address.
  if (isIPv6(input)) return { address: canonicalIPv6(input), port: DNS_PORT };
  if (isIPv4(input)) return { address: input, port: DNS_PORT };

  const hostAndPort = /^([^:]+):([^:]*)$/.exec(input);
  if (hostAndPort && isIPv4(hostAndPort[1] ?? '')) {
    return { address: hostAndPort[1] ?? '', port: parsePort(hostAndPort[2] ?? '', input) };
  }
  throw new Error(`invalid resolver "${input}": ${USAGE}`);
}

/** "ip:port" for logs and evidence; IPv6 in brackets so the port stays readable. */
export function formatResolverEndpoint(endpoint: ResolverEndpoint): string {
  return isIPv6(endpoint.address)
    ? `[${endpoint.address}]:${endpoint.port}`
    : `${endpoint.address}:${endpoint.port}`;
}

/**
 * The `nameserver` lines of resolv.conf, in order and without duplicates. A zone index
 * (fe80::1%eth0) is dropped, as dns2 cannot send to a scoped address; unparsable lines are
 * skipped like the system resolver does.
 */
export async function readSystemResolvers(path = '/etc/resolv.conf'): Promise<ResolverEndpoint[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    throw new Error(
      `no resolver: cannot read ${path} (${String(code ?? error)}); pass --resolver IP[:PORT]`,
    );
  }
  const endpoints: ResolverEndpoint[] = [];
  const seen = new Set<string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^\s*nameserver\s+(\S+)/.exec(line);
    if (!match) continue;
    const address = (match[1] ?? '').split('%')[0] ?? '';
    let endpoint: ResolverEndpoint;
    try {
      endpoint = parseResolverEndpoint(address);
    } catch {
      continue;
    }
    const key = formatResolverEndpoint(endpoint);
    if (seen.has(key)) continue;
    seen.add(key);
    endpoints.push(endpoint);
  }
  if (endpoints.length === 0) {
    throw new Error(
      `no resolver: ${path} has no usable nameserver line; pass --resolver IP[:PORT]`,
    );
  }
  return endpoints;
}
