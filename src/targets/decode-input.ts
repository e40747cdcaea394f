const UTF8_BOM = '\ufeff';

/**
 * Turns file bytes into text. A list saved by Excel or WPS on a Chinese-locale system is often
 * GB18030 (GBK) rather than UTF-8, so bytes that are not valid UTF-8 are read as GB18030.
 */
export function decodeInput(bytes: Uint8Array): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return stripBom(text);
}

export function stripBom(text: string): string {
  return text.startsWith(UTF8_BOM) ? text.slice(UTF8_BOM.length) : text;
}
