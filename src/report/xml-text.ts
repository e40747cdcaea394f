/**
 * Text for XML 1.0 documents (the parts of report.xlsx): scanned strings are hostile, so what
 * XML cannot hold is dropped and its metacharacters are escaped, in element text and in
 * double-quoted attribute values alike.
 */

/**
 * What XML 1.0 forbids: C0 controls but tab, newline and carriage return; U+FFFE and U+FFFF;
 * and a surrogate that is not half of a pair.
 */
const FORBIDDEN =
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  /[\0-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Anything the slow path may change: most strings have none and come back as they are. */
// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const NEEDS_WORK = /[\0-\x08\x0B-\x1F&<>"\uD800-\uDFFF\uFFFE\uFFFF]/;
const METACHARACTERS = /[&<>"\r]/g;
const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  // A parser turns a raw CR (and CRLF) into LF; as a reference it survives.
  '\r': '&#13;',
};

/** `text` with the characters XML 1.0 forbids left out. */
export function xmlAllowed(text: string): string {
  return NEEDS_WORK.test(text) ? text.replace(FORBIDDEN, '') : text;
}

/** `text` ready for XML: forbidden characters left out, metacharacters escaped. */
export function xmlEscape(text: string): string {
  if (!NEEDS_WORK.test(text)) return text;
  return text.replace(FORBIDDEN, '').replace(METACHARACTERS, (character) => ENTITIES[character]!);
}
