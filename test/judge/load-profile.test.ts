import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHECK_TABLE } from '../../src/checks/check-table.ts';
import { loadProfile, ProfileError, shippedProfileNames } from '../../src/judge/load-profile.ts';

let directory: string;

beforeAll(async () => {
  directory = await mkdtemp(path.join(tmpdir(), 'v6ready-profile-'));
});

afterAll(async () => {
  if (directory) await rm(directory, { recursive: true, force: true });
});

async function profileFile(name: string, content: unknown): Promise<string> {
  const file = path.join(directory, name);
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

async function loadError(nameOrPath: string): Promise<ProfileError> {
  const error = await loadProfile(nameOrPath).then(
    () => null,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ProfileError);
  return error as ProfileError;
}

describe('loadProfile', () => {
  it('gives the default profile without an argument: CHECK_TABLE roles and the SPEC thresholds', async () => {
    const profile = await loadProfile(undefined);
    expect(profile.name).toBe('default');
    expect(profile.roles).toEqual(
      Object.fromEntries(CHECK_TABLE.map((row) => [row.id, row.defaultRole])),
    );
    expect(profile.thresholds).toEqual({
      linksL2: 0.9,
      linksL3: 0.85,
      similarity: 0.9,
      latencyRatio: 1.2,
      latencySlackMs: 50,
    });
  });

  it('ships default and strict', async () => {
    expect(await shippedProfileNames()).toEqual(['default', 'strict']);
  });

  it('reads the strict profile by name: links required, the rest from default', async () => {
    const [strict, base] = await Promise.all([loadProfile('strict'), loadProfile('default')]);
    expect(strict.name).toBe('strict');
    expect(strict.roles).toEqual({ ...base.roles, links_l2: 'required', links_l3: 'required' });
    expect(strict.thresholds).toEqual(base.thresholds);
  });

  it('reads a file and fills the roles and thresholds it leaves out from default', async () => {
    const file = await profileFile('city.json', {
      roles: { web_same: 'required', mx_aaaa: 'off' },
      thresholds: { similarity: 0.8 },
    });
    const [profile, base] = await Promise.all([loadProfile(file), loadProfile(undefined)]);
    expect(profile.name).toBe('city');
    expect(profile.roles).toEqual({ ...base.roles, web_same: 'required', mx_aaaa: 'off' });
    expect(profile.thresholds).toEqual({ ...base.thresholds, similarity: 0.8 });
  });

  it('takes the name a file gives itself and accepts a UTF-8 byte order mark', async () => {
    const file = await profileFile(
      'named.json',
      `\uFEFF${JSON.stringify({ name: '示范区', description: '试点' })}`,
    );
    expect((await loadProfile(file)).name).toBe('示范区');
  });

  it('rejects an unknown bare name, listing the shipped profiles', async () => {
    const error = await loadError('lenient');
    expect(error.message).toMatch(/unknown profile "lenient".*default, strict/);
    expect(error.name).toBe('ProfileError');
  });

  it('rejects a file that does not exist', async () => {
    expect((await loadError(path.join(directory, 'missing.json'))).message).toMatch(/not found/);
  });

  it('rejects a file that is not JSON', async () => {
    const file = await profileFile('broken.json', '{ "roles": ');
    expect((await loadError(file)).message).toMatch(/not valid JSON/);
  });

  it.each([
    [
      'an unknown check id',
      { roles: { web_ipv6: 'required' } },
      /roles\.web_ipv6: unknown check id/,
    ],
    [
      'an unknown role',
      { roles: { links_l2: 'mandatory' } },
      /roles\.links_l2: must be one of required, recommended, info, off/,
    ],
    [
      'a share above 1',
      { thresholds: { linksL2: 1.5 } },
      /thresholds\.linksL2: must be a share from 0 to 1, got 1\.5/,
    ],
    [
      'a negative slack',
      { thresholds: { latencySlackMs: -5 } },
      /thresholds\.latencySlackMs: must be milliseconds/,
    ],
    [
      'a ratio under 1',
      { thresholds: { latencyRatio: 0.5 } },
      /thresholds\.latencyRatio: must be a ratio of at least 1/,
    ],
    [
      'a number written as a string',
      { thresholds: { similarity: '0.9' } },
      /thresholds\.similarity: .*got "0\.9"/,
    ],
    [
      'an unknown threshold',
      { thresholds: { linksL4: 0.5 } },
      /thresholds\.linksL4: unknown threshold/,
    ],
    ['an unknown field', { role: {} }, /unknown field "role"/],
    ['roles that are a list', { roles: ['dns_aaaa'] }, /roles: must be an object/],
    ['an empty name', { name: ' ' }, /name: must be a non-empty string/],
    ['an array', [], /must be a JSON object/],
  ])('rejects %s with a clear message', async (_what, content, message) => {
    const file = await profileFile('invalid.json', content);
    expect((await loadError(file)).message).toMatch(message);
  });

  it('reports every problem of a file at once', async () => {
    const file = await profileFile('many.json', {
      roles: { nope: 'required' },
      thresholds: { linksL3: 2 },
    });
    const error = await loadError(file);
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/roles\.nope.*; thresholds\.linksL3/);
  });
});
