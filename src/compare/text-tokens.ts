import { FNV_OFFSET, finalizeHash, fnvStep, hashString } from './feature-hash.ts';
import { isRandomRun } from './strip-volatile.ts';

/**
 * Turns visible text text[start, end) (raw HTML text: character references are decoded here)
 * into token hashes without building a string per token. Chinese and
 * Japanese text has no spaces, so each ideograph or kana is a token of its own (shingles over
 * them are character n-grams); other scripts give words, ASCII lower-cased. Volatile text is
 * neutralised here, as the words go by:
 * - every digit run counts as "0": dates, clock times, visitor counters, Unix timestamps;
 * - a word that looks random (isRandomRun: hashes, request ids, tokens) is one fixed token;
 * - weekday names (`Friday`, `星期五`) are one fixed token, for fetches either side of midnight.
 */
export function forEachTextToken(
  text: string,
  start: number,
  end: number,
  onToken: (tokenHash: number) => void,
): void {
  // Plain locals and no closures: this loop runs once per character of every page, and a
  // captured variable holding a 32-bit hash would be boxed on every write.
  let hash = FNV_OFFSET;
  let wordLength = 0;
  let wordStart = -1;
  let contiguous = true;
  let previousWasDigit = false;
  let cjkBefore1 = 0;
  let cjkBefore2 = 0;

  let index = start;
  while (index <= end) {
    let code = index < end ? text.charCodeAt(index) : -1; // -1: the end, which ends a word
    let codeIndex = index;
    index++;
    if (code === 0x26 /* & */) {
      const reference = readCharacterReference(text, codeIndex, end);
      index = reference.next;
      code = reference.codePoint === -1 ? 0x20 : reference.codePoint;
      codeIndex = -1;
    } else if (code >= 0xd800 && code <= 0xdbff && index < end) {
      const low = text.charCodeAt(index);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = ((code - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        index++;
      }
    }
    const kind = code === -1 ? SEPARATOR : code > 0xffff ? SINGLE : characterKind(code);
    if (kind === WORD || kind === DIGIT) {
      if (wordLength === 0) {
        wordStart = codeIndex;
        contiguous = codeIndex !== -1;
      } else if (codeIndex === -1) {
        contiguous = false;
      }
      wordLength++;
      if (kind === DIGIT) {
        if (!previousWasDigit) hash = fnvStep(hash, 0x30);
        previousWasDigit = true;
      } else {
        previousWasDigit = false;
        hash = fnvStep(hash, code >= 0x41 && code <= 0x5a ? code | 0x20 : code);
      }
      continue;
    }
    if (wordLength > 0) {
      onToken(wordToken(finalizeHash(hash), text, contiguous ? wordStart : -1, wordLength));
      hash = FNV_OFFSET;
      wordLength = 0;
      previousWasDigit = false;
      cjkBefore1 = cjkBefore2 = 0;
    }
    if (kind === SEPARATOR) {
      cjkBefore1 = cjkBefore2 = 0;
      continue;
    }
    const isWeekday =
      cjkBefore2 === 0x661f /* 星 */ &&
      cjkBefore1 === 0x671f /* 期 */ &&
      WEEKDAY_CHARACTERS.has(code);
    cjkBefore2 = cjkBefore1;
    cjkBefore1 = code;
    onToken(isWeekday ? VOLATILE_TOKEN : finalizeHash(fnvStep(FNV_OFFSET, code)));
  }
}

/** The token of a finished word: weekday names and random runs become one fixed token. */
function wordToken(tokenHash: number, text: string, wordStart: number, wordLength: number): number {
  if (WEEKDAY_WORDS.has(tokenHash)) return VOLATILE_TOKEN;
  if (
    wordLength >= 16 &&
    wordStart !== -1 &&
    isRandomRun(text.slice(wordStart, wordStart + wordLength))
  ) {
    return VOLATILE_TOKEN;
  }
  return tokenHash;
}

const SEPARATOR = 0;
const WORD = 1;
const DIGIT = 2;
const SINGLE = 3;

const VOLATILE_TOKEN = hashString('\u0000volatile');
const WEEKDAY_CHARACTERS = new Set(
  [...'一二三四五六日天'].map((character) => character.codePointAt(0)),
);
const WEEKDAY_WORDS = new Set(
  [
    'monday',
    'tuesday',
    'wednesday',
    'thursday',
    'friday',
    'saturday',
    'sunday',
    'mon',
    'tue',
    'wed',
    'thu',
    'fri',
    'sat',
    'sun',
  ].map((word) => hashString(word)),
);

/** Kinds of the BMP code units above ASCII, filled on first sight (a Unicode regex is slow). */
const nonAsciiKinds = new Uint8Array(0x10000);
const KIND_UNKNOWN = 0;
const WORD_CHARACTER = /[\p{L}\p{N}\p{M}]/u;

function characterKind(code: number): number {
  if (code < 0x80) {
    if (code >= 0x30 && code <= 0x39) return DIGIT;
    if ((code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f)
      return WORD;
    return SEPARATOR;
  }
  if (
    (code >= 0x3040 && code <= 0x30ff) || // Hiragana, Katakana
    (code >= 0x3400 && code <= 0x4dbf) || // CJK extension A
    (code >= 0x4e00 && code <= 0x9fff) || // CJK unified ideographs
    (code >= 0xf900 && code <= 0xfaff) // CJK compatibility ideographs
  ) {
    return SINGLE;
  }
  if (code >= 0xff10 && code <= 0xff19) return DIGIT; // full-width digits
  if (code >= 0xd800 && code <= 0xdfff) return SEPARATOR; // a lone surrogate
  const known = nonAsciiKinds[code];
  if (known !== undefined && known !== KIND_UNKNOWN) return known - 1;
  const kind = WORD_CHARACTER.test(String.fromCharCode(code)) ? WORD : SEPARATOR;
  nonAsciiKinds[code] = kind + 1;
  return kind;
}

/**
 * A numeric reference (`&#20013;`, `&#x4e2d;`) gives its character; a named one (`&nbsp;`,
 * `&amp;`) or a bare '&' separates words (codePoint -1).
 */
function readCharacterReference(
  text: string,
  at: number,
  end: number,
): { codePoint: number; next: number } {
  let index = at + 1;
  if (text.charCodeAt(index) === 0x23 /* # */) {
    index++;
    const hex = (text.charCodeAt(index) | 0x20) === 0x78; /* x */
    if (hex) index++;
    let value = 0;
    const digitsStart = index;
    while (index < end && index - digitsStart < 7) {
      const digit = hexDigitValue(text.charCodeAt(index), hex);
      if (digit === -1) break;
      value = value * (hex ? 16 : 10) + digit;
      index++;
    }
    if (index === digitsStart) return { codePoint: -1, next: at + 1 };
    if (text.charCodeAt(index) === 0x3b /* ; */) index++;
    const valid = value > 0 && value <= 0x10ffff && (value < 0xd800 || value > 0xdfff);
    return { codePoint: valid ? value : -1, next: index };
  }
  while (index < end && index - at <= 32 && isAsciiAlphanumeric(text.charCodeAt(index))) index++;
  if (index < end && text.charCodeAt(index) === 0x3b /* ; */) index++;
  return { codePoint: -1, next: Math.max(index, at + 1) };
}

function hexDigitValue(code: number, hex: boolean): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (!hex) return -1;
  const lower = code | 0x20;
  return lower >= 0x61 && lower <= 0x66 ? lower - 0x61 + 10 : -1;
}

function isAsciiAlphanumeric(code: number): boolean {
  const lower = code | 0x20;
  return (code >= 0x30 && code <= 0x39) || (lower >= 0x61 && lower <= 0x7a);
}
