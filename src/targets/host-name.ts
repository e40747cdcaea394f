import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';
import { echoText } from './echo-text.ts';

export type HostNameResult =
  { ok: true; host: string; unicodeHost: string } | { ok: false; reason: string };

export const IP_NOT_A_TARGET = 'IP addresses are not targets: scan a host name';

const MAX_LABEL_LENGTH = 63;
const MAX_NAME_LENGTH = 253;

/**
 * Checks a host name as a web site name and gives its ASCII (punycode) and Unicode forms.
 * Underscores are rejected: they are legal in DNS owner names (_dmarc, SRV records) but not in a
 * host name a browser can reach (RFC 952/1123), and WHATWG URL parsing would let them through.
 */
export function checkHostName(raw: string): HostNameResult {
  const shown = echoText(raw);
  // Only ASCII is lower-cased here: IDNA (UTS #46) maps the rest, and JavaScript's toLowerCase
  // disagrees with it ("ẞ" must become "ss", a final "Σ" must become "σ", not "ς").
  const lower = raw.replace(/[A-Z]+/g, (letters) => letters.toLowerCase());
  // IDNA reads these as dots too; mapped first so the checks below see the labels it will see.
  const dotted = lower.replace(/[\u3002\uff0e\uff61]/g, '.');
  const name = dotted.endsWith('.') ? dotted.slice(0, -1) : dotted;
  if (name === '') return fail('the host name is empty');
  if (/\s/.test(name)) return fail(`"${shown}" contains a space, which a host name cannot have`);
  if (name.startsWith('[') || isIP(name) !== 0 || countColons(name) >= 2) {
    return fail(IP_NOT_A_TARGET);
  }
  if (name.includes('_')) {
    return fail(`"${shown}" contains an underscore, which a web host name cannot have`);
  }
  // domainToASCII would percent-decode or silently drop some ASCII characters, so refuse them first.
  // eslint-disable-next-line no-control-regex -- control characters are what it looks for
  const badAscii = /[\u0000-\u002c\u002f\u003a-\u0060\u007b-\u007f]/.exec(name)?.[0];
  if (badAscii !== undefined) {
    return fail(`"${shown}" contains "${echoText(badAscii)}", which a host name cannot have`);
  }
  if (name.split('.').some((label) => label === '')) {
    return fail(`"${shown}" has an empty label (two dots in a row, or a dot at the start)`);
  }

  // Checked before IDNA, which refuses "999.1.1.1" as a bad IPv4 address rather than say so.
  // NFKC folds full-width digits, so "１２７．０．０．１" is the address it looks like.
  const folded = isAscii(name) ? name : name.normalize('NFKC');
  if (isIP(folded) !== 0 || endsInNumber(folded.split('.'))) {
    const invalidAddress = isIP(folded) === 0 ? ' (and not a valid address either)' : '';
    return fail(`"${shown}" reads as an IP address${invalidAddress}: ${IP_NOT_A_TARGET}`);
  }

  const host = domainToASCII(name);
  if (host === '') {
    return fail(`"${shown}" is not a valid internationalised name (a bad character or xn-- label)`);
  }
  const labels = host.split('.');
  if (labels.some((label) => label === '')) {
    return fail(`"${shown}" has an empty label (two dots in a row, or a dot at the start)`);
  }
  if (labels.length === 1) {
    return fail(
      `"${shown}" is a single label with no dot, not a public host name: give the full name`,
    );
  }
  for (const label of labels) {
    if (!/^[a-z0-9-]+$/.test(label)) {
      return fail(`"${shown}" contains characters a host name cannot have`);
    }
    if (label.length > MAX_LABEL_LENGTH) {
      return fail(
        `a label of "${shown}" is ${label.length} characters long; the limit is ${MAX_LABEL_LENGTH}`,
      );
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return fail(`the label "${label}" starts or ends with a hyphen`);
    }
  }
  if (host.length > MAX_NAME_LENGTH) {
    return fail(`the name is ${host.length} characters long; the limit is ${MAX_NAME_LENGTH}`);
  }
  // Only a punycode label has another Unicode form; most names of a top list have none.
  const unicodeHost = host.includes('xn--') ? domainToUnicode(host) : host;
  return { ok: true, host, unicodeHost: unicodeHost === '' ? host : unicodeHost };
}

function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex -- the ASCII range starts at NUL
  return /^[\u0000-\u007f]*$/.test(text);
}

function fail(reason: string): HostNameResult {
  return { ok: false, reason };
}

function countColons(text: string): number {
  return text.split(':').length - 1;
}

/** WHATWG URL parsing treats a name whose last label is a number as IPv4 ("1.2.3" is 1.2.0.3). */
function endsInNumber(labels: string[]): boolean {
  const last = labels[labels.length - 1] ?? '';
  return /^[0-9]+$/.test(last) || /^0x[0-9a-f]*$/.test(last);
}
