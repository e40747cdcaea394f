/** Flag validators: each returns the value or throws UserError with words a user can act on. */
import { REPORT_FORMATS, type ReportFormat } from '../report/report-formats.ts';
import { UserError } from '../user-error.ts';

export function parseInteger(flag: string, min: number, max: number) {
  return (text: string): number => {
    if (!/^\d+$/.test(text.trim()))
      throw new UserError(`${flag} takes a whole number, not "${text}"`);
    const value = Number(text);
    if (value < min || value > max) {
      throw new UserError(`${flag} must be between ${min} and ${max}, not ${value}`);
    }
    return value;
  };
}

export function parsePercent(flag: string) {
  return (text: string): number => {
    const value = Number(text.trim().replace(/%$/, ''));
    if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 100) {
      throw new UserError(`${flag} takes a percentage from 0 to 100, not "${text}"`);
    }
    return value;
  };
}

export function parseDepth(text: string): 0 | 1 | 2 {
  if (text === '0' || text === '1' || text === '2') return Number(text) as 0 | 1 | 2;
  throw new UserError(`--depth is 0, 1 or 2, not "${text}"`);
}

export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

/** The formats of `--format html,xlsx` (repeatable, comma-separated). */
export function parseFormats(value: string, previous: ReportFormat[] = []): ReportFormat[] {
  const given = value
    .split(',')
    .map((part) => part.trim().toLowerCase())
    .filter(Boolean);
  for (const format of given) {
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new UserError(`--format ${format}: must be one of ${REPORT_FORMATS.join(', ')}`);
    }
  }
  return [...previous, ...(given as ReportFormat[])];
}
