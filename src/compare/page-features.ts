import { commentEnd } from './html-comment.ts';
import { FNV_OFFSET, finalizeHash, fnvStep } from './feature-hash.ts';
import type { IntSet } from './int-set.ts';
import { ShingleSet } from './shingle-set.ts';
import {
  isVolatileAttributeName,
  isVolatileField,
  stripVolatileUrl,
  stripVolatileValue,
} from './strip-volatile.ts';
import { forEachTextToken } from './text-tokens.ts';

/** What a page is compared by (docs/READINESS.md, "Page similarity"). */
export interface PageFeatures {
  /** 3-shingles of the visible text (words; single characters for Chinese). */
  text: IntSet;
  /** 3-shingles of the tag sequence, plus one feature per attribute name and value. */
  markup: IntSet;
}

/**
 * Pages longer than this are compared by their start, which bounds time and memory whatever
 * --max-body allows. A body within the default cap (1 MiB) never has more characters.
 */
export const MAX_COMPARED_CHARS = 1024 * 1024;

const START_TAG_SEED = 0x7f4a7c15;
const END_TAG_SEED = 0x1b873593;
const MAX_ATTRIBUTE_VALUE_CHARS = 256;
const MAX_ATTRIBUTES_PER_TAG = 64;

/** Elements whose content is neither markup nor visible text. */
const RAW_TEXT_ELEMENTS = ['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes'];
/** Elements whose attributes are read together (isVolatileAttribute needs their name). */
const FIELD_ELEMENTS = ['meta', 'input'];
/** Tag names told apart by their hash, so that no string is built for the other tags. */
const SPECIAL_ELEMENTS = new Map(
  [...RAW_TEXT_ELEMENTS, ...FIELD_ELEMENTS].map((name) => [
    hashLowerAscii(name, 0, name.length, START_TAG_SEED),
    name,
  ]),
);
/** Presentation and script handlers, not content. */
const IGNORED_ATTRIBUTE = /^(?:style|on[a-z]+)$/;
const URL_ATTRIBUTES = new Set([
  'href',
  'src',
  'action',
  'formaction',
  'poster',
  'background',
  'cite',
  'data-src',
  'data-href',
  'data-url',
]);
const NO_FIELDS: ReadonlyMap<string, string> = new Map();

/** Reads a page once: text goes to the tokenizer, tags and attributes become markup features. */
export function extractPageFeatures(html: string): PageFeatures {
  const page = html.length > MAX_COMPARED_CHARS ? html.slice(0, MAX_COMPARED_CHARS) : html;
  // Rough upper bounds: a Chinese page has about one token per character of text.
  const text = new ShingleSet(page.length / 2);
  const tags = new ShingleSet(page.length / 8);
  const onTextToken = (tokenHash: number): void => text.add(tokenHash);
  const scanner: MarkupScanner = { page, tags, markup: tags.shingles };

  let position = 0;
  while (position < page.length) {
    const open = page.indexOf('<', position);
    const textEnd = open === -1 ? page.length : open;
    if (textEnd > position) forEachTextToken(page, position, textEnd, onTextToken);
    if (open === -1) break;
    // A '<' that starts no markup is text (as in a browser). Decided here, not in readMarkup: a
    // page of nothing but '<' otherwise hits a V8 inlining cliff after a normal page (7-10 s).
    position = startsMarkup(page.charCodeAt(open + 1)) ? readMarkup(scanner, open) : open + 1;
  }
  return { text: text.finish(), markup: tags.finish() };
}

interface MarkupScanner {
  page: string;
  tags: ShingleSet;
  markup: IntSet;
}

/**
 * Reads the markup that starts at `open` (a '<') and returns where text resumes. A '<' that
 * starts no markup is text, as in a browser. Every branch moves forward by at least one
 * character, and quoted values end at the next matching quote: the scan is linear.
 */
