import { describe, expect, it } from 'vitest';
import { parseTarget } from '../../src/targets/parse-target.ts';

function reasonOf(raw: string): string {
  const parsed = parseTarget(raw);
  if (parsed.ok) throw new Error(`expected "${raw}" to be invalid, got ${parsed.host}`);
  return parsed.reason;
}

describe('parseTarget: valid targets', () => {
  it('a bare host name gives https then http entry URLs', () => {
    expect(parseTarget('www.example.cn')).toEqual({
      ok: true,
      host: 'www.example.cn',
      unicodeHost: 'www.example.cn',
      entryUrls: ['https://www.example.cn/', 'http://www.example.cn/'],
    });
  });

  it('white space, upper case and one trailing dot are normalised away', () => {
    const parsed = parseTarget('  WWW.Example.CN.\t');
    expect(parsed).toMatchObject({ ok: true, host: 'www.example.cn' });
  });

  it('a URL keeps its path, query and port, and drops the fragment', () => {
    expect(parseTarget('https://www.example.com:8443/portal/Index.html?a=1&b=2#top')).toEqual({
      ok: true,
      host: 'www.example.com',
      unicodeHost: 'www.example.com',
      entryUrls: ['https://www.example.com:8443/portal/Index.html?a=1&b=2'],
    });
  });

  it('a URL has its scheme and host lower-cased but its path kept as written', () => {
    expect(parseTarget('HTTP://WWW.Example.COM./Portal/')).toMatchObject({
      ok: true,
      entryUrls: ['http://www.example.com/Portal/'],
    });
  });

  it('a default port is dropped and an empty path becomes "/"', () => {
    expect(parseTarget('https://www.example.com:443')).toMatchObject({
      entryUrls: ['https://www.example.com/'],
    });
  });

  it('a bare host with a path keeps the path under both schemes', () => {
    expect(parseTarget('www.example.cn/portal/')).toMatchObject({
      entryUrls: ['https://www.example.cn/portal/', 'http://www.example.cn/portal/'],
    });
  });

  it('a Unicode name is reported in punycode and in Unicode', () => {
    expect(parseTarget('政务.example')).toEqual({
      ok: true,
      host: 'xn--zfr164b.example',
      unicodeHost: '政务.example',
      entryUrls: ['https://xn--zfr164b.example/', 'http://xn--zfr164b.example/'],
    });
  });

  it('a punycode name is given its Unicode form', () => {
    expect(parseTarget('XN--ZFR164B.example')).toMatchObject({
      ok: true,
      host: 'xn--zfr164b.example',
      unicodeHost: '政务.example',
    });
  });

  it('a Unicode name in a URL is converted too', () => {
    expect(parseTarget('https://政务.example/首页?q=1')).toMatchObject({
      host: 'xn--zfr164b.example',
      unicodeHost: '政务.example',
      entryUrls: ['https://xn--zfr164b.example/%E9%A6%96%E9%A1%B5?q=1'],
    });
  });

  it('a label of 63 characters and a name of 253 are still valid', () => {
    expect(parseTarget(`${'a'.repeat(63)}.example`).ok).toBe(true);
    const name = `${['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(58)].join('.')}.cn`;
    expect(name).toHaveLength(253);
    expect(parseTarget(name).ok).toBe(true);
  });
});

describe('parseTarget: invalid targets say why', () => {
  it('an empty line is invalid', () => {
    expect(reasonOf('   ')).toMatch(/empty/);
  });

  it('a space in the name is invalid', () => {
    expect(reasonOf('exa mple..test')).toMatch(/space/);
  });

  it('an empty label is invalid', () => {
    expect(reasonOf('example..test')).toMatch(/empty label/);
    expect(reasonOf('.example.test')).toMatch(/empty label/);
  });

  it('a URL with no host is invalid', () => {
    expect(reasonOf('http://')).toMatch(/no host name/);
    expect(reasonOf('https:///path')).toMatch(/no host name/);
  });

  it('a label that starts or ends with a hyphen is invalid', () => {
    expect(reasonOf('-x.example')).toMatch(/hyphen/);
    expect(reasonOf('x-.example')).toMatch(/hyphen/);
  });

  it('a 64-character label is invalid', () => {
    expect(reasonOf(`${'a'.repeat(64)}.example`)).toMatch(/64 characters.*limit is 63/);
  });

  it('a name longer than 253 characters is invalid', () => {
    const name = `${['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(59)].join('.')}.cn`;
    expect(reasonOf(name)).toMatch(/254 characters.*limit is 253/);
  });

  it('999.1.1.1 is neither a host name nor an address', () => {
    expect(reasonOf('999.1.1.1')).toMatch(/IP address.*not a valid address.*scan a host name/);
  });

  it.each([
    '192.0.2.1',
    'http://192.0.2.1/',
    'https://192.0.2.1:8443/x',
    '2001:db8::1',
    '[2001:db8::1]',
    'http://[2001:db8::1]/',
    'https://[2001:db8::1]:443/',
    '::1',
    '127.1',
    '0x7f.0.0.1',
  ])('the IP literal %s is not a target', (raw) => {
    expect(reasonOf(raw)).toMatch(/IP addresses are not targets: scan a host name/);
  });

  it('a single-label name is invalid and says it has no dot', () => {
    expect(reasonOf('intranet')).toMatch(/single label with no dot/);
    expect(reasonOf('http://localhost/')).toMatch(/single label with no dot/);
  });

  it('a scheme other than http and https is invalid', () => {
    expect(reasonOf('ftp://ftp.example.com/')).toMatch(/only http:\/\/ and https:\/\/.*ftp:\/\//);
    expect(reasonOf('mailto:office@example.com')).toMatch(/only http/);
  });

  it('a user name or password in a URL is invalid', () => {
    expect(reasonOf('https://user:secret@www.example.com/')).toMatch(/user name or password/);
  });

  it('an underscore is not allowed in a web host name', () => {
    expect(reasonOf('my_site.example.com')).toMatch(/underscore/);
  });

  it('a port on a bare name asks for a full URL', () => {
    expect(reasonOf('www.example.com:8080')).toMatch(/https:\/\/www\.example\.com:8080\//);
  });

  it('a port out of range is invalid', () => {
    expect(reasonOf('https://www.example.com:70000/')).toMatch(/port "70000"/);
    expect(reasonOf('https://www.example.com:0/')).toMatch(/port "0"/);
  });

  it('a character a host name cannot have is named', () => {
    expect(reasonOf('www.exa%41mple.com')).toMatch(/contains "%"/);
    expect(reasonOf('a*b.example.com')).toMatch(/contains "\*"/);
  });

  it('a broken punycode label is invalid', () => {
    expect(reasonOf('xn--zz.example')).toMatch(/internationalised/);
  });
});
