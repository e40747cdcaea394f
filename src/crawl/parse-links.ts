import { commentEnd } from '../compare/html-comment.ts';
import { decodeAttributeEntities } from './decode-entities.ts';

/**
 * Elements whose content the HTML parser reads as text, not markup: an `<a href>` inside them is
 * not a link. (`noscript` is left out on purpose: a crawler without scripts sees its links.)
 */
const RAW_TEXT_ELEMENTS = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
]);

/** One compiled end-tag pattern per raw-text element, reused across pages. */
const END_TAGS = new Map<string, RegExp>();

const LINK_ELEMENTS = new Set(['a', 'area']);

interface StartTag {
  name: string;
  attributes: Map<string, string>;
  /** Index just past the tag's closing `>`. */
  end: number;
}

function isAsciiAlpha(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
}

/** HTML whitespace: tab, LF, FF, CR, space. */
function isSpace(code: number): boolean {
  return code === 0x09 || code === 0x0a || code === 0x0c || code === 0x0d || code === 0x20;
}

/**
 * Reads a start tag whose `<` is at `start` (the next character is a letter), following the HTML
 * tokenizer's attribute rules. Returns null when the input ends inside the tag, which the parser
 * drops too. Each character is looked at once, so work stays linear in the input.
 */
function readStartTag(html: string, start: number): StartTag | null {
  const length = html.length;
  let index = start + 1;
  while (index < length) {
    const code = html.charCodeAt(index);
    if (isSpace(code) || code === 0x2f /* / */ || code === 0x3e /* > */) break;
    index++;
  }
  const name = html.slice(start + 1, index).toLowerCase();
  const attributes = new Map<string, string>();

  while (index < length) {
    let code = html.charCodeAt(index);
    if (isSpace(code) || code === 0x2f) {
      index++;
      continue;
    }
    if (code === 0x3e) return { name, attributes, end: index + 1 };

    // Attribute name: up to whitespace, `/`, `>` or `=` (a leading `=` belongs to the name).
    const nameStart = index;
    index++;
    while (index < length) {
      code = html.charCodeAt(index);
      if (isSpace(code) || code === 0x2f || code === 0x3e || code === 0x3d) break;
      index++;
    }
    const attributeName = html.slice(nameStart, index).toLowerCase();

    while (index < length && isSpace(html.charCodeAt(index))) index++;
    let value = '';
    if (index < length && html.charCodeAt(index) === 0x3d /* = */) {
      index++;
      while (index < length && isSpace(html.charCodeAt(index))) index++;
      if (index >= length) return null;
      const quote = html.charCodeAt(index);
      if (quote === 0x22 || quote === 0x27) {
        const close = html.indexOf(quote === 0x22 ? '"' : "'", index + 1);
        if (close === -1) return null;
        value = html.slice(index + 1, close);
        index = close + 1;
      } else {
        const valueStart = index;
        while (index < length) {
          code = html.charCodeAt(index);
          if (isSpace(code) || code === 0x3e) break;
          index++;
        }
        value = html.slice(valueStart, index);
      }
    }
    // The first of duplicate attributes wins, as in the HTML parser.
    if (!attributes.has(attributeName)) attributes.set(attributeName, value);
  }
  return null;
}

/** Index just past the end tag `</name ...>` at or after `from`, or the input's length. */
function skipRawText(html: string, from: number, name: string): number {
  let endTag = END_TAGS.get(name);
  if (!endTag) {
    endTag = new RegExp(`</${name}[\\t\\n\\f\\r />]`, 'gi');
    END_TAGS.set(name, endTag);
  }
  endTag.lastIndex = from;
  const match = endTag.exec(html);
  if (!match) return html.length;
  const close = html.indexOf('>', match.index);
  return close === -1 ? html.length : close + 1;
}

/** The raw href values of `a` and `area`, and the first `base href`, in document order. */
function scanHrefs(html: string): { hrefs: string[]; baseHref: string | null } {
  const hrefs: string[] = [];
  let baseHref: string | null = null;
  const length = html.length;
  let index = 0;

  while (index < length) {
    const open = html.indexOf('<', index);
    if (open === -1) break;
    const next = html.charCodeAt(open + 1);

    if (html.startsWith('<!--', open)) {
      index = commentEnd(html, open);
    } else if (next === 0x21 /* ! */ || next === 0x3f /* ? */ || next === 0x2f /* / */) {
      // Doctype, bogus comment or end tag: nothing to read up to the next `>`.
      const close = html.indexOf('>', open + 2);
      index = close === -1 ? length : close + 1;
    } else if (isAsciiAlpha(next)) {
      const tag = readStartTag(html, open);
      if (!tag) break;
      index = tag.end;
      const href = tag.attributes.get('href');
      if (href !== undefined) {
        if (LINK_ELEMENTS.has(tag.name)) hrefs.push(href);
        else if (tag.name === 'base' && baseHref === null) baseHref = href;
      }
      if (RAW_TEXT_ELEMENTS.has(tag.name)) index = skipRawText(html, index, tag.name);
    } else {
      // A lone `<` is text.
      index = open + 1;
    }
  }
  return { hrefs, baseHref };
}

/** Strips what the URL parser strips around a URL: C0 controls and spaces (not other Unicode). */
function trimControlsAndSpaces(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && value.charCodeAt(start) <= 0x20) start++;
  while (end > start && value.charCodeAt(end - 1) <= 0x20) end--;
  return value.slice(start, end);
}

function parseHttpUrl(href: string, base: string | URL): URL | null {
  let url: URL;
  try {
    url = new URL(href, base);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

/**
 * The canonical form links are compared and fetched in: WHATWG serialisation (lower-case scheme
 * and host, no default port, empty path as `/`, punycode host), query kept, fragment dropped,
 * since a fragment never reaches the server. Throws a TypeError when `url` is not an absolute URL.
 */
export function normalizeLinkUrl(url: string): string {
  const parsed = new URL(url);
  parsed.hash = '';
  return parsed.href;
}

/**
 * The distinct http(s) links (`a[href]`, `area[href]`) of an HTML page, absolute and normalised,
 * in first-seen order. Relative links resolve against the first `<base href>` (itself resolved
 * against `pageUrl`), else `pageUrl`. Fragment-only links, other schemes, and anything inside
 * comments or script/style are left out. Malformed HTML is read as a browser would, not rejected.
 */
export function extractLinks(html: string, pageUrl: string): string[] {
  const { hrefs, baseHref } = scanHrefs(html);
  let base: URL;
  try {
    base = new URL(pageUrl);
  } catch {
    return [];
  }
  if (baseHref !== null) {
    // A base that does not parse, or is not http(s), falls back to the page URL, as in browsers.
    const resolvedBase = parseHttpUrl(
      trimControlsAndSpaces(decodeAttributeEntities(baseHref)),
      base,
    );
    if (resolvedBase) base = resolvedBase;
  }

  const seen = new Set<string>();
  const links: string[] = [];
  // Menus repeat the same href many times; parse each distinct one once.
  const rawSeen = new Set<string>();
  for (const rawHref of hrefs) {
    if (rawSeen.has(rawHref)) continue;
    rawSeen.add(rawHref);
    const href = trimControlsAndSpaces(decodeAttributeEntities(rawHref));
    if (href.startsWith('#')) continue;
    const url = parseHttpUrl(href, base);
    if (!url) continue;
    url.hash = '';
    const normalized = url.href;
    if (seen.has(normalized)) continue;
    seen.add(normalized);
    links.push(normalized);
  }
  return links;
}
