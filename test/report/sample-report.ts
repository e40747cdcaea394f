import { judgeSite } from '../../src/judge/judge-site.ts';
import { tableProfile } from '../../src/judge/validate-profile.ts';
import type { Report } from '../../src/report/report-types.ts';
import { buildSiteReport } from '../../src/report/site-report.ts';
import {
  addressLookup,
  buildFacts,
  failedChain,
  failedLookup,
  linkLevel,
  loadedChain,
} from '../judge/site-facts-builder.ts';
import { report } from './report-builders.ts';

/** A page title that would run script if any report put it into markup unescaped. */
export const HOSTILE_NAME =
  '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
/** A name that a spreadsheet would run as a formula if it were written as one. */
export const FORMULA_NAME = '=HYPERLINK("http://attacker.example/","点此")';

/** Every verdict, two owners per category, a hostile name and a formula-looking one. */
export function sampleReport(options: { shift?: boolean } = {}): Report {
  const profile = tableProfile('default');
  const facts = [
    buildFacts({
      target: {
        index: 0,
        input: 'www.hangzhou.gov.cn',
        host: 'www.hangzhou.gov.cn',
        unicodeHost: 'www.hangzhou.gov.cn',
        name: '杭州市人民政府',
        owner: '杭州市人民政府办公厅',
        category: '政府网站',
      },
    }),
    buildFacts({
      target: {
        index: 1,
        input: 'edu.hangzhou.gov.cn',
        host: 'edu.hangzhou.gov.cn',
        unicodeHost: 'edu.hangzhou.gov.cn',
        name: HOSTILE_NAME,
        owner: '杭州市教育局',
        category: '政府网站',
      },
      links: { l2: linkLevel(2, 5, 10), l3: null },
    }),
    buildFacts({
      target: {
        index: 2,
        input: 'shop.example.cn',
        host: 'shop.example.cn',
        unicodeHost: 'shop.example.cn',
        name: FORMULA_NAME,
        owner: '某电子商务有限公司',
        category: '商业网站',
      },
      dns: { aaaa: addressLookup('AAAA', []) },
      http: { v6: null },
      tcp: [],
    }),
    buildFacts({
      target: {
        index: 3,
        input: 'video.example.cn',
        host: 'video.example.cn',
        unicodeHost: 'video.example.cn',
        name: '某视频监控平台',
        owner: '某电子商务有限公司',
        category: '商业网站',
      },
      http: { v6: failedChain(6, 'timeout'), v4: failedChain(4, 'refused') },
    }),
    buildFacts({
      target: {
        index: 4,
        input: 'gone.example.cn',
        host: 'gone.example.cn',
        unicodeHost: 'gone.example.cn',
        name: '已下线网站',
        owner: null,
        category: null,
      },
      dns: { a: failedLookup('A', 'nxdomain'), aaaa: failedLookup('AAAA', 'nxdomain') },
    }),
    buildFacts({
      target: {
        index: 5,
        input: 'tv.example.cn',
        host: 'tv.example.cn',
        unicodeHost: 'tv.example.cn',
        name: '某有线电视',
        owner: '某广电网络公司',
        category: '商业网站',
      },
      http: {
        v6: options.shift ? loadedChain(6, { status: 503 }) : loadedChain(6),
        v4: loadedChain(4),
      },
    }),
  ];
  const sites = facts.map((site) => buildSiteReport(site, judgeSite(site, profile)));
  return {
    ...report(sites),
    started_at: '2026-07-01T01:00:00.000Z',
    finished_at: '2026-07-01T01:05:00.000Z',
  };
}
