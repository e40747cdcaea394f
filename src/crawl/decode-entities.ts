import { decodeHTMLAttribute } from 'entities';

/**
 * Decodes character references in an attribute value the way the HTML parser does, with the full
 * WHATWG table (`entities`, checked against html5lib in test/crawl/decode-entities.test.ts):
 * numeric references always, with 0x80-0x9F remapped to windows-1252 and invalid code points
 * as U+FFFD; named ones with a semicolon, in their exact case (`&AMP;` too); a legacy name without
 * one only when the next character is not alphanumeric or `=` (so `?a=1&copy=2` keeps its query).
 */
export function decodeAttributeEntities(value: string): string {
  return value.includes('&') ? decodeHTMLAttribute(value) : value;
}
