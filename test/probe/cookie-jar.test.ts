import { describe, expect, it } from 'vitest';
import { CookieJar } from '../../src/probe/cookie-jar.ts';

const at = (url: string) => new URL(url);

describe('CookieJar', () => {
  it('a host-only cookie goes back to that host only', () => {
    const jar = new CookieJar();
    jar.store(['a=1; Path=/; HttpOnly'], at('http://www.example.cn/'));
    expect(jar.headerFor(at('http://www.example.cn/other'))).toBe('a=1');
    expect(jar.headerFor(at('http://example.cn/'))).toBeUndefined();
  });

  it('a Domain cookie goes to the domain and its subdomains', () => {
    const jar = new CookieJar();
    jar.store(['sid=x; Domain=.example.cn'], at('https://login.example.cn/'));
    expect(jar.headerFor(at('https://www.example.cn/'))).toBe('sid=x');
    expect(jar.headerFor(at('https://example.cn/'))).toBe('sid=x');
    expect(jar.headerFor(at('https://example.com/'))).toBeUndefined();
  });

  it('a Domain the host is not part of is refused', () => {
    const jar = new CookieJar();
    jar.store(['evil=1; Domain=other.cn'], at('https://www.example.cn/'));
    expect(jar.headerFor(at('https://other.cn/'))).toBeUndefined();
  });

  it('a Secure cookie is not sent over http, and Max-Age=0 deletes', () => {
    const jar = new CookieJar();
    jar.store(['s=1; Secure', 'gone=1'], at('https://example.cn/'));
    jar.store(['gone=; Max-Age=0'], at('https://example.cn/'));
    expect(jar.headerFor(at('http://example.cn/'))).toBeUndefined();
    expect(jar.headerFor(at('https://example.cn/'))).toBe('s=1');
  });
});
