/**
 * Turns measured facts into the evidence block of a site report: what was tried, from which
 * address, with what outcome and timings. Page bodies are left out (size, and they are not
 * evidence a reader can act on). Inner links are not here: the links_l2 / links_l3 check details
 * hold them once, each sampled link with its outcome per family, and the counts (issue 8).
 */
import type { AddressLookup, MxFacts, NameServerProbe, ZoneFacts } from '../dns/dns-types.ts';
import type { LatencySample, SiteFacts, SmtpProbeResult } from '../facts/site-facts.ts';
import type {
  HttpChain,
  HttpHop,
  HttpTimings,
  TcpProbeResult,
  TlsCertificateFacts,
} from '../probe/probe-types.ts';
import type {
  HttpChainEvidence,
  HttpHopEvidence,
  HttpTimingsEvidence,
  LookupEvidence,
  MailEvidence,
  NameServerProbeEvidence,
  SiteEvidence,
  SmtpEvidence,
  LatencySampleEvidence,
  TcpEvidence,
  TlsEvidence,
  ZoneEvidence,
} from './report-types.ts';
import { roundMs } from './rounding.ts';

export function buildSiteEvidence(facts: SiteFacts): SiteEvidence {
  const v6Chain = facts.http.v6 ? chainEvidence(facts.http.v6) : null;
  const v4Chain = facts.http.v4 ? chainEvidence(facts.http.v4) : null;
  return {
    started_at: facts.startedAt,
    finished_at: facts.finishedAt,
    deadline_hit: facts.deadlineHit,
    entry_url: facts.entryUrl,
    dns: {
      a: lookupEvidence(facts.dns.a),
      aaaa: lookupEvidence(facts.dns.aaaa),
      zone: facts.dns.zone ? zoneEvidence(facts.dns.zone) : null,
    },
    web_ports: [...facts.webPorts],
    tcp: {
      v6: facts.tcp.filter((probe) => probe.family === 6).map(tcpEvidence),
      v4: facts.tcp.filter((probe) => probe.family === 4).map(tcpEvidence),
    },
    http: { v6: v6Chain, v4: v4Chain },
    tls: { v6: finalHopTls(v6Chain), v4: finalHopTls(v4Chain) },
    similarity: facts.similarity,
    latency: {
      lag_tick_ms: facts.latency.lagTickMs,
      samples: facts.latency.samples.map(latencySampleEvidence),
    },
    mail: facts.mail ? mailEvidence(facts.mail.mx, facts.mail.smtp) : null,
  };
}

export function lookupEvidence(lookup: AddressLookup): LookupEvidence {
  return {
    name: lookup.queriedName,
    type: lookup.recordType,
    outcome: lookup.outcome,
    detail: lookup.detail ?? null,
    cname_chain: [...lookup.cnameChain],
    answers: lookup.addresses.map((answer) => ({
      address: answer.address,
      kind: answer.kind,
      global: answer.global,
    })),
    resolver: lookup.resolver,
    elapsed_ms: roundMs(lookup.elapsedMs),
  };
}

function zoneEvidence(zone: ZoneFacts): ZoneEvidence {
  return {
    zone: zone.zone,
    outcome: zone.outcome,
    detail: zone.detail ?? null,
    name_servers: zone.nameServers.map((server) => ({
      name: server.name,
      aaaa: lookupEvidence(server.aaaa),
      reach6: server.reach6.map(nameServerProbeEvidence),
    })),
  };
}

function nameServerProbeEvidence(probe: NameServerProbe): NameServerProbeEvidence {
  const outcome = probe.outcome;
  return outcome.ok
    ? {
        address: probe.address,
        outcome: 'ok',
        rcode: outcome.rcode,
        ms: roundMs(outcome.elapsedMs),
      }
    : {
        address: probe.address,
        outcome: outcome.error,
        rcode: null,
        ms: roundMs(outcome.elapsedMs),
      };
}

function latencySampleEvidence(sample: LatencySample): LatencySampleEvidence {
  const optionalMs = (ms: number | null): number | null => (ms === null ? null : roundMs(ms));
  return {
    family: sample.family,
    pair: sample.pair,
    address: sample.address,
    connect_ms: optionalMs(sample.connectMs),
    headers_ms: optionalMs(sample.headersMs),
    scanner_lag_ms: roundMs(sample.scannerLagMs),
    disturbed: sample.disturbed,
    retaken: sample.retaken,
    error: sample.error ?? null,
  };
}

