/**
 * What changes from one fetch to the next while the page stays the same: CSP nonces, CSRF
 * tokens, ASP.NET view state, session ids and cache-busting parameters in URLs, dates and
 * times, UUIDs, long hex and base64 runs. The page scanner applies these rules to each attribute
 * value and each word as it reads them, before any feature is built: one pass over the page
 * instead of a dozen regular expressions over a whole megabyte (docs/READINESS.md).
 */

/** A field or attribute named for a per-request secret. */
const VOLATILE_NAME =
  /nonce|csrf|xsrf|token|authenticity|__viewstate|__eventvalidation|__requestverification|__previouspage|__eventargument/i;

/** Attributes that name the field whose `value`/`content` they carry. */
const FIELD_NAMING_ATTRIBUTES = ['name', 'id', 'property', 'http-equiv'] as const;

/**
 * Whether an attribute's value changes per request: a `nonce`, an attribute named for a token
 * (`data-csrf-token`), or the `value`/`content` of a meta tag or input whose name, id or property
 * names one (`<meta name="csrf-token">`, `<input name="__VIEWSTATE">`, `name="_token"`).
 */
export function isVolatileAttribute(
  tagName: string,
  attributeName: string,
  tagAttributes: ReadonlyMap<string, string>,
): boolean {
  return (
    isVolatileAttributeName(attributeName) || isVolatileField(tagName, attributeName, tagAttributes)
  );
}

/** An attribute named for a per-request secret (`nonce`, `data-csrf-token`, `data-xsrf`). */
export function isVolatileAttributeName(attributeName: string): boolean {
  return VOLATILE_NAME.test(attributeName);
}

/** The `value` or `content` of a meta tag or input named for a per-request secret. */
export function isVolatileField(
  tagName: string,
  attributeName: string,
  tagAttributes: ReadonlyMap<string, string>,
): boolean {
  if (attributeName !== 'value' && attributeName !== 'content') return false;
  if (tagName !== 'input' && tagName !== 'meta') return false;
  return FIELD_NAMING_ATTRIBUTES.some((naming) =>
    VOLATILE_NAME.test(tagAttributes.get(naming) ?? ''),
  );
}

/** Query parameters that carry a session, a secret or a cache buster, not the page's identity. */
const VOLATILE_QUERY_PARAMETER =
  /^(?:phpsessid|jsessionid|sid|sessid|sessionid|session_id|aspsessionid\w*|cfid|cftoken|zenid|oscsid|_?csrf\w*|\w*token|nonce|signature|sig|expires|v|ver|version|_|t|_t|ts|timestamp|time|rev|r|rnd|rand|random|cb|cache|cachebust|cachebuster|nocache|_dc|hash|build)$/i;