function readMarkup(scanner: MarkupScanner, open: number): number {
  const page = scanner.page;
  const next = page.charCodeAt(open + 1);
  if (next === 0x21 /* ! */) {
    if (page.startsWith('<!--', open)) return commentEnd(page, open);
    return endAfter(page, '>', open + 2); // doctype, CDATA
  }
  if (next === 0x3f /* ? */) return endAfter(page, '>', open + 2);
  if (next === 0x2f /* / */) {
    if (isAsciiLetter(page.charCodeAt(open + 2))) {
      scanner.tags.add(hashLowerAscii(page, open + 2, tagNameEnd(page, open + 2), END_TAG_SEED));
    }
    return endAfter(page, '>', open + 2);
  }
  if (!isAsciiLetter(next)) return open + 1;
  const nameEnd = tagNameEnd(page, open + 1);
  const tagHash = hashLowerAscii(page, open + 1, nameEnd, START_TAG_SEED);
  scanner.tags.add(tagHash);
  const special = SPECIAL_ELEMENTS.get(tagHash);
  const name =
    special !== undefined && page.slice(open + 1, nameEnd).toLowerCase() === special ? special : '';
  const end = readAttributes(page, nameEnd);
  addAttributeFeatures(scanner.markup, tagHash, name);
  if (!RAW_TEXT_ELEMENTS.includes(name)) return end;
  // Script and style bodies are neither text nor markup: skip to the matching end tag.
  const closing = closingTagPattern(name);
  closing.lastIndex = end;
  const found = closing.exec(page);
  return found ? found.index : page.length;
}

/** The attributes of the tag being read (reused, not cleared: one tag is read at a time). */
const attributeNames: string[] = [];
const attributeValues: string[] = [];
let attributeCount = 0;

/** Reads attributes into attributeNames/attributeValues; returns the index after the '>'. */
function readAttributes(page: string, from: number): number {
  attributeCount = 0;
  const length = page.length;
  let index = from;
  while (index < length) {
    const code = page.charCodeAt(index);
    if (isSpace(code) || code === 0x2f /* / */) {
      index++;
      continue;
    }
    if (code === 0x3e /* > */) return index + 1;
    const nameStart = index++;
    while (index < length && !endsAttributeName(page.charCodeAt(index))) index++;
    const name = page.slice(nameStart, index);
    let cursor = skipSpaces(page, index);
    let value = '';
    if (page.charCodeAt(cursor) === 0x3d /* = */) {
      cursor = skipSpaces(page, cursor + 1);
      const quote = page.charCodeAt(cursor);
      if (quote === 0x22 || quote === 0x27) {
        const close = page.indexOf(quote === 0x22 ? '"' : "'", cursor + 1);
        const valueEnd = close === -1 ? length : close;
        value = page.slice(cursor + 1, valueEnd);
        index = valueEnd + 1;
      } else {
        const valueStart = cursor;
        while (
          cursor < length &&
          !isSpace(page.charCodeAt(cursor)) &&
          page.charCodeAt(cursor) !== 0x3e
        ) {
          cursor++;
        }
        value = page.slice(valueStart, cursor);
        index = cursor;
      }
    }
    if (attributeCount < MAX_ATTRIBUTES_PER_TAG) {
      attributeNames[attributeCount] = hasAsciiUpperCase(name) ? name.toLowerCase() : name;
      attributeValues[attributeCount] = value;
      attributeCount++;
    }
  }
  return length;
}

function addAttributeFeatures(markup: IntSet, tagHash: number, tagName: string): void {
  const fields = FIELD_ELEMENTS.includes(tagName) ? currentFields() : NO_FIELDS;
  for (let index = 0; index < attributeCount; index++) {
    const name = attributeNames[index] ?? '';
    const kind = attributeKind(name);
    if (kind === IGNORED) continue;
    const volatile =
      kind === VOLATILE || (fields !== NO_FIELDS && isVolatileField(tagName, name, fields));
    const value = volatile ? '' : comparableValue(kind, attributeValues[index] ?? '');
    markup.add(hashAttribute(tagHash, name, value));
  }
}

const IGNORED = 0;
const VOLATILE = 1;
const URL_VALUE = 2;
const PLAIN = 3;
/** Attribute names repeat on every tag: their kind is worked out once (bounded cache). */
const attributeKinds = new Map<string, number>();

function attributeKind(name: string): number {
  let kind = attributeKinds.get(name);
  if (kind === undefined) {
    if (IGNORED_ATTRIBUTE.test(name)) kind = IGNORED;
    else if (isVolatileAttributeName(name)) kind = VOLATILE;
    else kind = URL_ATTRIBUTES.has(name) ? URL_VALUE : PLAIN;
    if (attributeKinds.size < 4096) attributeKinds.set(name, kind);
  }
  return kind;
}

function currentFields(): Map<string, string> {
  const fields = new Map<string, string>();
  for (let index = 0; index < attributeCount; index++) {
    fields.set(attributeNames[index] ?? '', attributeValues[index] ?? '');
  }
  return fields;
}

