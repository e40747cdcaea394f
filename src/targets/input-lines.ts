import { InputError } from './input-error.ts';

/** Longest line (or CSV row) read; a longer one is not a list of targets. */
export const MAX_LINE_CHARS = 16 * 1024;

export interface InputLine {
  text: string;
  /** 1-based line number in its input. */
  line: number;
}

/**
 * Splits decoded text pieces into lines (CRLF, LF and a lone CR each end one, also when a CRLF
 * is cut between two pieces). Holds at most one line: a line longer than MAX_LINE_CHARS stops
 * the read with an InputError at once, so `--input /dev/zero` ends quickly.
 */
export async function* splitLines(
  pieces: AsyncIterable<string>,
  sourceName: string,
): AsyncGenerator<InputLine> {
  const lineBreak = /\r\n|\n|\r/g;
  let pending = '';
  let line = 1;
  let skipLineFeed = false;
  for await (const piece of pieces) {
    let start = skipLineFeed && piece.startsWith('\n') ? 1 : 0;
    if (piece !== '') skipLineFeed = false;
    lineBreak.lastIndex = start;
    for (let match = lineBreak.exec(piece); match !== null; match = lineBreak.exec(piece)) {
      const text = pending + piece.slice(start, match.index);
      pending = '';
      checkLength(text, sourceName, line);
      yield { text, line };
      line += 1;
      start = match.index + match[0].length;
      if (match[0] === '\r' && start === piece.length) skipLineFeed = true;
    }
    pending += piece.slice(start);
    checkLength(pending, sourceName, line);
  }
  if (pending !== '') yield { text: pending, line };
}

function checkLength(text: string, sourceName: string, line: number): void {
  if (text.length > MAX_LINE_CHARS) {
    throw new InputError(
      `${sourceName} line ${line} is longer than ${MAX_LINE_CHARS} characters: not a list of targets`,
    );
  }
}
