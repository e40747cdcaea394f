/**
 * Run inside a test namespace (local-network-errors.test.ts): connects every kind of socket the
 * scanner opens to each address given, and prints one JSON line per attempt with the failure
 * word it got. A crash (an 'error' event without a listener, a throw) ends the process non-zero.
 */
import { queryServer } from '../../src/dns/dns-query.ts';
import { TYPE_CODE } from '../../src/dns/dns-wire.ts';
import type { DnsMessage, DnsQuery } from '../../src/dns/dns-wire.ts';
import { buildQuery } from '../../src/dns/query-message.ts';
import { exchangeOverTcp } from '../../src/dns/tcp-exchange.ts';
import { exchangeOverUdp } from '../../src/dns/udp-exchange.ts';
import { classifyNetworkError } from '../../src/net/failure-code.ts';
import { fetchOnce } from '../../src/probe/http-fetch-once.ts';
import { probeSmtpBanner } from '../../src/probe/smtp-banner.ts';
import { probeTcp } from '../../src/probe/tcp-connect.ts';

const TIMEOUT_MS = 1500;
const signal = new AbortController().signal;

async function exchangeError(exchange: () => Promise<DnsMessage>): Promise<string> {
  try {
    await exchange();
    return 'answered';
  } catch (error) {
    return classifyNetworkError(error);
  }
}

for (const address of process.argv.slice(2)) {
  const family = address.includes(':') ? 6 : 4;
  const server = { address, port: 53 };
  const query = (): DnsQuery =>
    buildQuery('example.com', TYPE_CODE.A, { recursive: true, edns: false });
  const tcp = await probeTcp(address, 80, { timeoutMs: TIMEOUT_MS, signal });
  const fetchOptions = {
    family,
    timeoutMs: TIMEOUT_MS,
    signal,
    maxBodyBytes: 1024,
    userAgent: 'test',
  } as const;
  const http = await fetchOnce(new URL('http://www.example.com/'), address, fetchOptions);
  const https = await fetchOnce(new URL('https://www.example.com/'), address, fetchOptions);
  const smtp = await probeSmtpBanner('mx.example.com', address, { timeoutMs: TIMEOUT_MS, signal });
  const dnsUdp = await exchangeError(() =>
    exchangeOverUdp(server, query(), { timeoutMs: TIMEOUT_MS }),
  );
  const dnsTcp = await exchangeError(() =>
    exchangeOverTcp(server, query(), { timeoutMs: TIMEOUT_MS }),
  );
  const dnsQuery = await queryServer(server, 'example.com', 'A', {
    timeoutMs: TIMEOUT_MS,
    retries: 0,
  });
  const errorOf = (outcome: { ok: boolean; error?: string }): string =>
    outcome.ok ? 'connected' : (outcome.error ?? '?');
  console.log(
    JSON.stringify({
      address,
      tcp: errorOf(tcp.outcome),
      http: errorOf(http.hop.outcome),
      https: errorOf(https.hop.outcome),
      smtp: errorOf(smtp.outcome),
      dns_udp: dnsUdp,
      dns_tcp: dnsTcp,
      dns_query: errorOf(dnsQuery),
    }),
  );
}