/** An attribute value as compared: URLs reduced to path and query, random runs emptied. */
function comparableValue(kind: number, rawValue: string): string {
  const value =
    rawValue.length > MAX_ATTRIBUTE_VALUE_CHARS
      ? rawValue.slice(0, MAX_ATTRIBUTE_VALUE_CHARS)
      : rawValue;
  return stripVolatileValue(kind === URL_VALUE ? comparableUrl(value) : value);
}

/**
 * A link as compared: no scheme and host (an IPv6 gateway often rewrites absolute links to
 * another host or to http), no fragment, no volatile query parameters, no trailing slash.
 */
function comparableUrl(url: string): string {
  const trimmed = url.trim();
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === 'data') return `data:${trimmed.slice(5).split(/[;,]/, 1)[0] ?? ''}`;
  if (scheme === 'javascript') return 'javascript:';
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return trimmed;
  const local = trimmed.includes('//')
    ? trimmed.replace(/^(?:[a-zA-Z][a-zA-Z0-9+.-]*:)?\/\/[^/?#]*/, '')
    : trimmed;
  const stripped = stripVolatileUrl(local);
  const queryAt = stripped.indexOf('?');
  const path = (queryAt === -1 ? stripped : stripped.slice(0, queryAt)).replace(/\/+$/, '') || '/';
  return queryAt === -1 ? path : path + stripped.slice(queryAt);
}

/**
 * Hash of "tag attribute=value" with whitespace runs folded to one space and digit runs to "0",
 * without building the string.
 */
function hashAttribute(tagHash: number, attributeName: string, value: string): number {
  let hash = fnvStep(FNV_OFFSET, tagHash);
  for (let index = 0; index < attributeName.length; index++) {
    hash = fnvStep(hash, attributeName.charCodeAt(index));
  }
  hash = fnvStep(hash, 0x3d);
  let pendingSpace = false;
  let previousWasDigit = false;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (isSpace(code)) {
      pendingSpace = true;
      previousWasDigit = false;
      continue;
    }
    if (pendingSpace) hash = fnvStep(hash, 0x20);
    pendingSpace = false;
    const isDigit = code >= 0x30 && code <= 0x39;
    if (!(isDigit && previousWasDigit)) hash = fnvStep(hash, isDigit ? 0x30 : code);
    previousWasDigit = isDigit;
  }
  return finalizeHash(hash);
}

/** Hash of page[start, end) with ASCII letters lower-cased, without building the string. */
function hashLowerAscii(page: string, start: number, end: number, seed: number): number {
  let hash = FNV_OFFSET ^ seed;
  for (let index = start; index < end; index++) {
    const code = page.charCodeAt(index);
    hash = fnvStep(hash, code >= 0x41 && code <= 0x5a ? code | 0x20 : code);
  }
  return finalizeHash(hash);
}

function hasAsciiUpperCase(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0x41 && code <= 0x5a) return true;
  }
  return false;
}

const closingTagPatterns = new Map<string, RegExp>();

function closingTagPattern(name: string): RegExp {
  let pattern = closingTagPatterns.get(name);
  if (!pattern) {
    pattern = new RegExp(`</${name}[\\s/>]`, 'gi');
    closingTagPatterns.set(name, pattern);
  }
  return pattern;
}

function endAfter(page: string, terminator: string, from: number): number {
  const index = page.indexOf(terminator, from);
  return index === -1 ? page.length : index + terminator.length;
}

function tagNameEnd(page: string, from: number): number {
  let index = from;
  while (index < page.length) {
    const code = page.charCodeAt(index);
    if (isSpace(code) || code === 0x2f || code === 0x3e) break;
    index++;
  }
  return index;
}

function skipSpaces(page: string, from: number): number {
  let index = from;
  while (index < page.length && isSpace(page.charCodeAt(index))) index++;
  return index;
}

function endsAttributeName(code: number): boolean {
  return isSpace(code) || code === 0x2f || code === 0x3e || code === 0x3d;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d || code === 0x0c;
}

/** `<!`, `<?`, `</` or `<` and a letter: what the tokenizer reads as markup. */
function startsMarkup(next: number): boolean {
  return next === 0x21 || next === 0x3f || next === 0x2f || isAsciiLetter(next);
}

function isAsciiLetter(code: number): boolean {
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x7a;
}
