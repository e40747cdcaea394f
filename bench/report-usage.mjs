// Loaded into the scanner with --import by bench/loopback-bench.ts: at exit, writes the process's
// own CPU time and peak RSS, which the parent cannot read once the child is gone.
import { writeFileSync } from 'node:fs';

const usageFile = process.env.V6READY_BENCH_USAGE;
if (usageFile) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    writeFileSync(
      usageFile,
      JSON.stringify({
        userUs: usage.userCPUTime,
        systemUs: usage.systemCPUTime,
        maxRssKiB: usage.maxRSS,
      }),
    );
  });
}
