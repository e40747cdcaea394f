import { describe, expect, it } from 'vitest';
import { CHECK_IDS } from '../../src/checks/check-table.ts';
import type { SiteFacts } from '../../src/facts/site-facts.ts';
import { summaryPhrase } from '../../src/judge/check-result.ts';
import { judgeSite } from '../../src/judge/judge-site.ts';
import { tableProfile } from '../../src/judge/validate-profile.ts';
import type { Phrase } from '../../src/i18n/phrases.ts';
import { renderPhrase, renderReason, termsFor } from '../../src/i18n/render.ts';
import {
  addressLookup,
  buildFacts,
  failedChain,
  failedLookup,
  linkLevel,
  loadedChain,
  mailFacts,
  nameServer,
  zoneFacts,
} from '../judge/site-facts-builder.ts';

const profile = tableProfile('default');

const FACT_SETS: SiteFacts[] = [
  buildFacts({ mail: mailFacts([{ exchange: 'mx.example.cn', v6: ['240e::25'] }]) }),
  buildFacts({
    dns: {
      aaaa: addressLookup('AAAA', []),
      zone: zoneFacts([nameServer('ns1.example.gov.cn', [])]),
    },
    tcp: [],
    http: { v6: null },
    links: { l2: linkLevel(2, 2, 10), l3: linkLevel(3, 1, 1) },
    mail: mailFacts([
      { exchange: 'mx1.example.cn', v6: ['240e::25'], smtp: 'timeout' },
      { exchange: 'mx2.example.cn', v6: ['240e::26'], smtp: 'refused' },
    ]),
  }),
  buildFacts({
    http: { v6: failedChain(6, 'tls_invalid', { tlsInvalidReason: 'expired' }) },
    similarity: null,
    latency: { v6: [400, 420, 410], v4: [40, 41, 42] },
  }),
  buildFacts({
    http: { v6: loadedChain(6, { status: 404 }), v4: loadedChain(4) },
    similarity: 0.3,
  }),
  buildFacts({
    dns: { aaaa: failedLookup('AAAA', 'timeout'), a: failedLookup('A', 'servfail') },
  }),
  buildFacts({
    http: { v6: failedChain(6, 'timeout'), v4: failedChain(4, 'refused') },
    links: { l2: null, l3: null },
  }),
];

function everyPhrase(): Phrase[] {
  return FACT_SETS.flatMap((facts) => {
    const judgement = judgeSite(facts, profile);
    return [
      ...CHECK_IDS.map((id) => summaryPhrase(judgement.checks[id])),
      ...judgement.reason_codes,
    ];
  });
}

/** The numbers a sentence states, without those that are part of a name (IPv6, AAAA, --depth). */
function statedNumbers(text: string): string[] {
  const withoutNames = text.replace(
    /IPv[46]|\b[a-z]+_[a-z0-9_]+\b|\b[0-9a-f]*:[0-9a-f:]+|\d+\.\d+\.\d+\.\d+/g,
    ' ',
  );
  return (withoutNames.match(/\d+(\.\d+)?/g) ?? []).sort();
}

describe('phrases', () => {
  it('say in Chinese the same numbers and addresses they say in English', () => {
    const phrases = everyPhrase();
    expect(new Set(phrases.map((phrase) => phrase.code)).size).toBeGreaterThan(25);
    for (const phrase of phrases) {
      const english = renderPhrase(phrase, termsFor('en'));
      const chinese = renderPhrase(phrase, termsFor('zh'));
      expect(statedNumbers(chinese), `${phrase.code}: ${english} / ${chinese}`).toEqual(
        statedNumbers(english),
      );
      const addresses = (text: string) => (text.match(/[0-9a-f]*:[0-9a-f:]+/g) ?? []).sort();
      expect(addresses(chinese), phrase.code).toEqual(addresses(english));
      expect(chinese, phrase.code).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('render a reason in Chinese with the check name the programme uses', () => {
    const judgement = judgeSite(FACT_SETS[1] as SiteFacts, profile);
    const links = judgement.reason_codes.find((reason) => reason.check === 'links_l2');
    expect(links && renderReason(links, termsFor('zh'))).toMatch(
      /^二级链接 IPv6 支持度：10 个内部链接中 2 个/,
    );
    expect(links && renderReason(links)).toMatch(/^links_l2: 2 of 10 inner links load over IPv6/);
  });

  it('keep report.json reasons as the English rendering of reason_codes', () => {
    for (const facts of FACT_SETS) {
      const judgement = judgeSite(facts, profile);
      expect(judgement.reasons).toEqual(
        judgement.reason_codes.map((reason) => renderReason(reason)),
      );
    }
  });
});

describe('English wording', () => {
  it('says "the 1 mail server has", not "all 1 mail server have"', () => {
    const judgement = judgeSite(FACT_SETS[0] as SiteFacts, profile);
    expect(judgement.checks.mx_aaaa.summary).toBe('the 1 mail server has a global AAAA');
    expect(judgement.checks.mx_reach6.summary).toBe(
      'the 1 mail server IPv6 address answers with a 220 banner',
    );
  });

  it('says "1 IPv6 address accepts TCP", not "accept"', () => {
    const judgement = judgeSite(FACT_SETS[0] as SiteFacts, profile);
    expect(judgement.checks.web_tcp6.summary).toBe(
      '1 IPv6 address accepts TCP on 80, 443, the web ports open on IPv4',
    );
  });

  it('says "1 of 1 inner link loads" in the singular', () => {
    const judgement = judgeSite(FACT_SETS[1] as SiteFacts, profile);
    expect(judgement.checks.links_l3.summary).toBe(
      '1 of 1 inner link loads over IPv6 (1.00 >= 0.85)',
    );
  });

  it('does not blame --depth for the links of a site whose home page never loaded', () => {
    const judgement = judgeSite(FACT_SETS[5] as SiteFacts, profile);
    expect(judgement.verdict).toBe('unreachable');
    expect(judgement.checks.links_l2.summary).not.toMatch(/--depth/);
    expect(judgement.checks.links_l2.summary).toMatch(/home page loaded over neither family/);
  });
});
