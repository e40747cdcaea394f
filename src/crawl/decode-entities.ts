/**
 * Character references a URL in an attribute can hold. The full HTML table has 2,000+ names; an
 * href only ever needs the ASCII punctuation ones, and an unknown name is left as written, which
 * is what a browser does with a name it does not know.
 */
const NAMED_REFERENCES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  sol: '/',
  bsol: '\\',
  colon: ':',
  semi: ';',
  period: '.',
  comma: ',',
  quest: '?',
  equals: '=',
  num: '#',
  percnt: '%',
  excl: '!',
  plus: '+',
  ast: '*',
  dollar: '$',
  commat: '@',
  lowbar: '_',
  tilde: '~',
  verbar: '|',
  vert: '|',
  lpar: '(',
  rpar: ')',
  lsqb: '[',
  rsqb: ']',
  lbrack: '[',
  rbrack: ']',
  lcub: '{',
  rcub: '}',
  lbrace: '{',
  rbrace: '}',
  grave: '`',
  Hat: '^',
  Tab: '\t',
  NewLine: '\n',
};

/** Names the HTML parser also accepts without a trailing semicolon (the legacy set, ASCII part). */
const LEGACY_WITHOUT_SEMICOLON = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp']);

const REFERENCE =
  /&(?:#[xX]([0-9a-fA-F]{1,8});?|#([0-9]{1,10});?|([A-Za-z][A-Za-z0-9]{0,31})(;?))/g;

function fromCodePoint(codePoint: number): string {
  const invalid =
    codePoint === 0 || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff);
  return invalid ? '\ufffd' : String.fromCodePoint(codePoint);
}

/**
 * Decodes character references in an attribute value the way the HTML parser does: numeric ones
 * always; named ones with a semicolon; a legacy name without one only when the next character is
 * not alphanumeric or `=` (so `?a=1&copy=2` keeps its query).
 */
export function decodeAttributeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(
    REFERENCE,
    (
      match: string,
      hex: string | undefined,
      decimal: string | undefined,
      name: string | undefined,
      semicolon: string | undefined,
      offset: number,
    ): string => {
      if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16));
      if (decimal !== undefined) return fromCodePoint(Number.parseInt(decimal, 10));
      if (name === undefined) return match;
      const replacement = NAMED_REFERENCES[name];
      if (replacement === undefined) return match;
      if (semicolon === ';') return replacement;
      const next = value.charAt(offset + match.length);
      if (!LEGACY_WITHOUT_SEMICOLON.has(name) || /^[A-Za-z0-9=]$/.test(next)) return match;
      return replacement;
    },
  );
}
