/**
 * Turns a body into text: the charset of Content-Type, else a <meta> charset near the top of
 * the page (many government sites still serve GBK that way), else UTF-8. Node's full ICU
 * decodes the legacy charsets; an unknown label falls back to UTF-8. Bytes that do not decode
 * become U+FFFD rather than failing: the text feeds similarity and link extraction only.
 */
export function decodeBodyText(body: Buffer, contentType: string | undefined): string {
  const label = charsetOf(contentType) ?? metaCharset(body) ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}

function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '');
  return match?.[1];
}

/** HTML's prescan looks at the first 1024 bytes; ASCII-compatible charsets only. */
function metaCharset(body: Buffer): string | undefined {
  const head = body.subarray(0, 1024).toString('latin1');
  const match = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head);
  return match?.[1];
}
