// Preloaded into a child process (NODE_OPTIONS="--expose-gc --import .../child-usage.mjs") by
// tests that must see what a run cost, or that must force garbage collection while it runs.
// V6READY_TEST_GC_MS: collect garbage that often. On exit, one stderr line with the peak RSS.
import { writeSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';

const everyMs = Number(process.env.V6READY_TEST_GC_MS || 0);
if (everyMs > 0 && typeof globalThis.gc === 'function') {
  setInterval(() => globalThis.gc(), everyMs).unref();
}
process.on('exit', () => {
  const usage = { maxRssBytes: process.resourceUsage().maxRSS * 1024 };
  writeSync(2, `\nchild-usage ${JSON.stringify(usage)}\n`);
});
