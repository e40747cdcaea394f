/**
 * Reading a large ranked list: generates a Tranco-form list of N lines (ranks shuffled), reads it
 * with --top in a child process as `scan` does, and prints wall time and the child's peak RSS.
 *
 *   npx tsx bench/read-targets-bench.ts [--lines 1000000] [--top 1000]
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    lines: { type: 'string', default: '1000000' },
    top: { type: 'string', default: '1000' },
  },
});
const lineCount = Number(values.lines);
const top = Number(values.top);
const readInputs = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../src/targets/read-inputs.ts',
);

const dir = await mkdtemp(path.join(tmpdir(), 'v6ready-read-bench-'));
const list = path.join(dir, 'tranco.csv');
const lines: string[] = [];
for (let line = 0; line < lineCount; line += 1) {
  // 7919 is prime to the usual sizes, so the ranks are a permutation scattered through the file.
  const rank = ((line * 7919) % lineCount) + 1;
  lines.push(`${rank},site${rank}.example${line % 7}.com`);
}
await writeFile(list, `${lines.join('\n')}\n`);
lines.length = 0;

const script = `
  const { readTargets } = await import(${JSON.stringify(readInputs)});
  const started = performance.now();
  let kept = 0;
  for await (const _ of readTargets({ args: [], inputFiles: [${JSON.stringify(list)}], top: ${top} })) kept += 1;
  const usage = process.resourceUsage();
  process.stdout.write(JSON.stringify({
    kept,
    wallMs: Math.round(performance.now() - started),
    cpuMs: Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000),
    peakRssMb: Math.round(usage.maxRSS / 1024),
  }));
`;
const result = await new Promise<string>((resolve, reject) => {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.on('error', reject);
  child.on('close', (code) => (code === 0 ? resolve(stdout) : reject(new Error(`exit ${code}`))));
});
await rm(dir, { recursive: true, force: true });
console.log(JSON.stringify({ lines: lineCount, top, ...JSON.parse(result) }));
