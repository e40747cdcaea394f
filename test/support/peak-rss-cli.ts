/** Runs the CLI in this process, then prints its peak resident memory on stderr. */
import { main } from '../../src/cli/main.ts';

const code = await main(process.argv.slice(2));
process.stderr.write(`peak_rss_kb=${process.resourceUsage().maxRSS}\n`);
process.exit(code);
