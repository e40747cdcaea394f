import { describe, expect, it } from 'vitest';
import { pageSimilarity } from '../../src/compare/similarity.ts';
import { NGINX_DEFAULT, PORTAL, PORTAL_NOT_FOUND, replaceOnce } from './page-fixtures.ts';

const NONCE = 'r4nd0mN0nc3ABCdef123456';
const CSRF_META = 'Xk3pQ9vT2mLz8RwYc1NbHf6GsJa0eUoI4dKqVt7Cy5E=';
const CSRF_INPUT = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08';

/** The portal as a second fetch a moment later would return it: every volatile token renewed. */
function portalRefetched(): string {
  let page = replaceOnce(PORTAL, NONCE, 'b8QzN1xKp4Lm7RtVw2Yc9Ds');
  page = replaceOnce(page, CSRF_META, 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRg==');
  page = replaceOnce(
    page,
    CSRF_INPUT,
    'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  );
  page = replaceOnce(page, '2024-05-03 10:21:07', '2024-05-03 10:21:09');
  page = replaceOnce(page, '1283746', '1283747');
  return replaceOnce(
    page,
    'sid=6f1c2e8a9b7d4c3e&_=1714702867123',
    'sid=0a1b2c3d4e5f6a7b&_=1714702869555',
  );
}

describe('pageSimilarity', () => {
  it('gives exactly 1 for identical pages', () => {
    expect(pageSimilarity(PORTAL, PORTAL)).toBe(1);
    expect(pageSimilarity(NGINX_DEFAULT, `${NGINX_DEFAULT}`)).toBe(1);
  });

  it('gives 1 for two empty bodies, also when only whitespace', () => {
    expect(pageSimilarity('', '')).toBe(1);
    expect(pageSimilarity(' \n', '\t')).toBe(1);
  });

  it('gives 0 when one body is empty', () => {
    expect(pageSimilarity(PORTAL, '')).toBe(0);
    expect(pageSimilarity('', NGINX_DEFAULT)).toBe(0);
  });

  it('tells the nginx default page apart from a government portal (< 0.5)', () => {
    expect(pageSimilarity(NGINX_DEFAULT, PORTAL)).toBeLessThan(0.5);
  });

  it('is symmetric', () => {
    const refetched = portalRefetched();
    expect(pageSimilarity(PORTAL, NGINX_DEFAULT)).toBe(pageSimilarity(NGINX_DEFAULT, PORTAL));
    expect(pageSimilarity(PORTAL, PORTAL_NOT_FOUND)).toBe(pageSimilarity(PORTAL_NOT_FOUND, PORTAL));
    expect(pageSimilarity(PORTAL, refetched)).toBe(pageSimilarity(refetched, PORTAL));
  });

  it.each([
    ['a CSP nonce', NONCE, 'b8QzN1xKp4Lm7RtVw2Yc9Ds'],
    [
      'the CSRF token of a meta tag and a script',
      CSRF_META,
      'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRg==',
    ],
    [
      'the CSRF token of a hidden input',
      CSRF_INPUT,
      '0000000000000000000000000000000000000000000000000000000000000000',
    ],
    ['a timestamp', '页面生成时间：2024-05-03 10:21:07', '页面生成时间：2024-05-04 09:00:00'],
    ['a date and weekday', '2024年5月3日 星期五', '2024年5月4日 星期六'],
    ['a visitor counter', '1283746', '1283990'],
    [
      'a session id and a cache buster in a URL',
      'sid=6f1c2e8a9b7d4c3e&_=1714702867123',
      'sid=ffffeeee00001111&_=1714702999999',
    ],
    ['a stylesheet version', 'common.css?v=20240501', 'common.css?v=20240502'],
  ])('a page differing only in %s is at least 0.95 alike', (_what, piece, replacement) => {
    expect(pageSimilarity(PORTAL, replaceOnce(PORTAL, piece, replacement))).toBeGreaterThanOrEqual(
      0.95,
    );
  });

  it('a second fetch with every volatile token renewed is the same page', () => {
    expect(pageSimilarity(PORTAL, portalRefetched())).toBe(1);
  });

  it('ignores the ASP.NET view state and event validation', () => {
    const form = (state: string, validation: string): string =>
      `<html><body><form method="post" action="./Default.aspx">
<input type="hidden" name="__VIEWSTATE" id="__VIEWSTATE" value="${state}" />
<input type="hidden" name="__VIEWSTATEGENERATOR" id="__VIEWSTATEGENERATOR" value="CA0B0334" />
<input type="hidden" name="__EVENTVALIDATION" id="__EVENTVALIDATION" value="${validation}" />
<h1>网上办事大厅</h1><p>请选择您要办理的事项。</p></form></body></html>`;
    const first = form(
      '/wEPDwUKLTY1NjQ5ODk2Mw9kFgICAw9kFgICAQ8PFgIeBFRleHQFBuS4reaWh2RkZA==',
      '/wEdAAKxJ2Ylsv0=',
    );
    const second = form(
      '/wEPDwUKMTIzNDU2Nzg5MA9kFgICAw9kFgICAQ8PFgIeBFRleHQFBuWbveWutmRkZA==',
      '/wEdAAL9aQ3Lm1k=',
    );
    expect(pageSimilarity(first, second)).toBe(1);
  });

  it('ignores Java and PHP session ids in links', () => {
    const page = (session: string): string =>
      `<ul><li><a href="/news/list.jsp;jsessionid=${session}">新闻</a></li>` +
      `<li><a href="/index.php?page=about&amp;PHPSESSID=${session}">关于</a></li></ul>`;
    expect(pageSimilarity(page('A1B2C3D4E5F6A7B8C9D0'), page('99887766554433221100'))).toBe(1);
  });

  it('keeps link parameters that name the page', () => {
    const page = (id: string): string => `<a href="/index.php?page=${id}">栏目</a>`;
    expect(pageSimilarity(page('about'), page('contact'))).toBeLessThan(1);
  });

  it('treats links rewritten to another host by an IPv6 gateway as the same links', () => {
    const gateway = PORTAL.replaceAll('href="/', 'href="http://ipv6.example.gov.cn/');
    expect(pageSimilarity(PORTAL, gateway)).toBeGreaterThanOrEqual(0.95);
  });

  it('still calls a page with one headline changed the same site (>= 0.90)', () => {
    const nextMinute = replaceOnce(
      PORTAL,
      '市领导调研城市更新和老旧小区改造工作',
      '市政府与省通信管理局签署IPv6发展战略合作协议',
    );
    expect(pageSimilarity(PORTAL, nextMinute)).toBeGreaterThanOrEqual(0.9);
  });

  it('tells the home page from the same template serving "page not found" (< 0.90)', () => {
    expect(pageSimilarity(PORTAL, PORTAL_NOT_FOUND)).toBeLessThan(0.9);
  });

  it('notices a different site behind the same markup', () => {
    const english =
      '<html><body><h1>City portal</h1><p>Welcome to the city government portal.</p></body></html>';
    const chinese =
      '<html><body><h1>城市门户</h1><p>欢迎访问市人民政府门户网站。</p></body></html>';
    expect(pageSimilarity(english, chinese)).toBeLessThan(0.5);
  });

  it('compares pages without text by their markup alone', () => {
    const shell = (bundle: string): string =>
      `<html><body><div id="app"></div><script src="/js/${bundle}.js"></script></body></html>`;
    expect(pageSimilarity(shell('app'), shell('app'))).toBe(1);
    expect(pageSimilarity(shell('app'), shell('vendor'))).toBeLessThan(1);
  });

  it('decodes character references: &#20013; and 中 are the same text', () => {
    expect(pageSimilarity('<p>&#20013;&#x6587;网站</p>', '<p>中文网站</p>')).toBe(1);
  });

  it('stays within [0, 1] on broken markup', () => {
    const broken = [
      '<',
      '<<<>>>',
      '<a href="unclosed',
      '<!-- never closed',
      '<script>no end',
      '&#xFFFFFFFF;&;',
      '\uD800',
    ];
    for (const left of broken) {
      for (const right of broken) {
        const similarity = pageSimilarity(left, right);
        expect(similarity).toBeGreaterThanOrEqual(0);
        expect(similarity).toBeLessThanOrEqual(1);
      }
    }
  });
});
