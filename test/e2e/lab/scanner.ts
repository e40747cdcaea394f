/** Runs `v6ready scan` inside the lab's client namespace, trusting the lab's CA. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { Lab } from './lab.ts';
import { readReportFiles, type ReportFiles } from './report-reader.ts';

export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export interface ScanRun extends ReportFiles {
  argv: string[];
  exitCode: number | null;
  stderr: string;
  elapsedMs: number;
  outDir: string;
}

const SCAN_KILL_AFTER_MS = 170_000;

export function runScan(lab: Lab, outName: string, args: readonly string[]): Promise<ScanRun> {
  const outDir = join(lab.workDir, outName);
  const argv = [
    'netns',
    'exec',
    lab.namespaces.client,
    'env',
    `NODE_EXTRA_CA_CERTS=${lab.caCertificate}`,
    process.execPath,
    join(REPO_ROOT, 'bin', 'v6ready'),
    'scan',
    ...args,
    '--out',
    outDir,
  ];
  const startedAt = performance.now();
  return new Promise((resolve) => {
    execFile(
      'ip',
      argv,
      {
        cwd: REPO_ROOT,
        timeout: SCAN_KILL_AFTER_MS,
        maxBuffer: 64 * 1024 * 1024,
        encoding: 'utf8',
      },
      (error, _stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({
          argv: ['ip', ...argv],
          exitCode: error ? (typeof code === 'number' ? code : null) : 0,
          stderr,
          elapsedMs: performance.now() - startedAt,
          outDir,
          ...readReportFiles(outDir),
        });
      },
    );
  });
}
