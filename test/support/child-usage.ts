import path from 'node:path';
import { fileURLToPath } from 'node:url';

const preload = path.join(path.dirname(fileURLToPath(import.meta.url)), 'child-usage.mjs');

/** NODE_OPTIONS for a child that reports its peak RSS, and collects garbage every gcEveryMs. */
export function childUsageEnv(gcEveryMs = 0): NodeJS.ProcessEnv {
  return {
    NODE_OPTIONS: `--expose-gc --import ${preload}`,
    V6READY_TEST_GC_MS: String(gcEveryMs),
  };
}

/** The peak RSS the child wrote on exit (see child-usage.mjs). */
export function peakRssBytes(stderr: string): number {
  const line = stderr.split('\n').find((text) => text.startsWith('child-usage '));
  if (!line) throw new Error(`the child did not report its usage; stderr: ${stderr.slice(-500)}`);
  return (JSON.parse(line.slice('child-usage '.length)) as { maxRssBytes: number }).maxRssBytes;
}
