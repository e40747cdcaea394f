import { InputError } from './input-error.ts';

/** Longest line (or CSV row) read; a longer one is not a list of targets. */
export const MAX_LINE_CHARS = 16 * 1024;

export interface InputLine {
  text: string;
  /** 1-based line number in its input. */
  line: number;
  /** The line break that ended it ("\r\n", "\n", "\r"; "" for the last line without one). */
  end: string;
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
  // A CR that ended the last piece: the line waits to learn whether an LF follows.
  let endedByCr = false;
  for await (const piece of pieces) {
    if (piece === '') continue;
    let start = 0;
    if (endedByCr) {
      endedByCr = false;
      const end = piece.startsWith('\n') ? '\r\n' : '\r';
      yield { text: pending, line, end };
      pending = '';
      line += 1;
      start = end.length - 1;
    }
    lineBreak.lastIndex = start;
    for (let match = lineBreak.exec(piece); match !== null; match = lineBreak.exec(piece)) {
      const text = pending + piece.slice(start, match.index);
      pending = '';
      checkLength(text, sourceName, line);
      start = match.index + match[0].length;
      if (match[0] === '\r' && start === piece.length) {
        pending = text;
        endedByCr = true;
        break;
      }
      yield { text, line, end: match[0] };
      line += 1;
    }
    if (!endedByCr) pending += piece.slice(start);
    checkLength(pending, sourceName, line);
  }
  if (endedByCr) yield { text: pending, line, end: '\r' };
  else if (pending !== '') yield { text: pending, line, end: '' };
}

function checkLength(text: string, sourceName: string, line: number): void {
  if (text.length > MAX_LINE_CHARS) {
    throw new InputError(
      `${sourceName} line ${line} is longer than ${MAX_LINE_CHARS} characters: not a list of targets`,
    );
  }
}
