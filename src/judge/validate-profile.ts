import {
  CHECK_IDS,
  CHECK_ROLES,
  CHECK_TABLE,
  THRESHOLD_DEFINITIONS,
  type CheckId,
  type CheckRole,
} from '../checks/check-table.ts';
import type { Profile } from './judge-types.ts';
import { ProfileError } from './profile-error.ts';

const TOP_LEVEL_KEYS = ['name', 'description', 'roles', 'thresholds'];

type Thresholds = Profile['thresholds'];

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
    } else if (typeof role !== 'string' || !(CHECK_ROLES as readonly string[]).includes(role)) {
      problems.push(
        `roles.${id}: must be one of ${CHECK_ROLES.join(', ')}, got ${JSON.stringify(role)}`,
      );
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
  const names = THRESHOLD_DEFINITIONS.map((definition) => definition.name);
  for (const key of Object.keys(given)) {
    if (!(names as string[]).includes(key))
      problems.push(`thresholds.${key}: unknown threshold (known: ${names.join(', ')})`);
  }
  const thresholds = {} as Thresholds;
  for (const { name, accepts, range } of THRESHOLD_DEFINITIONS) {
    const value = given[name] ?? base?.thresholds[name];
    if (value === undefined) problems.push(`thresholds.${name}: missing`);
    else if (typeof value !== 'number' || !Number.isFinite(value) || !accepts(value)) {
      problems.push(`thresholds.${name}: must be ${range}, got ${JSON.stringify(value)}`);
    } else thresholds[name] = value;
  }
  return thresholds;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The profile the check table declares: every check's default role and threshold. */
export function tableProfile(name: string): Profile {
  return {
    name,
    roles: Object.fromEntries(CHECK_TABLE.map((row) => [row.id, row.defaultRole])) as Record<
      CheckId,
      CheckRole
    >,
    thresholds: Object.fromEntries(
      THRESHOLD_DEFINITIONS.map((definition) => [definition.name, definition.defaultValue]),
    ) as Thresholds,
  };
}
