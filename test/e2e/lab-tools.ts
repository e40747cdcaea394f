/** dig, curl and socat run from the lab's client namespace, for the lab's own tests. */
import type { Lab } from './lab/lab.ts';

export interface DigAnswer {
  status: string;
  answers: string[];
  elapsedMs: number;
}

/** One query, one try; `server` absent means the client's system resolver (Unbound). */
export async function dig(
  lab: Lab,
  type: string,
  name: string,
  server?: string,
  timeoutSeconds = 2,
): Promise<DigAnswer> {
  const args = [
    `+time=${timeoutSeconds}`,
    '+tries=1',
    '+noall',
    '+comments',
    '+answer',
    type,
    name,
  ];
  if (server) args.unshift(`@${server}`);
  const result = await lab.inClient('dig', args);
  const status = /status: ([A-Z]+)/.exec(result.stdout)?.[1] ?? 'NO_ANSWER';
  const answers = result.stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith(';'))
    .map((line) => line.trim().split(/\s+/).slice(3).join(' '));
  return { status, answers, elapsedMs: result.elapsedMs };
}

export interface CurlResult {
  exitCode: number;
  status: number;
  body: string;
  location: string;
  elapsedMs: number;
}

export async function curl(
  lab: Lab,
  family: 4 | 6,
  url: string,
  options: { maxTimeSeconds?: number; head?: boolean } = {},
): Promise<CurlResult> {
  const marker = '\n--v6lab-curl--';
  const args = [
    `-${family}`,
    '--silent',
    '--cacert',
    lab.caCertificate,
    '--max-time',
    String(options.maxTimeSeconds ?? 3),
    '--write-out',
    `${marker}%{http_code} %{redirect_url}`,
  ];
  if (options.head) args.push('--head');
  const result = await lab.inClient('curl', [...args, url]);
  const cut = result.stdout.lastIndexOf(marker);
  const [status = '0', location = ''] = result.stdout.slice(cut + marker.length).split(' ');
  return {
    exitCode: result.exitCode,
    status: Number(status),
    body: result.stdout.slice(0, cut),
    location,
    elapsedMs: result.elapsedMs,
  };
}

/** Connects to port 25, says QUIT, and returns the server's first line. */
export async function smtpBanner(lab: Lab, address: string): Promise<string> {
  const target = address.includes(':') ? `TCP6:[${address}]:25` : `TCP4:${address}:25`;
  const result = await lab.inClient('sh', ['-c', `printf 'QUIT\\r\\n' | socat -T 3 - '${target}'`]);
  return result.stdout.split('\n')[0]?.trim() ?? '';
}