const PATH_SESSION_ID = /;jsessionid=[^/?#]*|\/\([A-Z]\([a-z0-9]{16,}\)\)(?=\/)/gi;

/**
 * A URL without session ids (`;jsessionid=` and ASP.NET's `/(S(...))/` in the path; `PHPSESSID`,
 * `sid`, ... in the query) and cache busters (`?v=123`, `&_=1714702867`, `?20240501`).
 * Parameters that identify the page (`?id=42`) stay, in their order.
 */
export function stripVolatileUrl(url: string): string {
  const fragmentAt = url.indexOf('#');
  const withoutFragment = fragmentAt === -1 ? url : url.slice(0, fragmentAt);
  const queryAt = withoutFragment.indexOf('?');
  const path = queryAt === -1 ? withoutFragment : withoutFragment.slice(0, queryAt);
  const strippedPath =
    path.includes(';') || path.includes('(') ? path.replace(PATH_SESSION_ID, '') : path;
  if (queryAt === -1) return strippedPath;
  const kept = withoutFragment
    .slice(queryAt + 1)
    .split(/&(?:amp;)?/)
    .filter((parameter) => {
      if (parameter === '') return false;
      const equalsAt = parameter.indexOf('=');
      // A bare value (`style.css?20240501`) is a cache buster; a bare name is kept.
      if (equalsAt === -1) return !/^(?:\d{6,}|[0-9a-f]{8,})$/i.test(parameter);
      return !VOLATILE_QUERY_PARAMETER.test(parameter.slice(0, equalsAt));
    });
  return kept.length === 0 ? strippedPath : `${strippedPath}?${kept.join('&')}`;
}

/** Characters of hex, base64 and base64url runs (and UUIDs). */
function isRunCharacter(code: number): boolean {
  const lower = code | 0x20;
  return (
    (lower >= 0x61 && lower <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x2b /* + */ ||
    code === 0x2d /* - */ ||
    code === 0x5f /* _ */ ||
    code === 0x3d /* = */
  );
}

/**
 * A value with random runs (isRandomRun) emptied. Dates and times need no rule of their own:
 * the scanner turns every digit run into "0" afterwards, which already makes
 * `2024-05-03 10:21:07` and `2024-05-04 09:00:00` alike. `/` and `.` end a run, so that the
 * segments of a path or a file name are judged one by one.
 */
export function stripVolatileValue(rawValue: string): string {
  if (rawValue.length < MIN_RANDOM_RUN) return rawValue;
  // A UUID inside a longer run ("row-550e8400-e29b-...") is cut out before runs are judged.
  const value =
    rawValue.length >= 36 && rawValue.includes('-')
      ? rawValue.replace(UUID_ANYWHERE, '')
      : rawValue;
  let kept = '';
  let copiedUpTo = 0;
  let runStart = -1;
  for (let index = 0; index <= value.length; index++) {
    const inRun = index < value.length && isRunCharacter(value.charCodeAt(index));
    if (inRun) {
      if (runStart === -1) runStart = index;
      continue;
    }
    if (
      runStart !== -1 &&
      index - runStart >= MIN_RANDOM_RUN &&
      isRandomRun(value.slice(runStart, index))
    ) {
      kept += value.slice(copiedUpTo, runStart);
      copiedUpTo = index;
    }
    runStart = -1;
  }
  return copiedUpTo === 0 ? value : kept + value.slice(copiedUpTo);
}

const MIN_RANDOM_RUN = 16;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const UUID_ANYWHERE = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * Whether a run of letters and digits looks random rather than like a word or a name: a UUID;
 * 16 or more hex digits mixing digits and letters (hashes, request ids); or 24 or more
 * characters mixing upper case, lower case and digits that switch between those kinds at least
 * every third character (base64 tokens switch about every other character, while names such as
 * `Annual-Report-2024-Final` or `getElementById2` switch rarely).
 */
export function isRandomRun(run: string): boolean {
  if (run.length < MIN_RANDOM_RUN) return false;
  let length = run.length;
  while (length > 0 && run.charCodeAt(length - 1) === 0x3d /* = padding */) length--;
  let upper = 0;
  let lower = 0;
  let hexLetters = 0;
  let digits = 0;
  let others = 0;
  let switches = 0;
  let previousKind = -1;
  for (let index = 0; index < length; index++) {
    const code = run.charCodeAt(index);
    let kind = -1;
    if (code >= 0x30 && code <= 0x39) kind = DIGIT;
    else if (code >= 0x41 && code <= 0x5a) kind = UPPER;
    else if (code >= 0x61 && code <= 0x7a) kind = LOWER;
    if (kind === DIGIT) digits++;
    else if (kind === UPPER) upper++;
    else if (kind === LOWER) lower++;
    else others++;
    if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66) hexLetters++;
    if (kind !== -1 && previousKind !== -1 && kind !== previousKind) switches++;
    previousKind = kind;
  }
  if (length === 36 && others === 4 && UUID.test(run)) return true;
  if (others === 0 && hexLetters === upper + lower) return digits > 0 && hexLetters > 0;
  return length >= 24 && upper > 0 && lower > 0 && digits > 0 && switches * 3 >= length;
}

const DIGIT = 0;
const UPPER = 1;
const LOWER = 2;
