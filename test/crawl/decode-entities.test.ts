import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeAttributeEntities } from '../../src/crawl/decode-entities.ts';

/** What html5lib (a browser-conformant parser) makes of each value; see html-reference.py. */
const REFERENCE: { html5lib: string; attributes: { raw: string; decoded: string }[] } = JSON.parse(
  readFileSync(new URL('./html-reference.json', import.meta.url), 'utf8'),
);

describe('decodeAttributeEntities', () => {
  it.each(REFERENCE.attributes.map((row) => [row.raw, row.decoded]))(
    `decodes %j as html5lib ${REFERENCE.html5lib} does`,
    (raw, decoded) => {
      expect(decodeAttributeEntities(raw)).toBe(decoded);
    },
  );

  it('knows the whole WHATWG table, not only ASCII punctuation', () => {
    expect(decodeAttributeEntities('&copy;&eacute;&AMP;&ImaginaryI;&fjlig;')).toBe('©é&ⅈfj');
  });

  it('remaps numeric references 0x80-0x9F to windows-1252 and leaves its five holes', () => {
    expect(decodeAttributeEntities('&#x80;&#x8A;&#x99;&#x9F;')).toBe('€Š™Ÿ');
    expect(decodeAttributeEntities('&#x81;&#x8D;&#x8F;&#x90;&#x9D;')).toBe(
      '\u0081\u008d\u008f\u0090\u009d',
    );
  });

  it('keeps a legacy name without a semicolon before an alphanumeric or `=`, as in a query', () => {
    expect(decodeAttributeEntities('?a=1&copy=2&reg2&not-3')).toBe('?a=1&copy=2&reg2¬-3');
  });

  it('returns a value without `&` unchanged', () => {
    const value = '/plain/path?x=1';
    expect(decodeAttributeEntities(value)).toBe(value);
  });
});
