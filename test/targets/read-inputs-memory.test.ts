import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const LINES = 300_000;
const TOP = 1000;
const readInputsModule = resolve(
  fileURLToPath(import.meta.url),
  '../../../src/targets/read-inputs.ts',
);

let dir: string;
let listPath: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'v6ready-big-list-'));
  listPath = join(dir, 'tranco.csv');
  // Ranks are a permutation of 1..LINES (7919 is prime to LINES), so the best are scattered.
  const lines: string[] = [];
  for (let line = 0; line < LINES; line += 1) {
    const rank = ((line * 7919) % LINES) + 1;
    lines.push(`${rank},site${rank}.example.com`);
  }
  await writeFile(listPath, `${lines.join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Reads the list with --top in a child whose heap is capped, and reports its peak RSS. */
function readTopInChild(): Promise<{ ranks: number[]; maxRssMb: number }> {
  const script = `
    const { readTargets } = await import(${JSON.stringify(readInputsModule)});
    const ranks = [];
    for await (const target of readTargets({ args: [], inputFiles: [${JSON.stringify(listPath)}], top: ${TOP} })) {
      ranks.push(target.rank);
    }
    process.stdout.write(JSON.stringify({ ranks, maxRssMb: process.resourceUsage().maxRSS / 1024 }));
  `;
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      ['--max-old-space-size=64', '--import', 'tsx', '--input-type=module', '-e', script],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`child exited ${code}: ${stderr.slice(-2000)}`));
      else resolvePromise(JSON.parse(stdout) as { ranks: number[]; maxRssMb: number });
    });
  });
}

describe('readTargets on a large ranked list', () => {
  it(`--top ${TOP} of ${LINES} lines keeps the right ${TOP} in input order, in bounded memory`, async () => {
    const { ranks, maxRssMb } = await readTopInChild();
    expect([...ranks].sort((a, b) => a - b)).toEqual(
      Array.from({ length: TOP }, (_, at) => at + 1),
    );
    // Input order: rank r is on line ((r - 1) * 7919^-1) mod LINES; check order by position.
    const positions = ranks.map((rank) => lineOfRank(rank));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    // A 64 MB heap holds the dedupe set and the kept 1000, not the list; whole-process RSS stays modest.
    expect(maxRssMb).toBeLessThan(180);
  }, 120_000);
});

function lineOfRank(rank: number): number {
  lineByRank ??= linesByRank();
  return lineByRank[rank] ?? -1;
}

let lineByRank: Int32Array | undefined;

function linesByRank(): Int32Array {
  const lines = new Int32Array(LINES + 1);
  for (let line = 0; line < LINES; line += 1) lines[((line * 7919) % LINES) + 1] = line;
  return lines;
}
