/**
 * Keeps a lab up for work by hand: `npx tsx test/e2e/lab/lab-cli.ts up` builds it, prints how to
 * run the scanner, dig and curl inside it, and removes it on Ctrl-C. `reap` removes every lab
 * left behind by a killed run.
 */
import { LAB_HOSTS, NXDOMAIN_NAME, SERVFAIL_NAME } from './lab-plan.ts';
import { reapStaleLabs } from './lab-registry.ts';
import { startLab } from './lab.ts';

async function up(): Promise<void> {
  const lab = await startLab();
  const client = lab.namespaces.client;
  const targets = [...LAB_HOSTS.map((host) => host.name), NXDOMAIN_NAME, SERVFAIL_NAME];
  console.log(
    [
      `lab ${lab.suffix} is up (work dir ${lab.workDir}); Ctrl-C removes it.`,
      `  client namespace: ${client}    server namespace: ${lab.namespaces.server}`,
      `  hosts: ${targets.join(' ')}`,
      '',
      `  ip netns exec ${client} env NODE_EXTRA_CA_CERTS=${lab.caCertificate} \\`,
      `    ./bin/v6ready scan dual.v6lab.test --depth 0 --timeout 1500 --out ${lab.workDir}/report`,
      `  ip netns exec ${client} dig AAAA dual.v6lab.test`,
      `  ip netns exec ${client} curl -6 --cacert ${lab.caCertificate} https://dual.v6lab.test/`,
      `  logs: ${lab.workDir}/logs/`,
    ].join('\n'),
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await lab.stop();
  console.log(`lab ${lab.suffix} removed`);
}

const command = process.argv[2] ?? 'up';
if (command === 'up') {
  await up();
} else if (command === 'reap') {
  const reaped = reapStaleLabs({ all: process.argv.includes('--all') });
  console.log(reaped.length ? `removed labs ${reaped.join(', ')}` : 'no stale lab');
} else {
  console.error('usage: lab-cli.ts up | reap [--all]');
  process.exitCode = 2;
}
