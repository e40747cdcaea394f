import { beforeAll, describe, expect, it } from 'vitest';
import { CHECK_IDS, type CheckId, type CheckStatus } from '../../src/checks/check-table.ts';
import { judgeSite } from '../../src/judge/judge-site.ts';
import type { CheckResult, Profile } from '../../src/judge/judge-types.ts';
import { loadProfile } from '../../src/judge/load-profile.ts';
import { computeScore } from '../../src/judge/score.ts';
import {
  addressLookup,
  buildFacts,
  failedChain,
  linkLevel,
  mailFacts,
  tcpProbes,
  V4_ADDRESS,
} from './site-facts-builder.ts';

let defaultProfile: Profile;
beforeAll(async () => {
  defaultProfile = await loadProfile(undefined);
});

/** Every check passing, except the statuses (and details) given. */
function checks(
  overrides: Partial<Record<CheckId, CheckStatus | CheckResult>> = {},
): Record<CheckId, CheckResult> {
  const all = {} as Record<CheckId, CheckResult>;
  for (const id of CHECK_IDS) {
    const given = overrides[id] ?? 'pass';
    all[id] =
      typeof given === 'string'
        ? { status: given, summary: given, summary_code: 'no_mx' as const, summary_params: {} }
        : given;
  }
  return all;
}

describe('computeScore', () => {
  it('gives 100 when every check passes', () => {
    expect(computeScore(checks())).toBe(100);
  });

  it('gives the home page group its 40 points only when all three pass', () => {
    expect(computeScore(checks({ web_http6: 'fail' }))).toBe(60);
    expect(computeScore(checks({ dns_aaaa: 'error' }))).toBe(60);
  });

  it('scores links as weight x ratio, also when they fail', () => {
    const l2 = {
      status: 'fail' as const,
      summary: '',
      summary_code: 'no_mx' as const,
      summary_params: {},
      ratio: 0.75,
    };
    const l3 = {
      status: 'pass' as const,
      summary: '',
      summary_code: 'no_mx' as const,
      summary_params: {},
      ratio: 0.9,
    };
    expect(computeScore(checks({ links_l2: l2, links_l3: l3 }))).toBe(100 - 5 - 1);
  });

  it('counts a latency warning as 0 of its 5 points', () => {
    expect(computeScore(checks({ web_latency6: 'warn' }))).toBe(95);
  });

  it('leaves skipped checks out of the total and scales the rest to 100', () => {
    // Without links and mail 65 points remain; losing latency's 5 leaves 60 of 65.
    const skipped = {
      links_l2: 'skip',
      links_l3: 'skip',
      mx_aaaa: 'skip',
      mx_reach6: 'skip',
    } as const;
    expect(computeScore(checks(skipped))).toBe(100);
    expect(computeScore(checks({ ...skipped, web_latency6: 'warn' }))).toBe(92.3);
  });

  it('gives the mail group its 5 points only when both mail checks pass', () => {
    expect(computeScore(checks({ mx_reach6: 'fail' }))).toBe(95);
    expect(computeScore(checks({ mx_aaaa: 'skip', mx_reach6: 'skip' }))).toBe(100);
  });

  it('rounds to one decimal', () => {
    expect(
      computeScore(
        checks({
          ns_aaaa: 'fail',
          links_l2: 'skip',
          links_l3: 'skip',
          mx_aaaa: 'skip',
          mx_reach6: 'skip',
        }),
      ),
    ).toBe(92.3);
    expect(
      computeScore(
        checks({
          links_l3: {
            status: 'fail',
            summary: '',
            summary_code: 'no_mx',
            summary_params: {},
            ratio: 1 / 3,
          },
        }),
      ),
    ).toBe(93.3);
  });

  it('gives 0 when every scored check was skipped', () => {
    const allSkipped = Object.fromEntries(CHECK_IDS.map((id) => [id, 'skip'])) as Record<
      CheckId,
      CheckStatus
    >;
    expect(computeScore(checks(allSkipped))).toBe(0);
  });
});

describe('the score of a judged site', () => {
  it('is 12.5 for an IPv4-only site with IPv6 name servers', () => {
    // home 0/40, ns 10/10, links 0/20 and 0/10; web_same, latency and mail skipped.
    const facts = buildFacts({
      dns: { aaaa: addressLookup('AAAA', []) },
      tcp: tcpProbes([V4_ADDRESS]),
      http: { v6: null },
      latency: { v6: [] },
      links: { l2: linkLevel(2, 0, 20), l3: linkLevel(3, 0, 10) },
    });
    expect(judgeSite(facts, defaultProfile).score).toBe(12.5);
  });

  it('is 94.7 with three quarters of the second-level links over IPv6 and no --mail', () => {
    const facts = buildFacts({ links: { l2: linkLevel(2, 15, 20) } });
    expect(judgeSite(facts, defaultProfile).score).toBe(94.7);
  });

  it('is 0 for a name that does not resolve', () => {
    const facts = buildFacts({
      dns: {
        a: addressLookup('A', [], { outcome: 'nxdomain' }),
        aaaa: addressLookup('AAAA', [], { outcome: 'nxdomain' }),
      },
      http: { v4: null, v6: null },
    });
    expect(judgeSite(facts, defaultProfile).score).toBe(0);
  });

  it('still counts what was measured for an unreachable site', () => {
    const facts = buildFacts({
      http: { v4: failedChain(4, 'timeout'), v6: failedChain(6, 'timeout') },
      latency: { v4: [], v6: [] },
      links: { l2: null, l3: null },
    });
    const judgement = judgeSite(facts, defaultProfile);
    expect(judgement.verdict).toBe('unreachable');
    // ns 10 of 50 (home 40, ns 10; web_same, latency and links skipped).
    expect(judgement.score).toBe(20);
  });

  it('includes the mail group with --mail', () => {
    const facts = buildFacts({ mail: mailFacts([{ exchange: 'mx.example.gov.cn', v6: [] }]) });
    expect(judgeSite(facts, defaultProfile).score).toBe(95);
  });
});
