import { describe, expect, it } from 'vitest';
import { decodeBodyText } from '../../src/probe/decode-body-text.ts';

const gbkNiHao = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]);

describe('decodeBodyText', () => {
  it('decodes UTF-8 by default', () => {
    expect(decodeBodyText(Buffer.from('政务 ok'), undefined)).toBe('政务 ok');
  });

  it('follows the charset of Content-Type', () => {
    expect(decodeBodyText(gbkNiHao, 'text/html; charset=GBK')).toBe('你好');
    expect(decodeBodyText(Buffer.from([0xe9]), 'text/html; charset="iso-8859-1"')).toBe('é');
  });

  it('falls back to a <meta> charset near the top of the page', () => {
    const page = Buffer.concat([
      Buffer.from(
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
      ),
      gbkNiHao,
    ]);
    expect(decodeBodyText(page, 'text/html')).toContain('你好');
  });

  it('an unknown charset label decodes as UTF-8', () => {
    expect(decodeBodyText(Buffer.from('plain'), 'text/html; charset=no-such-charset')).toBe(
      'plain',
    );
  });
});
