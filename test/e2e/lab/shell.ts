/** Running the lab's commands (ip, nft, openssl, dig, curl), in the root or a lab namespace. */
import { execFile, spawnSync } from 'node:child_process';

export interface CommandResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  elapsedMs: number;
}

/** Runs a command to completion and reports how it ended; never throws for a non-zero exit. */
export function runForResult(
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<CommandResult> {
  const startedAt = performance.now();
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { timeout: options.timeoutMs ?? 30_000, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = (error as { code?: unknown } | null)?.code;
        resolve({
          exitCode: error ? (typeof code === 'number' ? code : -1) : 0,
          stdout,
          stderr,
          elapsedMs: performance.now() - startedAt,
        });
      },
    );
  });
}

/** Runs a command and returns its stdout; a non-zero exit throws with the command's stderr. */
export async function run(command: string, args: readonly string[]): Promise<string> {
  const result = await runForResult(command, args);
  if (result.exitCode !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} exited ${result.exitCode}: ${result.stderr.trim()}`,
    );
  }
  return result.stdout;
}

/** The synchronous form, for cleanup from signal handlers and process exit. */
export function runSync(command: string, args: readonly string[]): CommandResult {
  const startedAt = performance.now();
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 10_000 });
  return {
    exitCode: result.status ?? -1,
    stdout: result.stdout ?? '',
    stderr: result.stderr ?? '',
    elapsedMs: performance.now() - startedAt,
  };
}

/** argv prefix that runs a command inside a network namespace. */
export function inNamespace(namespace: string, command: string, args: readonly string[]): string[] {
  return ['netns', 'exec', namespace, command, ...args];
}

export function runIn(
  namespace: string,
  command: string,
  args: readonly string[],
): Promise<string> {
  return run('ip', inNamespace(namespace, command, args));
}

export function runInForResult(
  namespace: string,
  command: string,
  args: readonly string[],
  options: { timeoutMs?: number } = {},
): Promise<CommandResult> {
  return runForResult('ip', inNamespace(namespace, command, args), options);
}
