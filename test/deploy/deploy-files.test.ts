import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, parse as parseYaml } from 'yaml';
import { buildProgram } from '../../src/cli/main.ts';
import { parseShard } from '../../src/targets/shard.ts';

const deployDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../deploy');
const read = (file: string): Promise<string> => readFile(path.join(deployDir, file), 'utf8');

/** The CLI's own parser with every action replaced: null when argv parses, else the error. */
function cliRejects(argv: string[]): string | null {
  const program = buildProgram(() => {});
  const silent = { writeOut: () => {}, writeErr: () => {} };
  for (const command of [program, ...program.commands]) {
    command.configureOutput(silent).exitOverride();
    if (command !== program) command.action(() => {});
  }
  try {
    program.parse(argv, { from: 'user' });
    return null;
  } catch (error) {
    // --help and --version end with exit code 0: accepted.
    if (error instanceof CommanderError && error.exitCode === 0) return null;
    return error instanceof Error ? error.message : String(error);
  }
}

interface Container {
  name: string;
  image: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: { fieldRef?: { fieldPath: string } } }[];
}
interface JobDocument {
  kind: string;
  metadata: { name: string };
  spec: {
    completionMode?: string;
    completions?: number;
    parallelism?: number;
    template: { spec: { containers: Container[]; initContainers?: Container[] } };
  };
}

async function kubernetesJobs(): Promise<JobDocument[]> {
  const jobs: JobDocument[] = [];
  for (const file of ['kubernetes/scan-job.yaml', 'kubernetes/merge-job.yaml']) {
    for (const document of parseAllDocuments(await read(file))) {
      expect(document.errors).toEqual([]);
      const value = document.toJS() as JobDocument;
      if (value.kind === 'Job') jobs.push(value);
    }
  }
  return jobs;
}

/** The image's entrypoint is the CLI, so a v6ready container's args are its command line. */
function cliContainers(job: JobDocument): Container[] {
  const spec = job.spec.template.spec;
  return [...(spec.initContainers ?? []), ...spec.containers].filter((container) =>
    container.image.includes('v6ready'),
  );
}

interface WorkflowStep {
  run?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: { schedule?: { cron: string }[] };
  jobs: Record<
    string,
    { needs?: string; strategy?: { matrix: { shard: number[] } }; steps: WorkflowStep[] }
  >;
}

/**
 * Every `./bin/v6ready ...` in a run script, cut at a pipe or redirection, with `${{ x }}`
 * expressions replaced by the given values and shell quotes removed.
 */
