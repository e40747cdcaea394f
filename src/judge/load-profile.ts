import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Profile } from './judge-types.ts';
import { ProfileError } from './profile-error.ts';
import { tableProfile, validateProfile } from './validate-profile.ts';

export { ProfileError } from './profile-error.ts';

/** The profiles shipped with v6ready: src/judge/profiles/NAME.json. */
const SHIPPED_PROFILES_DIR = fileURLToPath(new URL('./profiles/', import.meta.url));
const DEFAULT_PROFILE = 'default';
/** A bare name: no path separator, no extension. Anything else is a file path. */
const BARE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/**
 * The profile of `--profile NAME|FILE`: a bare name is one of the shipped profiles, anything
 * else a JSON file (relative to the working directory). Roles and thresholds the file leaves
 * out come from the default profile. Throws ProfileError with every problem found.
 */
export async function loadProfile(nameOrPath: string | undefined): Promise<Profile> {
  // The default profile's roles and thresholds are the check table's; its file adds the words.
  const defaultProfile = await readShippedProfile(DEFAULT_PROFILE, tableProfile(DEFAULT_PROFILE));
  const wanted = nameOrPath?.trim() || DEFAULT_PROFILE;
  if (wanted === DEFAULT_PROFILE) return defaultProfile;
  if (BARE_NAME.test(wanted)) return readShippedProfile(wanted, defaultProfile);
  const source = path.resolve(wanted);
  const text = await readText(source, `profile file ${wanted}`);
  return validateProfile(
    parseJson(text, wanted),
    wanted,
    path.basename(source).replace(/\.json$/i, ''),
    defaultProfile,
  );
}

/** The names a bare --profile accepts. */
export async function shippedProfileNames(): Promise<string[]> {
  const files = await readdir(SHIPPED_PROFILES_DIR);
  return files
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.slice(0, -'.json'.length))
    .sort();
}

async function readShippedProfile(name: string, base?: Profile): Promise<Profile> {
  const file = path.join(SHIPPED_PROFILES_DIR, `${name}.json`);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    const known = await shippedProfileNames();
    throw new ProfileError(
      `unknown profile "${name}": the shipped profiles are ${known.join(', ')}; give a path (./${name}.json) for a file of your own`,
    );
  }
  return validateProfile(parseJson(text, `"${name}"`), `"${name}"`, name, base);
}

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') throw new ProfileError(`${what} not found (${file})`);
    if (code === 'EISDIR') throw new ProfileError(`${what} is a directory (${file})`);
    if (code === 'EACCES') throw new ProfileError(`${what} is not readable (${file})`);
    throw error;
  }
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new ProfileError(`profile ${source} is not valid JSON: ${(error as Error).message}`);
  }
}
