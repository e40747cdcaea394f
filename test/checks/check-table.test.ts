import { describe, expect, it } from 'vitest';
import { CHECK_IDS, CHECK_TABLE } from '../../src/checks/check-table.ts';
import type { SiteFacts } from '../../src/facts/site-facts.ts';
import { judgeSite } from '../../src/judge/judge-site.ts';
import { tableProfile } from '../../src/judge/validate-profile.ts';
import {
  addressLookup,
  buildFacts,
  failedChain,
  failedLookup,
  linkLevel,
  loadedChain,
  mailFacts,
  V4_ADDRESS,
} from '../judge/site-facts-builder.ts';

/** Facts that drive every check through pass, fail, error and skip. */
const FACT_SETS: [string, SiteFacts][] = [
  [
    'a healthy site with mail',
    buildFacts({ mail: mailFacts([{ exchange: 'mx.example.cn', v6: ['240e::25'] }]) }),
  ],
  [
    'an IPv4-only site with a silent mail server',
    buildFacts({
      dns: { aaaa: addressLookup('AAAA', []) },
      tcp: [],
      http: { v6: null },
      links: { l2: linkLevel(2, 2, 10), l3: null },
      mail: mailFacts([{ exchange: 'mx.example.cn', v6: ['240e::25'], smtp: 'timeout' }]),
    }),
  ],
  [
    'a site whose IPv6 page fails TLS and whose AAAA lookup failed for MX',
    buildFacts({
      http: { v6: failedChain(6, 'tls_invalid', { tlsInvalidReason: 'expired' }) },
      similarity: null,
      mail: mailFacts([], { outcome: 'servfail' }),
    }),
  ],
  [
    'a site whose IPv6 page differs',
    buildFacts({
      http: { v6: loadedChain(6, { status: 404 }), v4: loadedChain(4) },
      similarity: 0.3,
      dns: { aaaa: failedLookup('AAAA', 'timeout'), a: addressLookup('A', [V4_ADDRESS]) },
    }),
  ],
];

describe('the check table', () => {
  it('has one row per check id, in the order of the ids', () => {
    expect(CHECK_TABLE.map((row) => row.id)).toEqual([...CHECK_IDS]);
  });

  it.each(FACT_SETS)('declares every details key the judge writes for %s', (_name, facts) => {
    const judgement = judgeSite(facts, tableProfile('default'));
    for (const row of CHECK_TABLE) {
      const {
        status: _status,
        summary: _summary,
        summary_code: _code,
        summary_params: _params,
        ...details
      } = judgement.checks[row.id];
      const undeclared = Object.keys(details).filter((key) => !(key in row.details));
      expect(undeclared, `${row.id} (${judgement.checks[row.id].status})`).toEqual([]);
    }
  });
});