function v6readyCommandLines(script: string, expressions: Record<string, string>): string[][] {
  const lines: string[][] = [];
  for (const line of script.split('\n')) {
    const start = line.indexOf('./bin/v6ready ');
    if (start === -1) continue;
    const command = line
      .slice(start + './bin/v6ready '.length)
      .split(/\s[|>]|&&|;/)[0]
      ?.replace(/\$\{\{\s*([\w.]+)\s*\}\}/g, (_, name: string) => {
        const value = expressions[name];
        if (value === undefined) throw new Error(`no test value for \${{ ${name} }}`);
        return value;
      });
    lines.push(
      (command ?? '')
        .trim()
        .split(/\s+/)
        .map((word) => word.replace(/^(['"])(.*)\1$/, '$2')),
    );
  }
  return lines;
}

async function workflow(): Promise<Workflow> {
  return parseYaml(await read('github/v6ready-scan.yml')) as Workflow;
}

describe('the checker of command lines', () => {
  it('accepts a valid command line and rejects a misspelt flag or a bad value', () => {
    expect(cliRejects(['scan', '--shard', '/4', '--out', 'x', 'example.com'])).toBeNull();
    expect(cliRejects(['scan', '--shards', '/4'])).toMatch(/unknown option/);
    expect(cliRejects(['scan', '--concurrency', 'many'])).toMatch(/--concurrency/);
    expect(cliRejects(['merge'])).toMatch(/missing required argument/);
    expect(cliRejects(['scna', 'example.com'])).toMatch(/unknown command/);
  });
});

describe('deploy/kubernetes', () => {
  it('every v6ready container runs a command line the CLI accepts', async () => {
    const jobs = await kubernetesJobs();
    const commandLines = jobs.flatMap((job) => cliContainers(job).map((c) => c.args ?? []));
    expect(commandLines.map((argv) => argv[0])).toEqual(['scan', 'merge']);
    for (const argv of commandLines) expect(cliRejects(argv), argv.join(' ')).toBeNull();
  });

  it('the scan is an Indexed Job with one completion per shard, each shard in its own directory', async () => {
    const scan = (await kubernetesJobs()).find((job) => job.metadata.name === 'v6ready-scan');
    expect(scan?.spec.completionMode).toBe('Indexed');
    const container = scan ? cliContainers(scan)[0] : undefined;
    const args = container?.args ?? [];
    const shardSpec = args[args.indexOf('--shard') + 1] ?? '';
    const shard = parseShard(shardSpec, { JOB_COMPLETION_INDEX: '0' });
    expect(shardSpec.startsWith('/')).toBe(true);
    expect(scan?.spec.completions).toBe(shard.count);
    // The last pod's index is a valid part, and its directory is named by the same index.
    expect(parseShard(shardSpec, { JOB_COMPLETION_INDEX: String(shard.count - 1) }).index).toBe(
      shard.count - 1,
    );
    const indexVariable = container?.env?.find(
      (variable) =>
        variable.valueFrom?.fieldRef?.fieldPath ===
        "metadata.annotations['batch.kubernetes.io/job-completion-index']",
    );
    expect(args[args.indexOf('--out') + 1]).toContain(`$(${indexVariable?.name ?? 'missing'})`);
  });

  it('the merge Job reads the directory of every shard and no other', async () => {
    const jobs = await kubernetesJobs();
    const scan = jobs.find((job) => job.metadata.name === 'v6ready-scan');
    const merge = jobs.find((job) => job.metadata.name === 'v6ready-merge');
    const scanArgs = (scan && cliContainers(scan)[0]?.args) ?? [];
    const mergeArgs = (merge && cliContainers(merge)[0]?.args) ?? [];
    const shardDir = scanArgs[scanArgs.indexOf('--out') + 1] ?? '';
    const count = scan?.spec.completions ?? 0;
    const expected = Array.from({ length: count }, (_, index) =>
      shardDir.replace('$(SHARD_INDEX)', String(index)),
    );
    expect(mergeArgs.slice(1, mergeArgs.indexOf('--out'))).toEqual(expected);
  });
});

describe('deploy/github/v6ready-scan.yml', () => {
  it('every v6ready command line in it is accepted by the CLI, for every shard', async () => {
    const { jobs } = await workflow();
    const shards = jobs.scan?.strategy?.matrix.shard ?? [];
    let checked = 0;
    for (const job of Object.values(jobs)) {
      for (const step of job.steps) {
        for (const shard of shards) {
          const lines = v6readyCommandLines(step.run ?? '', { 'matrix.shard': String(shard) });
          for (const argv of lines) expect(cliRejects(argv), argv.join(' ')).toBeNull();
          checked += lines.length;
        }
      }
    }
    // scan, merge and two diffs, once per shard value.
    expect(checked).toBe(4 * shards.length);
  });

  it('runs on a schedule, one scan job per shard, and merges every shard after checkout and npm ci', async () => {
    const { on, jobs } = await workflow();
    expect(on.schedule?.[0]?.cron).toMatch(/^\S+ \S+ \S+ \S+ \S+$/);
    const shards = jobs.scan?.strategy?.matrix.shard ?? [];
    const scanLine = v6readyCommandLines(
      jobs.scan?.steps.map((step) => step.run ?? '').join('\n') ?? '',
      { 'matrix.shard': '0' },
    )[0];
    const count = parseShard(scanLine?.[scanLine.indexOf('--shard') + 1] ?? '', {}).count;
    expect(shards).toEqual(Array.from({ length: count }, (_, index) => index));

    const merge = jobs.merge;
    expect(merge?.needs).toBe('scan');
    const steps = merge?.steps ?? [];
    const position = (found: (step: WorkflowStep) => boolean): number => steps.findIndex(found);
    const checkout = position((step) => step.uses?.startsWith('actions/checkout') ?? false);
    const install = position((step) => step.run === 'npm ci');
    const mergeStep = position((step) => step.run?.includes('./bin/v6ready merge') ?? false);
    expect(checkout).toBeGreaterThanOrEqual(0);
    expect(install).toBeGreaterThan(checkout);
    expect(mergeStep).toBeGreaterThan(install);
    const mergeLine = v6readyCommandLines(steps[mergeStep]?.run ?? '', {})[0] ?? [];
    expect(mergeLine.slice(1, mergeLine.indexOf('--out'))).toEqual(
      shards.map((shard) => `shards/shard-${shard}`),
    );
    const uploads = steps.filter((step) => step.uses?.startsWith('actions/upload-artifact'));
    expect(uploads.map((step) => step.with?.name)).toContain('report');
  });
});

describe('deploy/Dockerfile', () => {
  it('builds on node:20-slim, keeps no dev dependencies and runs the compiled CLI', async () => {
    const dockerfile = await read('Dockerfile');
    const instructions = dockerfile
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
    const from = instructions.filter((line) => line.startsWith('FROM '));
    expect(from.length).toBeGreaterThan(0);
    for (const line of from) expect(line).toMatch(/^FROM node:20-slim\b/);
    expect(dockerfile).toMatch(/RUN npm ci && npm prune --omit=dev/);
    expect(dockerfile).toMatch(/COPY --from=build \/app\/dist/);
    const entrypoint = instructions.find((line) => line.startsWith('ENTRYPOINT '));
    expect(JSON.parse(entrypoint?.slice('ENTRYPOINT '.length) ?? 'null')).toEqual([
      'node',
      '/app/bin/v6ready',
    ]);
    const cmd = instructions.find((line) => line.startsWith('CMD '));
    const argv = JSON.parse(cmd?.slice('CMD '.length) ?? 'null') as string[];
    expect(cliRejects(argv)).toBeNull();
    const usage = dockerfile.match(/docker run .* v6ready (.*)/)?.[1]?.split(' ') ?? [];
    expect(usage[0]).toBe('scan');
    expect(cliRejects(usage)).toBeNull();
  });
});
