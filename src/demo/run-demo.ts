import { once } from 'node:events';
import { writeFile, mkdir } from 'node:fs/promises';
import { createServer, type AddressInfo, type Server } from 'node:net';
import path from 'node:path';
import type { DemoName } from './demo-dns-server.ts';
import { startDemoDnsServer } from './demo-dns-server.ts';
import { makeDemoCertificates } from './demo-certificates.ts';
import { startDemoWebServers } from './demo-web-servers.ts';

const ZONE = 'hz-demo.test';
const DUAL = { A: ['127.0.0.1'], AAAA: ['::1'] };

/** The demo's sites: one per verdict, and non-compliant in three ways. */
function demoSites(ports: { dual: number; tls: number | null; v4Only: number; closed: number }) {
  return [
    {
      host: 'gov',
      // Over HTTPS with the throwaway CA when openssl could make one.
      scheme: ports.tls ? 'https' : 'http',
      port: ports.tls ?? ports.dual,
      name: '杭州市人民政府（演示）',
      owner: '市政府办公厅（演示）',
      category: 'government',
      dns: DUAL,
    },
    {
      host: 'edu',
      port: ports.dual,
      name: '市教育局（演示：二级链接仅 IPv4）',
      owner: '市教育局（演示）',
      category: 'government',
      dns: DUAL,
    },
    {
      host: 'shop',
      port: ports.dual,
      name: '电子商务平台（演示：无 AAAA）',
      owner: '某电商公司（演示）',
      category: 'commercial',
      dns: { A: ['127.0.0.1'] },
    },
    {
      host: 'video',
      port: ports.dual,
      name: '视频监控（演示：IPv6 返回 503）',
      owner: '某安防公司（演示）',
      category: 'commercial',
      dns: DUAL,
    },
    {
      host: 'tv',
      port: ports.v4Only,
      name: '有线电视（演示：IPv6 端口不通）',
      owner: '某广电公司（演示）',
      category: 'commercial',
      dns: DUAL,
    },
    {
      host: 'down',
      port: ports.closed,
      name: '已停止服务的网站（演示）',
      owner: '某广电公司（演示）',
      category: 'commercial',
      dns: DUAL,
    },
    {
      host: 'gone',
      port: ports.dual,
      name: '域名不存在（演示）',
      owner: '市政府办公厅（演示）',
      category: 'government',
      dns: null,
    },
  ];
}

export interface DemoServers {
  /** The demo's input list (CSV with category, owner, name). */
  inputFile: string;
  dnsPort: number;
  /** The demo's mail server on ::1: greets with a 220 banner and says goodbye to QUIT. */
  smtpPort: number;
  /** The throwaway CA that the demo's scan trusts, when HTTPS is served. */
  extraCaPem: string[];
  close: () => Promise<void>;
}

/**
 * Starts the demo's loopback servers (DNS on 127.0.0.1 and ::1, web servers per family) and
 * writes the demo's input list into outDir. Nothing leaves the machine.
 */
export async function startDemoServers(outDir: string): Promise<DemoServers> {
  const certificates = await makeDemoCertificates(ZONE);
  const web = await startDemoWebServers(certificates);
  const sites = demoSites({
    dual: web.dualPort,
    tls: web.tlsPort,
    v4Only: web.v4OnlyPort,
    closed: web.closedPort,
  });
  const zone: Record<string, DemoName> = {
    [ZONE]: { NS: [`ns1.${ZONE}`], MX: [`mail.${ZONE}`] },
    [`ns1.${ZONE}`]: DUAL,
    [`mail.${ZONE}`]: DUAL,
  };
  for (const site of sites) if (site.dns) zone[`${site.host}.${ZONE}`] = site.dns;
  const smtp = await startDemoSmtpServer().catch(async (error: unknown) => {
    await web.close();
    throw error;
  });
  const dns = await startDemoDnsServer(zone).catch(async (error: unknown) => {
    await Promise.all([web.close(), closeServer(smtp)]);
    throw error;
  });
  await mkdir(outDir, { recursive: true });
  const inputFile = path.join(outDir, 'demo-sites.csv');
  const rows = sites.map(
    (site) =>
      `${'scheme' in site ? site.scheme : 'http'}://${site.host}.${ZONE}:${site.port}/,${site.category},${site.owner},${site.name}`,
  );
  await writeFile(inputFile, ['target,category,owner,name', ...rows, ''].join('\n'), 'utf8');
  return {
    inputFile,
    dnsPort: dns.port,
    smtpPort: (smtp.address() as AddressInfo).port,
    extraCaPem: certificates ? [certificates.caPem] : [],
    close: async () => {
      await Promise.all([web.close(), dns.close(), closeServer(smtp)]);
    },
  };
}

/** A mail exchanger that only greets: `220`, then `221` to QUIT. It never takes mail. */
async function startDemoSmtpServer(): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.setTimeout(5000, () => socket.destroy());
    socket.write(`220 mail.${ZONE} ESMTP v6ready demo\r\n`);
    socket.on('data', (chunk: Buffer) => {
      if (/^QUIT/im.test(chunk.toString('latin1'))) socket.end('221 2.0.0 bye\r\n');
      else socket.write('502 5.5.1 demo server: greeting only\r\n');
    });
  });
  server.on('error', () => undefined);
  server.listen(0, '::1');
  await once(server, 'listening');
  return server;
}

async function closeServer(server: Server): Promise<void> {
  server.close();
  server.unref();
}
