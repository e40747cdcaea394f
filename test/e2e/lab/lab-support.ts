/** Whether this machine can build the lab: root, working `ip netns`, and the Debian servers. */
import { randomBytes } from 'node:crypto';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { runSync } from './shell.ts';

const REQUIRED_COMMANDS = [
  'ip',
  'nft',
  'nsd',
  'unbound',
  'nginx',
  'socat',
  'dig',
  'curl',
  'openssl',
  'ss',
  'sysctl',
];

function commandExists(command: string): boolean {
  const dirs = [...(process.env.PATH ?? '').split(delimiter), '/usr/sbin', '/sbin'];
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** null when the lab can run here, otherwise the reason in a few words. */
export function whyLabCannotRun(): string | null {
  if (process.platform !== 'linux') return 'network namespaces need Linux';
  if (process.getuid?.() !== 0) return 'not root (network namespaces need root)';
  const missing = REQUIRED_COMMANDS.filter((command) => !commandExists(command));
  if (missing.length > 0) {
    return `missing ${missing.join(', ')} (install with .ci/install-e2e-deps.sh)`;
  }
  // A container without CAP_SYS_ADMIN lists namespaces but cannot make one: try.
  const probe = `v6lab-probe-${randomBytes(3).toString('hex')}`;
  const added = runSync('ip', ['netns', 'add', probe]);
  if (added.exitCode !== 0) return `\`ip netns add\` fails: ${added.stderr.trim()}`;
  runSync('ip', ['netns', 'delete', probe]);
  return null;
}
