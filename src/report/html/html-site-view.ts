import { CHECK_IDS, type CheckId } from '../../checks/check-table.ts';
import { summaryPhrase } from '../../judge/check-result.ts';
import type { Verdict } from '../../judge/judge-types.ts';
import type { Reason } from '../../i18n/phrases.ts';
import { renderPhrase, renderReason } from '../../i18n/render.ts';
import type { Terms } from '../../i18n/terms.ts';
import type { HttpChainEvidence, SiteReport, TlsEvidence } from '../report-types.ts';

/** What the HTML report shows of one site, already in the report's language. */
export interface SiteView {
  index: number;
  target: string;
  host: string | null;
  unicodeHost: string | null;
  name: string | null;
  owner: string | null;
  category: string | null;
  verdict: Verdict;
  score: number;
  reasons: string[];
  checks: { id: CheckId; name: string; status: string; statusText: string; summary: string }[];
  addresses: { family: 'IPv6' | 'IPv4'; address: string; kind: string }[];
  chains: { family: 'IPv6' | 'IPv4'; hops: { url: string; result: string }[] }[];
  tls: {
    family: 'IPv6' | 'IPv4';
    subject: string;
    issuer: string;
    validTo: string;
    valid: boolean;
  }[];
  similarity: number | null;
  failingLinks: { level: 2 | 3; url: string; v6: string; v4: string }[];
}

export function siteView(site: SiteReport, terms: Terms): SiteView {
  const evidence = site.evidence;
  return {
    index: site.index,
    target: site.target,
    host: site.host,
    unicodeHost: site.unicode_host,
    name: site.name,
    owner: site.owner,
    category: site.category,
    verdict: site.verdict,
    score: site.score,
    reasons: reasonsIn(site, terms),
    checks: CHECK_IDS.filter((id) => site.checks[id]).map((id) => {
      const result = site.checks[id];
      return {
        id,
        name: terms.checks[id],
        status: result.status,
        statusText: terms.statuses[result.status],
        summary: result.summary_code
          ? renderPhrase(summaryPhrase(result), terms)
          : String(result.summary),
      };
    }),
    addresses: evidence
      ? [
          ...evidence.dns.aaaa.answers.map((answer) => ({
            family: 'IPv6' as const,
            address: answer.address,
            kind: answer.kind,
          })),
          ...evidence.dns.a.answers.map((answer) => ({
            family: 'IPv4' as const,
            address: answer.address,
            kind: answer.kind,
          })),
        ]
      : [],
    chains: evidence
      ? [chainView('IPv6', evidence.http.v6, terms), chainView('IPv4', evidence.http.v4, terms)]
      : [],
    tls: evidence
      ? [tlsView('IPv6', evidence.tls.v6), tlsView('IPv4', evidence.tls.v4)].filter(
          (entry) => entry !== null,
        )
      : [],
    similarity: evidence?.similarity ?? null,
    failingLinks: [
      ...failingLinks(site, 'links_l2', 2, terms),
      ...failingLinks(site, 'links_l3', 3, terms),
    ],
  };
}

/** The reasons in the report's language; a report written before reason_codes keeps English. */
export function reasonsIn(site: SiteReport, terms: Terms): string[] {
  const codes: Reason[] | undefined = site.reason_codes;
  return codes ? codes.map((reason) => renderReason(reason, terms)) : site.reasons;
}

function chainView(
  family: 'IPv6' | 'IPv4',
  chain: HttpChainEvidence | null,
  terms: Terms,
): SiteView['chains'][number] {
  if (!chain) return { family, hops: [] };
  return {
    family,
    hops: chain.hops.map((hop) => ({
      url: hop.url,
      result:
        hop.status !== null
          ? `HTTP ${hop.status}`
          : hop.outcome === 'ok'
            ? 'ok'
            : terms.failures[hop.outcome],
    })),
  };
}

function tlsView(family: 'IPv6' | 'IPv4', tls: TlsEvidence | null): SiteView['tls'][number] | null {
  if (!tls) return null;
  return {
    family,
    subject: tls.subject,
    issuer: tls.issuer,
    validTo: tls.valid_to,
    valid: tls.valid,
  };
}

interface LinkOutcome {
  ok: boolean;
  status?: number;
  error?: string;
}

/** Sampled inner links that did not load over IPv6, with what each family gave. */
function failingLinks(
  site: SiteReport,
  id: 'links_l2' | 'links_l3',
  level: 2 | 3,
  terms: Terms,
): SiteView['failingLinks'] {
  const links = site.checks[id]?.links;
  if (!Array.isArray(links)) return [];
  const words = (outcome: LinkOutcome | undefined): string => {
    if (!outcome) return '–';
    if (outcome.ok) return `HTTP ${outcome.status ?? ''}`.trim();
    const error = outcome.error as keyof Terms['failures'] | undefined;
    const text = error && error in terms.failures ? terms.failures[error] : String(error ?? '');
    return outcome.status ? `${text} (HTTP ${outcome.status})` : text;
  };
  return (links as { url?: unknown; v6?: LinkOutcome; v4?: LinkOutcome }[])
    .filter((link) => !(link.v6?.ok && (link.v6.status ?? 0) < 400))
    .map((link) => ({
      level,
      url: String(link.url ?? ''),
      v6: words(link.v6),
      v4: words(link.v4),
    }));
}
