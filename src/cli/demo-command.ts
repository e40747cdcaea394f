import path from 'node:path';
import { startDemoServers } from '../demo/run-demo.ts';
import type { Language } from '../i18n/terms.ts';
import { runScanCommand } from './scan-command.ts';

/**
 * `v6ready demo`: no network at all. Loopback servers imitate a handful of government and
 * commercial sites (one per verdict), the real scan measures them, and every report is written,
 * so a newcomer sees what a report looks like before scanning anything real.
 */
export async function runDemoCommand(flags: { out: string; lang: Language }): Promise<number> {
  const servers = await startDemoServers(flags.out);
  try {
    await runScanCommand([], {
      input: [servers.inputFile],
      out: flags.out,
      resolver: [`127.0.0.1:${servers.dnsPort}`],
      nameServerPort: servers.dnsPort,
      extraCaPem: servers.extraCaPem,
      concurrency: 8,
      timeout: 2000,
      siteTimeout: 20_000,
      maxBody: 1 << 20,
      // The demo's sites live on loopback, which a real scan refuses to connect to.
      allowPrivate: true,
      depth: 2,
      maxLinks: 20,
      mail: true,
      smtpPort: servers.smtpPort,
      resume: false,
      // The demo owns its --out: a second run replaces the report files of the first.
      force: true,
      // The vantage check asks the demo's own name server on both families, never a root server.
      vantageProbe: [`127.0.0.1:${servers.dnsPort}`, `[::1]:${servers.dnsPort}`],
      logLevel: 'error',
      logFormat: 'text',
      quiet: false,
      progress: false,
      lang: flags.lang,
    });
  } finally {
    await servers.close();
  }
  process.stderr.write(
    `v6ready: demo done: open ${path.join(flags.out, 'report.html')} in a browser; ` +
      `summary.md and report.xlsx are beside it (the demo sites are imitations on loopback)\n`,
  );
  return 0;
}
