import { echoText } from './echo-text.ts';
import { checkHostName, IP_NOT_A_TARGET } from './host-name.ts';

export type ParsedTarget =
  | { ok: true; host: string; unicodeHost: string; entryUrls: string[] }
  | { ok: false; reason: string };

const MAX_PORT = 65535;

/**
 * Reads one target: a bare host name (optionally with a path, "www.example.cn/portal/"), which
 * is tried over https then http, or an http(s) URL, which is fetched as given.
 */
export function parseTarget(raw: string): ParsedTarget {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'the line is empty' };

  const withScheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text);
  if (withScheme) {
    const scheme = (withScheme[1] ?? '').toLowerCase();
    if (scheme !== 'http' && scheme !== 'https') {
      return {
        ok: false,
        reason: `only http:// and https:// URLs are targets, not ${echoText(scheme)}://`,
      };
    }
    return parseUrlTarget(scheme, text.slice(withScheme[0].length));
  }
  // "mailto:x", "javascript:..." (a colon followed by a digit is a host:port, handled below).
  // Counted in the part before any "/", so "data:text/html,<a:b>" is a scheme too.
  const otherScheme = /^([a-z][a-z0-9+.-]*):(?![0-9])/i.exec(text);
  if (otherScheme && countColons(splitAuthority(text).authority) === 1) {
    return {
      ok: false,
      reason: `only http:// and https:// URLs are targets, not ${echoText(otherScheme[1] ?? '')}:`,
    };
  }
  return parseBareTarget(text);
}

function parseUrlTarget(scheme: string, afterScheme: string): ParsedTarget {
  const { authority, rest } = splitAuthority(afterScheme);
  if (authority.includes('@')) {
    return {
      ok: false,
      reason: 'a URL with a user name or password is not a target: remove the part before "@"',
    };
  }
  if (authority === '') return { ok: false, reason: 'the URL has no host name' };
  const hostAndPort = splitPort(authority);
  if (!hostAndPort.ok) return hostAndPort;
  const checked = checkHostName(hostAndPort.host);
  if (!checked.ok) return checked;
  const url = buildUrl(scheme, checked.host, hostAndPort.port, rest);
  if (url === null) return { ok: false, reason: 'the URL is not valid' };
  return { ok: true, host: checked.host, unicodeHost: checked.unicodeHost, entryUrls: [url] };
}

function parseBareTarget(text: string): ParsedTarget {
  if (text.includes('@')) {
    return { ok: false, reason: `"${echoText(text)}" is not a host name (it contains "@")` };
  }
  const { authority, rest } = splitAuthority(text);
  if (authority.startsWith('[') || countColons(authority) >= 2) {
    return { ok: false, reason: IP_NOT_A_TARGET };
  }
  if (authority.includes(':')) {
    // The port says nothing about which scheme it speaks, so the user must choose one.
    return {
      ok: false,
      reason: `a port needs a full URL: write https://${echoText(authority)}/ or http://${echoText(authority)}/`,
    };
  }
  const checked = checkHostName(authority);
  if (!checked.ok) return checked;
  const https = buildUrl('https', checked.host, '', rest);
  const http = buildUrl('http', checked.host, '', rest);
  if (https === null || http === null) return { ok: false, reason: 'the path is not valid' };
  return {
    ok: true,
    host: checked.host,
    unicodeHost: checked.unicodeHost,
    entryUrls: [https, http],
  };
}

/** WHATWG URL parsing ends the authority at "/", "\", "?" or "#" for http(s). */
function splitAuthority(text: string): { authority: string; rest: string } {
  const end = text.search(/[/\\?#]/);
  if (end === -1) return { authority: text, rest: '' };
  return { authority: text.slice(0, end), rest: text.slice(end) };
}

function splitPort(
  authority: string,
): { ok: true; host: string; port: string } | { ok: false; reason: string } {
  if (authority.startsWith('[') || countColons(authority) >= 2) {
    return { ok: false, reason: IP_NOT_A_TARGET };
  }
  const colon = authority.indexOf(':');
  if (colon === -1) return { ok: true, host: authority, port: '' };
  const port = authority.slice(colon + 1);
  const portNumber = Number(port);
  if (port !== '' && (!/^[0-9]{1,5}$/.test(port) || portNumber < 1 || portNumber > MAX_PORT)) {
    return {
      ok: false,
      reason: `the port "${echoText(port)}" is not a number from 1 to ${MAX_PORT}`,
    };
  }
  return { ok: true, host: authority.slice(0, colon), port };
}

/** Normalises through WHATWG URL: default port dropped, "/" path added, fragment dropped. */
function buildUrl(scheme: string, host: string, port: string, rest: string): string | null {
  // A checked host alone is already in the form URL parsing would give; skip the parse.
  if (port === '' && rest === '') return `${scheme}://${host}/`;
  try {
    const url = new URL(`${scheme}://${host}${port === '' ? '' : `:${port}`}${rest}`);
    url.hash = '';
    return url.href;
  } catch {
    return null;
  }
}

function countColons(text: string): number {
  return text.split(':').length - 1;
}
