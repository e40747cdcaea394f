/** Longest piece of input repeated in a target or a reason; the rest becomes an ellipsis. */
export const MAX_ECHO_CHARS = 200;

/**
 * Input text as it may appear in a report: control characters (C0, DEL, C1) written as \uXXXX,
 * never raw, and at most MAX_ECHO_CHARS characters, so a hostile line cannot bloat or corrupt
 * report.json, report.csv or a terminal.
 */
export function echoText(text: string): string {
  const cut = text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}…` : text;
  return cut.replace(
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f-\u009f]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
