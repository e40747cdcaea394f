/** A comment ends at `-->`, or at `--!>` (the tokenizer's "comment end bang" state). */
const COMMENT_END = /--!?>/g;

/**
 * Where text resumes after the comment whose `<!--` starts at `open`, as the HTML tokenizer
 * reads it: `<!-->` and `<!--->` are complete (empty) comments, an unclosed one runs to the end.
 * The crawl (links) and the page comparison (content) both skip comments by this one rule.
 */
export function commentEnd(html: string, open: number): number {
  if (html.startsWith('>', open + 4)) return open + 5;
  if (html.startsWith('->', open + 4)) return open + 6;
  COMMENT_END.lastIndex = open + 4;
  const close = COMMENT_END.exec(html);
  return close === null ? html.length : close.index + close[0].length;
}
