import { describe, expect, it } from 'vitest';

import { isInnerLink } from '../../src/crawl/inner-links.ts';

describe('isInnerLink', () => {
  it.each([
    ['https://news.example.com.cn/a', 'www.example.com.cn'],
    ['http://example.com.cn/', 'www.example.com.cn'],
    ['https://deep.sub.example.com/', 'example.com'],
    ['https://WWW.EXAMPLE.COM/', 'www.example.com'],
    ['https://www.example.com:8443/', 'www.example.com.'],
    ['https://xn--zfr164b.example/', '政务.example'],
    ['https://www.政务.example/', 'xn--zfr164b.example'],
    ['https://a.b.gov.cn/', 'www.b.gov.cn'],
    ['http://127.0.0.1:8080/', '127.0.0.1'],
    ['http://[::1]/', '::1'],
    ['http://[::1]/', '[::1]'],
    ['http://localhost/', 'localhost'],
    ['https://foo.github.io/page', 'foo.github.io'],
  ])('%s is inner for %s', (url, siteHost) => {
    expect(isInnerLink(url, siteHost)).toBe(true);
  });

  it.each([
    ['https://example.org/', 'example.com'],
    ['https://bar.github.io/', 'foo.github.io'],
    ['https://other.com.cn/', 'www.example.com.cn'],
    ['https://example.com.cn.evil.net/', 'example.com.cn'],
    ['https://sub.com.cn/', 'com.cn'],
    ['http://127.0.0.2/', '127.0.0.1'],
    ['http://[::2]/', '::1'],
    ['http://other/', 'localhost'],
    ['mailto:a@example.com', 'example.com'],
    ['ftp://www.example.com/', 'example.com'],
    ['not a url', 'example.com'],
  ])('%s is not inner for %s', (url, siteHost) => {
    expect(isInnerLink(url, siteHost)).toBe(false);
  });
});
