import { describe, expect, it } from 'vitest';
import {
  isRandomRun,
  isVolatileAttribute,
  stripVolatileUrl,
  stripVolatileValue,
} from '../../src/compare/strip-volatile.ts';

const fields = (entries: Record<string, string>): Map<string, string> =>
  new Map(Object.entries(entries));
const NONE = fields({});

describe('isVolatileAttribute', () => {
  it.each([
    ['script', 'nonce', NONE],
    ['div', 'data-csrf-token', NONE],
    ['form', 'data-xsrf', NONE],
    ['meta', 'content', fields({ name: 'csrf-token' })],
    ['meta', 'content', fields({ name: '_csrf' })],
    ['input', 'value', fields({ name: 'authenticity_token' })],
    ['input', 'value', fields({ name: 'csrfmiddlewaretoken' })],
    ['input', 'value', fields({ name: '_token' })],
    ['input', 'value', fields({ name: '__VIEWSTATE', id: '__VIEWSTATE' })],
    ['input', 'value', fields({ id: '__EVENTVALIDATION' })],
    ['input', 'value', fields({ name: '__RequestVerificationToken' })],
  ])('<%s %s> of %o changes per request', (tag, attribute, tagFields) => {
    expect(isVolatileAttribute(tag, attribute, tagFields)).toBe(true);
  });

  it.each([
    ['meta', 'content', fields({ name: 'description' })],
    ['input', 'value', fields({ name: 'q' })],
    ['a', 'href', NONE],
    ['div', 'class', NONE],
    ['option', 'value', fields({ name: 'csrf' })],
  ])('<%s %s> of %o is content', (tag, attribute, tagFields) => {
    expect(isVolatileAttribute(tag, attribute, tagFields)).toBe(false);
  });
});

describe('stripVolatileUrl', () => {
  it.each([
    ['/list.jsp;jsessionid=0A1B2C3D4E5F', '/list.jsp'],
    ['/shop/(S(lit3py55t21z5v55vlm25s55))/cart.aspx', '/shop/cart.aspx'],
    ['/index.php?PHPSESSID=abc123&page=news', '/index.php?page=news'],
    ['/index.php?page=news&amp;sid=abc123', '/index.php?page=news'],
    ['/static/app.css?v=20240501', '/static/app.css'],
    ['/static/app.js?_=1714702867123', '/static/app.js'],
    ['/static/app.js?20240501', '/static/app.js'],
    ['/download?file=report.pdf&token=eyJhbGciOi', '/download?file=report.pdf'],
    ['/news/detail.html#comments', '/news/detail.html'],
    ['/article?id=42&lang=zh', '/article?id=42&lang=zh'],
  ])('%s becomes %s', (url, expected) => {
    expect(stripVolatileUrl(url)).toBe(expected);
  });
});

describe('stripVolatileValue', () => {
  it('empties hashes, tokens and UUIDs but keeps the words around them', () => {
    expect(stripVolatileValue('req 9f86d081884c7d659a2feaa0c55ad015 done')).toBe('req  done');
    expect(stripVolatileValue('id-550e8400-e29b-41d4-a716-446655440000')).toBe('id-');
    expect(stripVolatileValue('x Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MEFCQ0RFRg== y')).toBe('x  y');
  });

  it('keeps names, paths and short values as they are', () => {
    for (const value of [
      'nav-item active',
      '/zwgk/yw/202405/t20240503_1023.html',
      'Annual-Report-2024-Final',
      'btn',
    ]) {
      expect(stripVolatileValue(value)).toBe(value);
    }
  });
});

describe('isRandomRun', () => {
  it.each([
    '9f86d081884c7d65',
    'E3B0C44298FC1C149AFBF4C8996FB924',
    '550e8400-e29b-41d4-a716-446655440000',
    'Xk3pQ9vT2mLz8RwYc1NbHf6GsJa0eUoI4dKqVt7Cy5E=',
    'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9',
  ])('%s looks random', (run) => {
    expect(isRandomRun(run)).toBe(true);
  });

  it.each([
    'internationalization',
    'abcdefabcdefabcdef',
    '1234567890123456',
    'Annual-Report-2024-Final',
    'getElementsByClassName2',
    'ShanghaiMunicipalGovernment2024',
    'short9f86',
  ])('%s is a word or a name', (run) => {
    expect(isRandomRun(run)).toBe(false);
  });
});
