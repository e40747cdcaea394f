import { describe, expect, it } from 'vitest';
import { forEachTextToken } from '../../src/compare/text-tokens.ts';

function tokens(text: string): number[] {
  const hashes: number[] = [];
  forEachTextToken(text, 0, text.length, (hash) => hashes.push(hash));
  return hashes;
}

describe('forEachTextToken', () => {
  it('makes each Chinese character a token and each other word one token', () => {
    expect(tokens('政务公开')).toHaveLength(4);
    expect(tokens('IPv6 ready 本网站支持')).toHaveLength(2 + 5);
  });

  it('lower-cases ASCII words', () => {
    expect(tokens('Welcome NGINX')).toEqual(tokens('welcome nginx'));
  });

  it('counts every digit run as the same number', () => {
    expect(tokens('您是第 1283746 位访客')).toEqual(tokens('您是第 9 位访客'));
    expect(tokens('ipv4')).toEqual(tokens('ipv6'));
    expect(tokens('ipv')).not.toEqual(tokens('ipv6'));
  });

  it('turns weekday names into one token', () => {
    expect(tokens('今天是星期五')).toEqual(tokens('今天是星期六'));
    expect(tokens('Friday, May 3')).toEqual(tokens('Saturday, May 4'));
    expect(tokens('今天是五')).not.toEqual(tokens('今天是六'));
  });

  it('turns random-looking words into one token', () => {
    expect(tokens('request 9f86d081884c7d65 failed')).toEqual(
      tokens('request 0a1b2c3d4e5f6a7b failed'),
    );
    expect(tokens('request internationalization failed')).not.toEqual(
      tokens('request 0a1b2c3d4e5f6a7b failed'),
    );
  });

  it('decodes numeric character references and separates words at named ones', () => {
    expect(tokens('&#20013;&#x6587;')).toEqual(tokens('中文'));
    expect(tokens('a&nbsp;b')).toEqual(tokens('a b'));
    expect(tokens('&#x1F600;')).toHaveLength(1);
  });

  it('reads only the given range', () => {
    const text = 'skip 政务 skip';
    const hashes: number[] = [];
    forEachTextToken(text, 5, 7, (hash) => hashes.push(hash));
    expect(hashes).toEqual(tokens('政务'));
  });
});
