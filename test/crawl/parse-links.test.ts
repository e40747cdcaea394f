import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { decodeAttributeEntities } from '../../src/crawl/decode-entities.ts';
import { extractLinks, normalizeLinkUrl } from '../../src/crawl/parse-links.ts';

const PAGE = 'https://www.example.com/dept/index.html';

/** Documents and the hrefs html5lib (a browser-conformant parser) finds in them; html-reference.py. */
const REFERENCE: { html5lib: string; documents: { html: string; hrefs: string[] }[] } = JSON.parse(
  readFileSync(new URL('./html-reference.json', import.meta.url), 'utf8'),
);

describe('extractLinks against html5lib', () => {
  it.each(REFERENCE.documents.map((row) => [row.html, row.hrefs]))(
    `finds in %j the links html5lib ${REFERENCE.html5lib} finds`,
    (html, hrefs) => {
      expect(extractLinks(html, PAGE)).toEqual(hrefs.map((href) => new URL(href, PAGE).href));
    },
  );
});

describe('extractLinks', () => {
  it('resolves relative, root-relative, protocol-relative and absolute links', () => {
    const html = `
      <a href="news.html">n</a>
      <a href="../about/">a</a>
      <a href="/contact?x=1&y=2">c</a>
      <a href="//cdn.example.com/file">f</a>
      <a href="http://other.example.org">o</a>`;
    expect(extractLinks(html, PAGE)).toEqual([
      'https://www.example.com/dept/news.html',
      'https://www.example.com/about/',
      'https://www.example.com/contact?x=1&y=2',
      'https://cdn.example.com/file',
      'http://other.example.org/',
    ]);
  });

  it('resolves against the first base href, itself resolved against the page, even for links before it', () => {
    const html = `
      <a href="early">e</a>
      <base href="/portal/">
      <base href="https://ignored.example.com/">
      <a href="late">l</a>`;
    expect(extractLinks(html, PAGE)).toEqual([
      'https://www.example.com/portal/early',
      'https://www.example.com/portal/late',
    ]);
  });

  it('ignores a base href that is not http(s)', () => {
    expect(extractLinks('<base href="javascript:void(0)"><a href="x">', PAGE)).toEqual([
      'https://www.example.com/dept/x',
    ]);
  });

  it('decodes entities in href', () => {
    const html = `
      <a href="/search?a=1&amp;b=2">1</a>
      <a href="&#x2F;path&#47;to">2</a>
      <a href="/q?x=&quot;y&quot;">3</a>
      <a href="/legacy?c=1&copy=2">4</a>
      <a href="/semi&sol;colon">5</a>`;
    expect(extractLinks(html, PAGE)).toEqual([
      'https://www.example.com/search?a=1&b=2',
      'https://www.example.com/path/to',
      'https://www.example.com/q?x=%22y%22',
      'https://www.example.com/legacy?c=1&copy=2',
      'https://www.example.com/semi/colon',
    ]);
  });

  it('keeps one of each link after normalisation, in first-seen order, self links included', () => {
    const html = `
      <a href="/b#top">b</a>
      <a href="HTTPS://WWW.EXAMPLE.COM:443/b">b again</a>
      <a href="/a">a</a>
      <a href="">self</a>
      <a href="index.html">self by name</a>
      <a href="/b#bottom">b third</a>`;
    expect(extractLinks(html, PAGE)).toEqual([
      'https://www.example.com/b',
      'https://www.example.com/a',
      'https://www.example.com/dept/index.html',
    ]);
  });

  it('leaves out fragment-only links and non-http schemes', () => {
    const html = `
      <a href="#main">skip</a>
      <a href=" #top">skip</a>
      <a href="mailto:info@example.com">mail</a>
      <a href="javascript:void(0)">js</a>
      <a href="JavaScript:alert(1)">js</a>
      <a href="tel:+8610123">tel</a>
      <a href="data:text/html,hi">data</a>
      <a href="ftp://files.example.com/">ftp</a>
      <a href="http://[bad">invalid</a>
      <a href="/kept">kept</a>`;
    expect(extractLinks(html, PAGE)).toEqual(['https://www.example.com/kept']);
  });

  it('reads uppercase tags and attributes, unquoted and single-quoted values, area links', () => {
    const html = `
      <A HREF=/upper>u</A>
      <a class=nav href='/single'>s</a>
      <a
        target="_blank"
        href = "/spaced" >sp</a>
      <MAP><AREA SHAPE=rect HREF="/area"></MAP>
      <abbr href="/not-a-link">x</abbr>
      <link href="/style.css" rel="stylesheet">`;
    expect(extractLinks(html, PAGE)).toEqual([
      'https://www.example.com/upper',
      'https://www.example.com/single',
      'https://www.example.com/spaced',
      'https://www.example.com/area',
    ]);
  });

  it('ignores links inside comments, scripts and styles', () => {
    const html = `
      <!-- <a href="/commented">c</a> -->
      <!--> <a href="/after-empty-comment">kept 1</a>
      <!-- <a href="/commented-2">c</a> --!> <a href="/after-bang-comment">kept 3</a>
      <script>document.write('<a href="/scripted">s</a>');</script>
      <SCRIPT type="text/template"><a href="/template"></a></SCRIPT >
      <style>a[href="/styled"]{}</style>
      <textarea><a href="/in-textarea"></a></textarea>
      <a href="/visible">kept 2</a>`;
    expect(extractLinks(html, PAGE)).toEqual([
      'https://www.example.com/after-empty-comment',
      'https://www.example.com/after-bang-comment',
      'https://www.example.com/visible',
    ]);
  });

  it('tolerates malformed HTML', () => {
    const html = `
      <div <p>< a href="/not-a-tag">
      <a href="/unclosed">no end tag
      <a nohref disabled href=/after-bare-attributes>
      <a href="/first" href="/second">dup attributes</a>
      <a href>empty</a>
      <a/href="/slash">slash</a>
      </a></a></div>
      <a href="/truncated`;
    expect(extractLinks(html, PAGE)).toEqual([
      'https://www.example.com/unclosed',
      'https://www.example.com/after-bare-attributes',
      'https://www.example.com/first',
      'https://www.example.com/dept/index.html',
      'https://www.example.com/slash',
    ]);
  });

  it('reads to the end of a script that never closes and finds nothing after it', () => {
    expect(extractLinks('<a href="/before"><script><a href="/inside">', PAGE)).toEqual([
      'https://www.example.com/before',
    ]);
  });

  it('returns nothing for a page URL that does not parse', () => {
    expect(extractLinks('<a href="/x">', 'not a url')).toEqual([]);
  });

  it('reads a 1 MiB page quickly, including adversarial ones', () => {
    const many = '<a href="/p?i=1">x</a>'.repeat(48_000);
    const start = performance.now();
    expect(extractLinks(many, PAGE)).toEqual(['https://www.example.com/p?i=1']);
    extractLinks('<'.repeat(1 << 20), PAGE);
    extractLinks('<a '.repeat(350_000), PAGE);
    extractLinks('<script>'.repeat(130_000), PAGE);
    extractLinks('<!--'.repeat(260_000), PAGE);
    extractLinks('<a x=1 '.repeat(150_000), PAGE);
    expect(performance.now() - start).toBeLessThan(3000);
  });
});

describe('normalizeLinkUrl', () => {
  it('drops the fragment and default port, lower-cases scheme and host, keeps the query', () => {
    expect(normalizeLinkUrl('HTTP://WWW.Example.COM:80?Q=Upper#frag')).toBe(
      'http://www.example.com/?Q=Upper',
    );
    expect(normalizeLinkUrl('https://example.com:443/Path')).toBe('https://example.com/Path');
    expect(normalizeLinkUrl('https://example.com:8443/')).toBe('https://example.com:8443/');
  });

  it('writes Unicode hosts in punycode', () => {
    expect(normalizeLinkUrl('https://政务.example/')).toBe('https://xn--zfr164b.example/');
  });

  it('throws on something that is not an absolute URL', () => {
    expect(() => normalizeLinkUrl('/relative')).toThrow(TypeError);
  });
});

describe('decodeAttributeEntities', () => {
  it('maps invalid code points to U+FFFD and leaves unknown names alone', () => {
    expect(decodeAttributeEntities('&#0;&#xD800;&#1114112;&bogus;&amp')).toBe(
      '\ufffd\ufffd\ufffd&bogus;&',
    );
  });
});
