import { spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A copy of bin/v6ready in a project whose src/ and dist/ each say which one ran. */
let project: string;
beforeAll(async () => {
  project = await mkdtemp(path.join(tmpdir(), 'v6ready-launcher-'));
  await mkdir(path.join(project, 'bin'));
  await mkdir(path.join(project, 'src/cli'), { recursive: true });
  await mkdir(path.join(project, 'dist/cli'), { recursive: true });
  await copyFile(path.join(projectRoot, 'bin/v6ready'), path.join(project, 'bin/v6ready'));
  await symlink(path.join(projectRoot, 'node_modules'), path.join(project, 'node_modules'));
  await writeFile(path.join(project, 'package.json'), '{"type": "module"}\n');
  const entry = (from: string): string =>
    `export async function main(argv${from === 'src' ? ': string[]' : ''}) {\n` +
    `  process.stdout.write('${from} ' + argv.join(' '));\n  return 7;\n}\n`;
  await writeFile(path.join(project, 'src/cli/main.ts'), entry('src'));
  await writeFile(path.join(project, 'dist/cli/main.js'), entry('dist'));
});
afterAll(async () => {
  await rm(project, { recursive: true, force: true });
});

function launch(env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(project, 'bin/v6ready'), 'scan', 'x'], {
      env: { ...process.env, V6READY_FROM_SOURCE: '', ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout }));
  });
}

async function setMtime(relativePath: string, seconds: number): Promise<void> {
  await utimes(path.join(project, relativePath), seconds, seconds);
}

describe('bin/v6ready', () => {
  it('runs the compiled CLI when dist/ is newer than every source file', async () => {
    await setMtime('src/cli/main.ts', 1_000_000);
    await setMtime('dist/cli/main.js', 2_000_000);
    expect(await launch()).toEqual({ code: 7, stdout: 'dist scan x' });
  });

  it('runs the sources when a source file changed after the build', async () => {
    await setMtime('src/cli/main.ts', 3_000_000);
    await setMtime('dist/cli/main.js', 2_000_000);
    expect(await launch()).toEqual({ code: 7, stdout: 'src scan x' });
  });

  it('refuses a stale build instead of running the sources when the sources are forbidden', async () => {
    await setMtime('src/cli/main.ts', 3_000_000);
    await setMtime('dist/cli/main.js', 2_000_000);
    expect(await launch({ V6READY_FROM_SOURCE: '0' })).toEqual({ code: 1, stdout: '' });
    await setMtime('dist/cli/main.js', 4_000_000);
    expect(await launch({ V6READY_FROM_SOURCE: '0' })).toEqual({ code: 7, stdout: 'dist scan x' });
  });

  it('runs the sources when asked to, however new dist/ is', async () => {
    await setMtime('src/cli/main.ts', 1_000_000);
    await setMtime('dist/cli/main.js', 2_000_000);
    expect(await launch({ V6READY_FROM_SOURCE: '1' })).toEqual({ code: 7, stdout: 'src scan x' });
  });
});
