import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/targets/input-error.ts';
import { MAX_LINE_CHARS, splitLines } from '../../src/targets/input-lines.ts';
import { readAll } from '../support/read-all.ts';

async function* pieces(...texts: string[]): AsyncGenerator<string> {
  for (const text of texts) yield text;
}

describe('splitLines', () => {
  it('CRLF cut between two pieces is one line break, a lone CR is one too', async () => {
    const lines = await readAll(splitLines(pieces('a\r', '\nb\rc', '\n', 'd'), 'list.txt'));
    expect(lines).toEqual([
      { text: 'a', line: 1, end: '\r\n' },
      { text: 'b', line: 2, end: '\r' },
      { text: 'c', line: 3, end: '\n' },
      { text: 'd', line: 4, end: '' },
    ]);
  });

  it('a CR that ends a piece and is not followed by LF is a break of its own', async () => {
    const lines = await readAll(splitLines(pieces('a\r', 'b\r'), 'list.txt'));
    expect(lines).toEqual([
      { text: 'a', line: 1, end: '\r' },
      { text: 'b', line: 2, end: '\r' },
    ]);
  });

  it('a blank line keeps its number, so later lines are counted right', async () => {
    const lines = await readAll(splitLines(pieces('a\n\n\r\nb\n'), 'list.txt'));
    expect(lines.map((line) => line.line)).toEqual([1, 2, 3, 4]);
    expect(lines[3]?.text).toBe('b');
  });

  it('a line over the cap stops the read at once with the file and line named', async () => {
    let piecesRead = 0;
    async function* endlessNul(): AsyncGenerator<string> {
      yield 'ok.example.com\n';
      for (;;) {
        piecesRead += 1;
        yield '\u0000'.repeat(4096);
      }
    }
    const reading = readAll(splitLines(endlessNul(), '/dev/zero'));
    await expect(reading).rejects.toBeInstanceOf(InputError);
    await expect(reading).rejects.toThrow(
      `/dev/zero line 2 is longer than ${MAX_LINE_CHARS} characters`,
    );
    expect(piecesRead).toBeLessThanOrEqual(MAX_LINE_CHARS / 4096 + 1);
  });
});
