import { isIP } from 'node:net';
import { domainToASCII, domainToUnicode } from 'node:url';

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
  const lower = raw.toLowerCase();
  const name = lower.endsWith('.') ? lower.slice(0, -1) : lower;
  if (name === '') return fail('the host name is empty');
  if (/\s/.test(name)) return fail(`"${raw}" contains a space, which a host name cannot have`);
  if (name.startsWith('[') || isIP(name) !== 0 || countColons(name) >= 2) {
    return fail(IP_NOT_A_TARGET);
  }
  if (name.includes('_')) {
    return fail(`"${raw}" contains an underscore, which a web host name cannot have`);
  }
  // domainToASCII would percent-decode or silently drop some ASCII characters, so refuse them first.
  const badAscii = [...name].find((char) => char < '\u0080' && !/[a-z0-9.-]/.test(char));
  if (badAscii !== undefined) {
    return fail(`"${raw}" contains "${badAscii}", which a host name cannot have`);
  }

  // Checked before IDNA, which refuses "999.1.1.1" as a bad IPv4 address rather than say so.
  if (endsInNumber(name.split('.'))) {
    const invalidAddress = isIP(name) === 0 ? ' (and not a valid address either)' : '';
    return fail(`"${raw}" reads as an IP address${invalidAddress}: ${IP_NOT_A_TARGET}`);
  }

  const converted = domainToASCII(name);
  if (converted === '') {
    return fail(`"${raw}" is not a valid internationalised name (a bad character or xn-- label)`);
  }
  // IDNA maps full-width dots to ".", so a trailing one only shows up now.
  const host = converted.endsWith('.') ? converted.slice(0, -1) : converted;
  const labels = host.split('.');
  if (labels.some((label) => label === '')) {
    return fail(`"${raw}" has an empty label (two dots in a row, or a dot at the start)`);
  }
  if (labels.length === 1) {
    return fail(
      `"${raw}" is a single label with no dot, not a public host name: give the full name`,
    );
  }
  for (const label of labels) {
    if (!/^[a-z0-9-]+$/.test(label)) {
      return fail(`"${raw}" contains characters a host name cannot have`);
    }
    if (label.length > MAX_LABEL_LENGTH) {
      return fail(
        `a label of "${raw}" is ${label.length} characters long; the limit is ${MAX_LABEL_LENGTH}`,
      );
    }
    if (label.startsWith('-') || label.endsWith('-')) {
      return fail(`the label "${label}" starts or ends with a hyphen`);
    }
  }
  if (host.length > MAX_NAME_LENGTH) {
    return fail(`the name is ${host.length} characters long; the limit is ${MAX_NAME_LENGTH}`);
  }
  const unicodeHost = domainToUnicode(host);
  return { ok: true, host, unicodeHost: unicodeHost === '' ? host : unicodeHost };
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
