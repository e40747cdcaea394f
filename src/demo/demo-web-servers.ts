import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { DemoCertificates } from './demo-certificates.ts';
import type { AddressInfo } from 'node:net';

const PAGE_STYLE = '<meta charset="utf-8"><style>body{font-family:sans-serif}</style>';

function portal(title: string, links: string[]): string {
  const nav = links.map((link, at) => `<a href="${link}">栏目 ${at + 1}</a>`).join(' ');
  const text =
    '<p>本网站为 v6ready 演示站点，内容为虚构，用于展示 IPv6 支持度检测报告。</p>'.repeat(20);
  return `<!doctype html><html lang="zh-CN"><head>${PAGE_STYLE}<title>${title}</title></head><body><h1>${title}</h1><nav>${nav}</nav><main>${text}</main></body></html>`;
}

const LEVEL2 = ['/zwgk/', '/bsfw/', '/hdjl/', '/xxgk/', '/zcwj/'];
const level3Of = (path: string) => [`${path}a.html`, `${path}b.html`];

/** How each demo host answers, per family: the site's part in the demo. */
function answer(host: string, family: 4 | 6, path: string, response: ServerResponse): void {
  const send = (status: number, body: string) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
    response.end(body);
  };
  const site = host.split('.')[0] ?? '';
  if (site === 'video' && family === 6) return send(503, '<h1>Service Unavailable</h1>');
  // The education bureau's inner pages exist over IPv4 only: its links fail over IPv6.
  if (site === 'edu' && family === 6 && path !== '/') return send(404, '<h1>Not Found</h1>');
  if (path === '/') return send(200, portal(`${site} 演示门户`, LEVEL2));
  if (LEVEL2.includes(path)) return send(200, portal(`${site} ${path}`, level3Of(path)));
  return send(200, portal(`${site} ${path}`, []));
}

export interface DemoWebServers {
  /** One port bound on both 127.0.0.1 and ::1. */
  dualPort: number;
  /** The same for HTTPS, null without certificates. */
  tlsPort: number | null;
  /** A port bound on 127.0.0.1 only: IPv6 connections are refused. */
  v4OnlyPort: number;
  /** A port nothing listens on. */
  closedPort: number;
  close: () => Promise<void>;
}

/** The demo's web servers on loopback; each request is answered by Host name and family. */
export async function startDemoWebServers(
  certificates: DemoCertificates | null,
): Promise<DemoWebServers> {
  const servers: Server[] = [];
  const start = async (
    host: string,
    port: number,
    family: 4 | 6,
    secure = false,
  ): Promise<Server> => {
    const handler = (request: IncomingMessage, response: ServerResponse) => {
      const hostName = (request.headers.host ?? '').replace(/:\d+$/, '');
      answer(hostName, family, new URL(request.url ?? '/', 'http://x').pathname, response);
    };
    const server =
      secure && certificates
        ? createTlsServer({ key: certificates.keyPem, cert: certificates.certPem }, handler)
        : createServer(handler);
    server.listen(port, host);
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([error]) => Promise.reject(error as Error)),
    ]);
    servers.push(server);
    return server;
  };
  const portOf = (server: Server) => (server.address() as AddressInfo).port;
  const dualStack = async (secure: boolean): Promise<number> => {
    for (let attempt = 0; ; attempt++) {
      const v6 = await start('::1', 0, 6, secure);
      try {
        await start('127.0.0.1', portOf(v6), 4, secure);
        return portOf(v6);
      } catch (error) {
        servers.pop()?.close();
        if (attempt >= 10) throw error;
      }
    }
  };
  const dualPort = await dualStack(false);
  const tlsPort = certificates ? await dualStack(true) : null;
  const v4OnlyPort = portOf(await start('127.0.0.1', 0, 4));
  const spare = await start('127.0.0.1', 0, 4);
  const closedPort = portOf(spare);
  servers.splice(servers.indexOf(spare), 1);
  await new Promise<void>((resolve) => spare.close(() => resolve()));
  return {
    dualPort,
    tlsPort,
    v4OnlyPort,
    closedPort,
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.closeAllConnections();
              server.close(() => resolve());
            }),
        ),
      );
    },
  };
}
