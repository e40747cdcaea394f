import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatResolverEndpoint,
  parseResolverEndpoint,
  readSystemResolvers,
} from '../../src/dns/resolver-endpoint.ts';

describe('parseResolverEndpoint', () => {
  it.each([
    ['1.2.3.4', '1.2.3.4', 53],
    ['1.2.3.4:5353', '1.2.3.4', 5353],
    ['::1', '::1', 53],
    ['[::1]:5353', '::1', 5353],
    ['[::1]', '::1', 53],
    ['2001:db8::53', '2001:db8::53', 53],
    ['  9.9.9.9  ', '9.9.9.9', 53],
    // Written as the kernel reports a sender (RFC 5952), for reports and de-duplication.
    ['2001:DB8:0:0:0:0:0:53', '2001:db8::53', 53],
    ['[0:0:0:0:0:0:0:1]:53', '::1', 53],
  ])('reads %j as %s port %i', (text, address, port) => {
    expect(parseResolverEndpoint(text)).toEqual({ address, port });
  });

  it.each([
    ['', /invalid resolver/],
    ['dns.google', /invalid resolver "dns.google"/],
    ['1.2.3', /invalid resolver/],
    ['1.2.3.4:0', /port "0" is not 1-65535/],
    ['1.2.3.4:65536', /port "65536"/],
    ['1.2.3.4:', /port ""/],
    ['1.2.3.4:53x', /port "53x"/],
    ['[1.2.3.4]:53', /is not IPv6/],
    ['[::1]:', /port ""/],
    ['::1:53:', /invalid resolver/],
    ['[::1]x', /invalid resolver/],
  ])('rejects %j with a clear message', (text, message) => {
    expect(() => parseResolverEndpoint(text)).toThrow(message);
  });
});

describe('formatResolverEndpoint', () => {
  it('brackets IPv6 so the port stays readable', () => {
    expect(formatResolverEndpoint({ address: '::1', port: 53 })).toBe('[::1]:53');
    expect(formatResolverEndpoint({ address: '127.0.0.1', port: 5353 })).toBe('127.0.0.1:5353');
  });
});

describe('readSystemResolvers', () => {
  let folder = '';
  beforeAll(async () => {
    folder = await mkdtemp(join(tmpdir(), 'v6ready-resolv-'));
  });
  afterAll(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  async function resolvConf(text: string): Promise<string> {
    const path = join(folder, `resolv-${Math.random().toString(36).slice(2)}.conf`);
    await writeFile(path, text);
    return path;
  }

  it('reads nameserver lines in order, drops zone indexes, duplicates and junk', async () => {
    const path = await resolvConf(
      [
        '# generated',
        'search example.test',
        'nameserver 127.0.0.53',
        '  nameserver   ::1   # trailing words are ignored',
        'nameserver fe80::1%eth0',
        'nameserver not-an-ip',
        'nameserver 127.0.0.53',
        ';nameserver 10.0.0.1',
        'options edns0 trust-ad',
      ].join('\n'),
    );
    await expect(readSystemResolvers(path)).resolves.toEqual([
      { address: '127.0.0.53', port: 53 },
      { address: '::1', port: 53 },
      { address: 'fe80::1', port: 53 },
    ]);
  });

  it('says there is no resolver when the file has no nameserver line', async () => {
    const path = await resolvConf('');
    await expect(readSystemResolvers(path)).rejects.toThrow(/no resolver: .* no usable nameserver/);
  });

  it('says there is no resolver when the file cannot be read', async () => {
    await expect(readSystemResolvers(join(folder, 'missing.conf'))).rejects.toThrow(
      /no resolver: cannot read .*missing\.conf \(ENOENT\)/,
    );
  });
});
