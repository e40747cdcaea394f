import { beforeAll, describe, expect, it } from 'vitest';
import { judgeSite } from '../../src/judge/judge-site.ts';
import type { Profile } from '../../src/judge/judge-types.ts';
import { loadProfile } from '../../src/judge/load-profile.ts';
import {
  buildFacts,
  failedChain,
  loadedChain,
  tcpProbes,
  V4_ADDRESS,
  V6_ADDRESS,
} from './site-facts-builder.ts';

let profile: Profile;

beforeAll(async () => {
  profile = await loadProfile(undefined);
});

/** What a host without IPv4 measures: every IPv4 connect fails at once with no_route. */
function factsFromIpv6OnlyHost(v6: 'loads' | 'fails') {
  return buildFacts({
    tcp: [
      ...tcpProbes([V4_ADDRESS], [80, 443], {
        [`${V4_ADDRESS} 80`]: 'no_route',
        [`${V4_ADDRESS} 443`]: 'no_route',
      }),
      ...tcpProbes(
        [V6_ADDRESS],
        [80, 443],
        v6 === 'fails' ? { [`${V6_ADDRESS} 443`]: 'refused' } : {},
      ),
    ],
    http: {
      v4: failedChain(4, 'no_route'),
      v6: v6 === 'loads' ? loadedChain(6) : failedChain(6, 'refused'),
    },
    latency: { v4: [], v6: [40, 41, 42] },
    similarity: null,
  });
}

describe('judging from an IPv6-only vantage', () => {
  it('skips web_same and web_latency6 with "IPv6-only vantage" and stays compliant', () => {
    const judgement = judgeSite(factsFromIpv6OnlyHost('loads'), profile, { ipv6OnlyVantage: true });
    expect(judgement.checks.web_same).toMatchObject({
      status: 'skip',
      summary: 'IPv6-only vantage',
    });
    expect(judgement.checks.web_latency6).toMatchObject({
      status: 'skip',
      summary: 'IPv6-only vantage',
    });
    expect(judgement.checks.web_tcp6).toMatchObject({
      status: 'pass',
      rule: 'any_web_port',
      ipv4_side: 'IPv6-only vantage',
    });
    expect(judgement.verdict).toBe('compliant');
  });

  it('judges IPv6 as usual: a site whose IPv6 home page fails is non_compliant, not unreachable', () => {
    const judgement = judgeSite(factsFromIpv6OnlyHost('fails'), profile, { ipv6OnlyVantage: true });
    expect(judgement.checks.web_http6.status).toBe('fail');
    expect(judgement.verdict).toBe('non_compliant');
  });

  it('from a dual-stack vantage the same failures mean the site is down (unreachable)', () => {
    const judgement = judgeSite(factsFromIpv6OnlyHost('fails'), profile);
    expect(judgement.verdict).toBe('unreachable');
  });

  it('from a dual-stack vantage IPv6 must match every web port open on IPv4', () => {
    const facts = buildFacts({
      tcp: tcpProbes([V4_ADDRESS, V6_ADDRESS], [80, 443], { [`${V6_ADDRESS} 80`]: 'refused' }),
    });
    expect(judgeSite(facts, profile).checks.web_tcp6.status).toBe('fail');
    // Without IPv4 at the vantage there is no IPv4 side to match: one open port is enough.
    expect(judgeSite(facts, profile, { ipv6OnlyVantage: true }).checks.web_tcp6.status).toBe(
      'pass',
    );
  });
});
