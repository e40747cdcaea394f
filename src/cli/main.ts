import { Command, CommanderError, Option } from 'commander';
import { LOG_LEVELS, type LogLevel } from '../log/logger.ts';
import { LANGUAGES, type Language } from '../i18n/terms.ts';
import type { ReportFlags } from './report-command.ts';
import { tuneV8 } from './v8-flags.ts';
import { LOG_FORMATS } from './person-messages.ts';
import { collect, parseDepth, parseFormats, parseInteger, parsePercent } from './parse-flags.ts';
import type { ScanFlags } from './scan-command.ts';
import { TOOL_VERSION } from './tool-version.ts';
import { UserError } from '../user-error.ts';

/**
 * Exit status: 0 done, 2 bad usage or unreadable input, 3 a gate not met, 4 the vantage cannot
 * measure IPv6, 1 internal error.
 */
const EXIT_USAGE = 2;
const EXIT_INTERNAL = 1;

/**
 * The whole command line, parsed but not run until an action fires: tests check command lines
 * (deploy/, docs) against it. Each command's code is imported when it runs, so `--version` and
 * `--help` load commander alone and start at once.
 */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command()
    .name('v6ready')
    .description('IPv6 readiness scanner: AAAA, IPv6 TCP/HTTP(S), IPv4/IPv6 parity, inner links.')
    .version(TOOL_VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();

  program
    .command('scan')
    .description(
      'Scan targets (host names or URLs) and write report.json, report.csv and sites.jsonl.\n' +
        'With no TARGET and no --input, scans the embedded default list.',
    )
    .argument('[targets...]', 'host names or http(s) URLs')
    .addOption(
      new Option(
        '-i, --input <file>',
        'read targets from FILE (text, CSV with header, or Tranco rank,domain; - = stdin); repeatable',
      )
        .argParser(collect)
        .default([], 'none'),
    )
    .option('-o, --out <dir>', 'output directory', './v6ready-report')
    .addOption(
      new Option('--resolver <ip[:port]>', 'DNS resolver to use ([v6]:port for IPv6); repeatable')
        .argParser(collect)
        .default([], 'the nameservers of /etc/resolv.conf'),
    )
    .option(
      '-c, --concurrency <n>',
      'sites scanned at once',
      parseInteger('--concurrency', 1, 4096),
      64,
    )
    .option(
      '--timeout <ms>',
      'timeout of each network step (connect, TLS, headers, body, DNS query)',
      parseInteger('--timeout', 1, 600_000),
      5000,
    )
    .option(
      '--site-timeout <ms>',
      'deadline of a whole site, whatever its servers do',
      parseInteger('--site-timeout', 1, 3_600_000),
      60_000,
    )
    .option(
      '--max-body <bytes>',
      'body cap per response, counted after decompression',
      parseInteger('--max-body', 1024, 1 << 30),
      1 << 20,
    )
    .option(
      '--allow-private',
      'allow private, loopback and other non-global addresses (intranet scans, tests)',
      false,
    )
    .option(
      '--depth <0|1|2>',
      'link levels: 0 home page only, 1 second-level links, 2 second- and third-level',
      parseDepth,
      2,
    )
    .option(
      '--max-links <n>',
      'inner links sampled per level',
      parseInteger('--max-links', 0, 1000),
      20,
    )
    .option('--mail', 'also check MX hosts (mx_aaaa, mx_reach6)', false)
    .option(
      '--profile <name|file>',
      'readiness profile: a shipped name (default, strict) or a JSON file',
      'default',
    )
    .option(
      '--shard <k/n>',
      'scan part K (0-based) of N stable parts of the input; "/N" takes K from JOB_COMPLETION_INDEX',
    )
    .option(
      '--resume',
      'continue the scan whose sites.jsonl is in --out, skipping sites already there',
      false,
    )
    .option('--force', 'replace an earlier scan in --out instead of refusing it', false)
    .option('--top <n>', 'keep the N best-ranked targets', parseInteger('--top', 1, 10_000_000))
    .option('--category <name>', 'category of targets that have none')
    .option(
      '--fail-under <pct>',
      'exit 3 when the compliant share (percent) is below PCT',
      parsePercent('--fail-under'),
    )
    .option(
      '--baseline <report.json>',
      'exit 3 when a site compliant in this earlier report is worse now',
    )
    .addOption(
      new Option('--log-level <level>', 'log level on stderr').choices(LOG_LEVELS).default('warn'),
    )
    .addOption(
      new Option(
        '--vantage-probe <ip[:port]>',
        'what the vantage check asks over each family, instead of DNS root servers; repeatable',
      )
        .argParser(collect)
        .default([], 'a, k and f root servers'),
    )
    .option('--no-progress', 'no progress line on stderr')
    .option('-q, --quiet', 'errors only on stderr: no progress, notes or closing summary', false)
    .addOption(
      new Option(
        '--log-format <format>',
        'text: plain lines for people; json: every message via pino',
      )
        .choices(LOG_FORMATS)
        .default('text'),
    )
    .addOption(
      new Option('--lang <lang>', 'language of report.html, report.xlsx and summary.md')
        .choices(LANGUAGES)
        .default('en'),
    )
    // Test hooks: loopback tests cannot bind ports 53 and 25 without root (docs/TESTING.md).
    .addOption(
      new Option('--name-server-port <port>')
        .argParser(parseInteger('--name-server-port', 1, 65535))
        .hideHelp(),
    )
    .addOption(
      new Option('--smtp-port <port>').argParser(parseInteger('--smtp-port', 1, 65535)).hideHelp(),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ v6ready scan gov.example.cn https://www.example.com/portal/ --out report/
  $ v6ready scan --input sites.csv --top 1000 --category commercial --fail-under 60
  $ v6ready scan --input sites.txt --shard 0/4 --out shard-0/ && v6ready merge shard-*/ --out report/

Exit status: 0 done; 2 bad usage or unreadable input; 3 done but --fail-under or --baseline
not met; 4 this host cannot measure IPv6 (no global IPv6 source, or nothing answers over IPv6)
or lost IPv6 during the scan; 130 interrupted (reports hold the finished sites and say they are
partial); 1 internal error. A non-empty --out is refused unless --resume (continue it) or --force
(replace it).`,
    )
    .action(async (targets: string[], flags: ScanFlags & { logLevel: LogLevel }) => {
      const { runScanCommand } = await import('./scan-command.ts');
      setExitCode(await runScanCommand(targets, flags));
    });

  program
    .command('demo')
    .description(
      'Scan a handful of imitation sites on loopback (no network) and write every report:\n' +
        'the first thing to try.',
    )
    .option('-o, --out <dir>', 'output directory', './v6ready-demo')
    .addOption(
      new Option('--lang <lang>', 'language of the reports').choices(LANGUAGES).default('en'),
    )
    .action(async (flags: { out: string; lang: Language }) => {
      const { runDemoCommand } = await import('./demo-command.ts');
      setExitCode(await runDemoCommand(flags));
    });

  program
    .command('report')
    .description(
      'Render a saved report.json (a scan or a merge) again, without scanning: report.html,\n' +
        'report.xlsx, summary.md and/or report.csv.',
    )
    .argument('<report.json>', 'the report to render')
    .addOption(
      new Option('--format <formats>', 'html, xlsx, md, csv; comma-separated or repeated')
        .argParser(parseFormats)
        .default([], 'html,xlsx,md'),
    )
    .addOption(
      new Option('--lang <lang>', 'language of the reports').choices(LANGUAGES).default('en'),
    )
    .option(
      '--baseline <report.json>',
      'earlier report: the change per owner and category since it',
    )
    .option('-o, --out <dir>', 'output directory', './v6ready-report')
    .action(async (file: string, flags: ReportFlags) => {
      const { runReportCommand } = await import('./report-command.ts');
      setExitCode(await runReportCommand(file, flags));
    });

  program
    .command('merge')
    .description('Join the outputs of shard runs into one report (report.json, report.csv).')
    .argument('<dirs...>', 'output directories of the shard runs')
    .option('-o, --out <dir>', 'output directory', './v6ready-report')
    .option(
      '--allow-partial',
      'exit 0 even when shards are missing or unfinished (the report still says it is partial)',
      false,
    )
    .action(async (dirs: string[], flags: { out: string; allowPartial: boolean }) => {
      const { runMergeCommand } = await import('./merge-command.ts');
      setExitCode(await runMergeCommand(dirs, flags));
    });

  program
    .command('diff')
    .description('List sites whose verdict changed between two report.json files.')
    .argument('<old>', 'earlier report.json (or its directory)')
    .argument('<new>', 'later report.json (or its directory)')
    .option('--json', 'print the changes as JSON', false)
    .option('--all', 'also list sites whose verdict did not change', false)
    .action(
      async (oldReport: string, newReport: string, flags: { json: boolean; all: boolean }) => {
        const { runDiffCommand } = await import('./diff-command.ts');
        setExitCode(await runDiffCommand(oldReport, newReport, flags));
      },
    );

  return program;
}

export async function main(argv: string[]): Promise<number> {
  tuneV8();
  let exitCode = 0;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return error.exitCode === 0 ? 0 : EXIT_USAGE;
    }
    if (error instanceof UserError) {
      process.stderr.write(`v6ready: ${error.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(
      `v6ready: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return EXIT_INTERNAL;
  }
}