function tcpEvidence(probe: TcpProbeResult): TcpEvidence {
  const outcome = probe.outcome;
  return {
    address: probe.address,
    port: probe.port,
    outcome: outcome.ok ? 'ok' : outcome.error,
    ms: roundMs(outcome.ok ? outcome.connectMs : outcome.elapsedMs),
  };
}

function chainEvidence(chain: HttpChain): HttpChainEvidence {
  const result = chain.result;
  const hops = chain.hops.map(hopEvidence);
  if (result.ok) {
    return {
      entry_url: chain.entryUrl,
      outcome: 'ok',
      detail: null,
      final_url: result.finalUrl,
      final_status: result.finalStatus,
      ttfb_ms: roundMs(result.ttfbMs),
      body_bytes: result.bodyBytes,
      truncated: result.truncated,
      hops,
    };
  }
  return {
    entry_url: chain.entryUrl,
    outcome: result.error,
    detail: result.detail,
    final_url: result.finalUrl ?? null,
    final_status: result.finalStatus ?? null,
    ttfb_ms: null,
    body_bytes: null,
    truncated: null,
    hops,
  };
}

function hopEvidence(hop: HttpHop): HttpHopEvidence {
  const outcome = hop.outcome;
  const common = {
    url: hop.url,
    address: hop.address,
    attempts: hop.attempts.map((attempt) => ({
      address: attempt.address,
      error: attempt.error ?? null,
      detail: attempt.detail ?? null,
    })),
    timings: timingsEvidence(outcome.timings),
    tls: hop.tls ? tlsEvidence(hop.tls) : null,
  };
  if (outcome.ok) {
    return {
      ...common,
      outcome: 'ok',
      detail: null,
      status: outcome.status,
      location: outcome.location ?? null,
      content_type: outcome.contentType ?? null,
      body_bytes: outcome.bodyBytes,
      truncated: outcome.truncated,
    };
  }
  return {
    ...common,
    outcome: outcome.error,
    detail: outcome.detail,
    status: outcome.status ?? null,
    location: null,
    content_type: null,
    body_bytes: null,
    truncated: null,
  };
}

function timingsEvidence(timings: HttpTimings): HttpTimingsEvidence {
  return {
    connect_ms: timings.connectMs === undefined ? null : roundMs(timings.connectMs),
    tls_ms: timings.tlsMs === undefined ? null : roundMs(timings.tlsMs),
    ttfb_ms: timings.ttfbMs === undefined ? null : roundMs(timings.ttfbMs),
    total_ms: roundMs(timings.totalMs),
  };
}

function tlsEvidence(certificate: TlsCertificateFacts): TlsEvidence {
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    valid_from: certificate.validFrom,
    valid_to: certificate.validTo,
    subject_alt_names: [...certificate.subjectAltNames],
    valid: certificate.valid,
    invalid_reason: certificate.invalidReason ?? null,
  };
}

/** The certificate that served the final page; an earlier hop's would not describe it. */
function finalHopTls(chain: HttpChainEvidence | null): TlsEvidence | null {
  return chain?.hops.at(-1)?.tls ?? null;
}

function mailEvidence(mx: MxFacts, smtp: SmtpProbeResult[]): MailEvidence {
  return {
    mx_outcome: mx.outcome,
    null_mx: mx.nullMx,
    hosts: mx.hosts.map((host) => ({
      exchange: host.exchange,
      preference: host.preference,
      aaaa: lookupEvidence(host.aaaa),
    })),
    smtp: smtp.map(smtpEvidence),
  };
}

function smtpEvidence(probe: SmtpProbeResult): SmtpEvidence {
  const outcome = probe.outcome;
  return outcome.ok
    ? {
        exchange: probe.exchange,
        address: probe.address,
        outcome: 'ok',
        banner: outcome.banner,
        detail: null,
        ms: roundMs(outcome.elapsedMs),
      }
    : {
        exchange: probe.exchange,
        address: probe.address,
        outcome: outcome.error,
        banner: outcome.banner ?? null,
        detail: outcome.detail,
        ms: roundMs(outcome.elapsedMs),
      };
}
