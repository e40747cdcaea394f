/**
 * The checks a report or a sites.jsonl line must pass before any reader trusts it: every field a
 * reader, the summary or report.csv uses, with its type. A file that fails says where, in one line.
 */
import { VERDICTS, type Verdict } from '../judge/judge-types.ts';
import { REPORT_SCHEMA, type ReportHeader, type SiteReport } from './report-types.ts';

type Fields = Record<string, unknown>;

const isObject = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isStringOrNull = (value: unknown): boolean => value === null || typeof value === 'string';
const isNumberOrNull = (value: unknown): boolean =>
  value === null || (typeof value === 'number' && Number.isFinite(value));
const isStringList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

const SITE_FIELDS: Record<string, (value: unknown) => boolean> = {
  index: (value) => Number.isSafeInteger(value) && (value as number) >= 0,
  target: (value) => typeof value === 'string',
  host: isStringOrNull,
  unicode_host: isStringOrNull,
  category: isStringOrNull,
  owner: isStringOrNull,
  name: isStringOrNull,
  rank: isNumberOrNull,
  verdict: (value) => VERDICTS.includes(value as Verdict),
  score: (value) => typeof value === 'number' && value >= 0 && value <= 100,
  reasons: isStringList,
  checks: (value) =>
    isObject(value) &&
    Object.values(value).every((check) => isObject(check) && typeof check.status === 'string'),
  figures: (value) => isObject(value) && figuresProblem(value) === null,
  evidence: (value) => value === null || isObject(value),
  scanned_at: (value) => typeof value === 'string' && !Number.isNaN(Date.parse(value)),
};

const FIGURE_FIELDS: Record<string, (value: unknown) => boolean> = {
  aaaa: isStringList,
  a: isStringList,
  v6_status: (value) => isNumberOrNull(value) || typeof value === 'string',
  v4_status: (value) => isNumberOrNull(value) || typeof value === 'string',
  v6_ttfb_ms: isNumberOrNull,
  v4_ttfb_ms: isNumberOrNull,
  similarity: isNumberOrNull,
  l2_ratio: isNumberOrNull,
  l3_ratio: isNumberOrNull,
};

function figuresProblem(figures: Fields): string | null {
  for (const [field, valid] of Object.entries(FIGURE_FIELDS)) {
    if (!valid(figures[field])) return `figures.${field}`;
  }
  return null;
}

/** The first field of a site object that is missing or of the wrong type, or null when none is. */
export function siteProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not an object';
  for (const [field, valid] of Object.entries(SITE_FIELDS)) {
    if (!valid(value[field])) {
      const detail =
        field === 'figures' && isObject(value.figures) ? figuresProblem(value.figures) : field;
      return `${detail ?? field} is missing or of the wrong type`;
    }
  }
  return null;
}

export function isSiteReport(value: unknown): value is SiteReport {
  return siteProblem(value) === null;
}

const OPTION_FIELDS: Record<string, (value: unknown) => boolean> = {
  timeout_ms: (value) => typeof value === 'number',
  site_timeout_ms: (value) => typeof value === 'number',
  max_body_bytes: (value) => typeof value === 'number',
  profile: (value) => typeof value === 'string',
  depth: (value) => typeof value === 'number',
  max_links: (value) => typeof value === 'number',
  mail: (value) => typeof value === 'boolean',
  shard: isStringOrNull,
  allow_private: (value) => typeof value === 'boolean',
};

/** The first problem of a report's header (everything but its sites), or null. */
export function headerProblem(value: unknown): string | null {
  if (!isObject(value)) return 'not a report';
  if (value.schema !== REPORT_SCHEMA) {
    // Mixing another schema would silently join fields that mean different things.
    return `schema ${JSON.stringify(value.schema)} differs from ${JSON.stringify(REPORT_SCHEMA)}`;
  }
  if (!isObject(value.tool) || typeof value.tool.version !== 'string') return 'tool is missing';
  for (const field of ['started_at', 'finished_at']) {
    if (typeof value[field] !== 'string') return `${field} is missing or of the wrong type`;
  }
  if (!isObject(value.options)) return 'options missing';
  for (const [field, valid] of Object.entries(OPTION_FIELDS)) {
    if (!valid(value.options[field])) return `options.${field} is missing or of the wrong type`;
  }
  for (const field of ['sites_done', 'sites_total']) {
    if (field in value && !Number.isSafeInteger(value[field])) return `${field} is not a count`;
  }
  if ('complete' in value && typeof value.complete !== 'boolean')
    return 'complete is not true/false';
  return null;
}

/** Reports written before the completeness fields existed said nothing: they count as whole. */
export function normaliseHeader(value: Fields, sitesInFile: number): ReportHeader {
  const header = value as unknown as ReportHeader;
  return {
    ...header,
    complete: typeof value.complete === 'boolean' ? value.complete : true,
    sites_done: typeof value.sites_done === 'number' ? value.sites_done : sitesInFile,
    sites_total: typeof value.sites_total === 'number' ? value.sites_total : sitesInFile,
  };
}
