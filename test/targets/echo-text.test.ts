import { describe, expect, it } from 'vitest';
import { echoText, MAX_ECHO_CHARS } from '../../src/targets/echo-text.ts';

describe('echoText', () => {
  it('writes NUL, other C0 and C1 controls and DEL as \\u escapes', () => {
    expect(echoText('a\u0000b\tc\u001bd\u007fe\u0085f')).toBe(
      'a\\u0000b\\u0009c\\u001bd\\u007fe\\u0085f',
    );
  });

  it(`cuts text at ${MAX_ECHO_CHARS} characters and marks the cut with an ellipsis`, () => {
    expect(echoText('x'.repeat(MAX_ECHO_CHARS))).toBe('x'.repeat(MAX_ECHO_CHARS));
    expect(echoText('x'.repeat(10_000_000))).toBe(`${'x'.repeat(MAX_ECHO_CHARS)}…`);
  });

  it('leaves Chinese and other printable text alone', () => {
    expect(echoText('政务 portal — ß')).toBe('政务 portal — ß');
  });
});
