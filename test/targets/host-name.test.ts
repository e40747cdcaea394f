import { describe, expect, it } from 'vitest';
import { checkHostName, IP_NOT_A_TARGET } from '../../src/targets/host-name.ts';

function hostOf(raw: string): string {
  const checked = checkHostName(raw);
  if (!checked.ok) throw new Error(`expected "${raw}" to be valid: ${checked.reason}`);
  return checked.host;
}

function reasonOf(raw: string): string {
  const checked = checkHostName(raw);
  if (checked.ok) throw new Error(`expected "${raw}" to be invalid, got ${checked.host}`);
  return checked.reason;
}

/**
 * What python3-idna gives (idna.encode(name, uts46=True, transitional=False, std3_rules=False),
 * idna 3.13 with Unicode 17 tables), where v6ready agrees with it. Regenerate with the same call.
 */
const AGREED_WITH_PYTHON_IDNA: [string, string][] = [
  ['ΑΣ.中国', 'xn--mxa0b.xn--fiqs8s'],
  ['faß.de', 'xn--fa-hia.de'],
  ['Straße.de', 'xn--strae-oqa.de'],
  ['ΣΊΣΥΦΟΣ.gr', 'xn--kxa6akbbkh.gr'],
  ['İstanbul.tr', 'xn--istanbul-o0e.tr'],
  ['Ⅸ.example', 'ix.example'],
  ['ＥＸＡＭＰＬＥ.com', 'example.com'],
  ['example。com', 'example.com'],
  ['政务.example', 'xn--zfr164b.example'],
  ['XN--ZFR164B.example', 'xn--zfr164b.example'],
  ['BÜCHER.DE', 'xn--bcher-kva.de'],
  ['Ǆ.example', 'xn--d-toa.example'],
  ['ﬁ.example', 'fi.example'],
  ['\u212a.example', 'k.example'],
  ['ｷﾞ.jp', 'xn--ock.jp'],
  ['mañana.com', 'xn--maana-pta.com'],
  ['Ⓐ.com', 'a.com'],
  ['µ.example', 'xn--xxa.example'],
  ['ς.gr', 'xn--3xa.gr'],
  ['Σ.gr', 'xn--4xa.gr'],
  ['Ω.example', 'xn--bya.example'],
  ['Å.example', 'xn--5ca.example'],
  ['exa\u00admple.com', 'example.com'],
  ['ʼn.example', 'xn--n-y6a.example'],
  ['Ꭰ.example', 'xn--58d.example'],
  ['ϴ.example', 'xn--txa.example'],
];

/** Names python3-idna refuses too (a joiner without context, a punycode label that decodes badly). */
const REFUSED_LIKE_PYTHON_IDNA = ['a\u200db.com', 'a\u200cb.com', 'xn--a.com'];

describe('checkHostName against python3-idna (UTS #46, nontransitional)', () => {
  it.each(AGREED_WITH_PYTHON_IDNA)('%s becomes %s', (raw, ascii) => {
    expect(hostOf(raw)).toBe(ascii);
  });

  it.each(REFUSED_LIKE_PYTHON_IDNA)('%s is refused', (raw) => {
    expect(reasonOf(raw)).toMatch(/not a valid internationalised name/);
  });

  // Kept on purpose: the host must be what Node's WHATWG URL parser (ada) makes of the name,
  // because that parser builds the Host header, SNI and every redirect we follow; it maps
  // capital sharp s to "ss" (as the UTS #46 tables did before Unicode 15.1, and as the issue
  // asks), where idna 3.13 maps it to "ß".
  it('capital sharp s becomes "ss", where python3-idna now gives "ß"', () => {
    expect(hostOf('ẞ.de')).toBe('ss.de');
    expect(hostOf('FAẞ.DE')).toBe('fass.de');
  });

  // Kept on purpose: UTS #46 (and browsers) accept a Hangul compatibility jamo, mapped to the
  // conjoining jamo; python3-idna then applies IDNA2008's code point table, which refuses it.
  it('a Hangul compatibility jamo is accepted as UTS #46 maps it, where python3-idna refuses it', () => {
    expect(hostOf('ㄱ.kr')).toBe('xn--ypd.kr');
  });
});

describe('checkHostName: case, dots and addresses', () => {
  it('only ASCII is lower-cased before IDNA: a final capital sigma is not made "ς"', () => {
    // JavaScript's toLowerCase gives "ας" (xn--mxa8a) for "ΑΣ".
    expect(hostOf('ΑΣ.中国')).not.toBe('xn--mxa8a.xn--fiqs8s');
    expect(checkHostName('ΑΣ.中国')).toMatchObject({ ok: true, unicodeHost: 'ασ.中国' });
  });

  it.each(['127。0。0。1', '１２７．０．０．１', '127．0．0．1', '10｡0｡0｡1'])(
    'the address %s written with non-ASCII dots or digits is refused like any IP target',
    (raw) => {
      expect(reasonOf(raw)).toContain(IP_NOT_A_TARGET);
    },
  );

  it.each(['example.com..', 'example..com', '.example.com', 'example.com。。', 'example。。com'])(
    '%s has an empty label',
    (raw) => {
      expect(reasonOf(raw)).toMatch(/empty label/);
    },
  );

  it('one trailing dot, ASCII or ideographic, is the root and is dropped', () => {
    expect(hostOf('example.com.')).toBe('example.com');
    expect(hostOf('example.com。')).toBe('example.com');
  });

  it('a control character in a refused name is written escaped, never raw', () => {
    const reason = reasonOf('exa\u0000mple.com');
    expect(reason).toContain('exa\\u0000mple.com');
    expect(reason).not.toContain('\u0000');
  });
});
