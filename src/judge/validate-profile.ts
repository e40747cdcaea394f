import { CHECK_IDS, type CheckId, type CheckRole } from '../checks/check-table.ts';
import type { Profile } from './judge-types.ts';
import { ProfileError } from './profile-error.ts';

const ROLES: readonly CheckRole[] = ['required', 'recommended', 'info', 'off'];
const TOP_LEVEL_KEYS = ['name', 'description', 'roles', 'thresholds'];

type Thresholds = Profile['thresholds'];

/** Each threshold with its range, in words for the error message. */
const THRESHOLD_RULES: Record<
  keyof Thresholds,
  { check: (value: number) => boolean; range: string }
> = {
  linksL2: { check: (value) => value >= 0 && value <= 1, range: 'a share from 0 to 1' },
  linksL3: { check: (value) => value >= 0 && value <= 1, range: 'a share from 0 to 1' },
  similarity: { check: (value) => value >= 0 && value <= 1, range: 'a similarity from 0 to 1' },
  latencyRatio: { check: (value) => value >= 1, range: 'a ratio of at least 1' },
  latencySlackMs: { check: (value) => value >= 0, range: 'milliseconds, 0 or more' },
};

/**
 * Checks a parsed profile field by field and fills what it leaves out from `base` (the default
 * profile). Every problem is reported at once, each with its path, so one edit fixes the file.
 */
export function validateProfile(
  raw: unknown,
  source: string,
  fallbackName: string,
  base?: Profile,
): Profile {
  const problems: string[] = [];
  if (!isPlainObject(raw)) {
    throw new ProfileError(
      `profile ${source}: must be a JSON object with "roles" and "thresholds"`,
      ['not an object'],
    );
  }
  for (const key of Object.keys(raw)) {
    if (!TOP_LEVEL_KEYS.includes(key))
      problems.push(`unknown field "${key}" (fields: ${TOP_LEVEL_KEYS.join(', ')})`);
  }
  if (raw.name !== undefined && (typeof raw.name !== 'string' || raw.name.trim() === '')) {
    problems.push('name: must be a non-empty string');
  }
  if (raw.description !== undefined && typeof raw.description !== 'string') {
    problems.push('description: must be a string');
  }
  const roles = validateRoles(raw.roles, base, problems);
  const thresholds = validateThresholds(raw.thresholds, base, problems);
  if (problems.length > 0 || !roles || !thresholds) {
    throw new ProfileError(`profile ${source} is not valid: ${problems.join('; ')}`, problems);
  }
  return { name: typeof raw.name === 'string' ? raw.name.trim() : fallbackName, roles, thresholds };
}

function validateRoles(
  raw: unknown,
  base: Profile | undefined,
  problems: string[],
): Profile['roles'] | null {
  if (raw !== undefined && !isPlainObject(raw)) {
    problems.push('roles: must be an object of check id to role');
    return null;
  }
  const given = raw ?? {};
  for (const [id, role] of Object.entries(given)) {
    if (!(CHECK_IDS as readonly string[]).includes(id)) {
      problems.push(`roles.${id}: unknown check id (known: ${CHECK_IDS.join(', ')})`);
    } else if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) {
      problems.push(`roles.${id}: must be one of ${ROLES.join(', ')}, got ${JSON.stringify(role)}`);
    }
  }
  const roles = {} as Record<CheckId, CheckRole>;
  for (const id of CHECK_IDS) {
    const role = given[id] ?? base?.roles[id];
    if (role === undefined) problems.push(`roles.${id}: missing`);
    else roles[id] = role as CheckRole;
  }
  return roles;
}

function validateThresholds(
  raw: unknown,
  base: Profile | undefined,
  problems: string[],
): Thresholds | null {
  if (raw !== undefined && !isPlainObject(raw)) {
    problems.push('thresholds: must be an object');
    return null;
  }
  const given = raw ?? {};
  const names = Object.keys(THRESHOLD_RULES) as (keyof Thresholds)[];
  for (const key of Object.keys(given)) {
    if (!(names as string[]).includes(key))
      problems.push(`thresholds.${key}: unknown threshold (known: ${names.join(', ')})`);
  }
  const thresholds = {} as Thresholds;
  for (const name of names) {
    const value = given[name] ?? base?.thresholds[name];
    const { check, range } = THRESHOLD_RULES[name];
    if (value === undefined) problems.push(`thresholds.${name}: missing`);
    else if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
      problems.push(`thresholds.${name}: must be ${range}, got ${JSON.stringify(value)}`);
    } else thresholds[name] = value;
  }
  return thresholds;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
