/**
 * Renders nginx.conf (one server block per host and address family, on ports 80 and 443), the
 * pages it serves, and the SMTP banner script that socat runs per connection.
 */
import {
  LAB_HOSTS,
  hostIpv4,
  hostOwnIpv6,
  type LabHostPlan,
  type PageVariant,
  type WebContent,
} from './lab-plan.ts';
import { linkPagesOn, renderLinkPage } from './link-sites.ts';

export interface CertificatePaths {
  certificate: string;
  key: string;
}

export interface WebCertificates {
  valid: CertificatePaths;
  wrongName: CertificatePaths;
}

/** The page body for a host and variant. */
export function renderPage(host: string, variant: PageVariant): string {
  if (variant === 'other') {
    return [
      '<!doctype html><html><head><title>Maintenance</title></head><body>',
      '<p>This IPv6 front end is a placeholder. Nothing of the real site is served here.</p>',
      '<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.</p>',
      '</body></html>',
      '',
    ].join('\n');
  }
  const paragraph =
    `<p>${host} is a lab site of the v6ready end-to-end tests. It serves the same page ` +
    'over IPv4 and IPv6, with the municipal services directory, opening hours and contacts.</p>';
  const repeats = variant === 'large' ? Math.ceil((64 * 1024) / paragraph.length) : 3;
  return [
    `<!doctype html><html><head><title>${host}</title></head><body>`,
    `<h1>${host}</h1>`,
    ...Array.from({ length: repeats }, () => paragraph),
    '</body></html>',
    '',
  ].join('\n');
}

/** Folder (relative to the www root) of what one host serves on one family. */
export function pageFolder(host: LabHostPlan, family: 4 | 6): string {
  return `${host.name}-v${family}`;
}

function serverBlock(
  host: LabHostPlan,
  family: 4 | 6,
  content: WebContent,
  address: string,
  certificate: CertificatePaths,
  wwwDir: string,
): string {
  const listenAddress = family === 6 ? `[${address}]` : address;
  const root = `    root ${wwwDir}/${pageFolder(host, family)};\n    index index.html;`;
  let body: string;
  if (content.kind === 'redirect') {
    body = `    location / { return 301 ${content.location}; }`;
  } else if (content.kind === 'link-pages' && family === 6) {
    // Pages that the IPv6 listener answers with an error status while IPv4 serves them.
    const statuses = linkPagesOn(host.name).flatMap(({ path, page }) =>
      page.status6 === undefined ? [] : [`    location = ${path} { return ${page.status6}; }`],
    );
    body = [root, ...statuses].join('\n');
  } else {
    body = root;
  }
  return [
    '  server {',
    `    listen ${listenAddress}:80;`,
    `    listen ${listenAddress}:443 ssl;`,
    `    server_name ${host.name};`,
    `    ssl_certificate ${certificate.certificate};`,
    `    ssl_certificate_key ${certificate.key};`,
    body,
    '  }',
  ].join('\n');
}

export function renderNginxConf(
  nginxDir: string,
  wwwDir: string,
  certificates: WebCertificates,
): string {
  const servers: string[] = [];
  for (const host of LAB_HOSTS) {
    if (host.web4) {
      servers.push(serverBlock(host, 4, host.web4, hostIpv4(host), certificates.valid, wwwDir));
    }
    const ipv6 = hostOwnIpv6(host);
    if (host.web6 && ipv6) {
      const certificate = host.wrongCertificate6 ? certificates.wrongName : certificates.valid;
      servers.push(serverBlock(host, 6, host.web6, ipv6, certificate, wwwDir));
    }
  }
  return [
    'worker_processes 1;',
    'daemon off;',
    'master_process on;',
    `pid ${nginxDir}/nginx.pid;`,
    'error_log stderr warn;',
    'events { worker_connections 256; }',
    'http {',
    '  access_log off;',
    '  server_tokens off;',
    '  default_type text/html;',
    '  types { text/html html; }',
    `  client_body_temp_path ${nginxDir}/body;`,
    `  proxy_temp_path ${nginxDir}/proxy;`,
    `  fastcgi_temp_path ${nginxDir}/fastcgi;`,
    `  uwsgi_temp_path ${nginxDir}/uwsgi;`,
    `  scgi_temp_path ${nginxDir}/scgi;`,
    ...servers,
    '}',
    '',
  ].join('\n');
}

/** Pages to write: path relative to the www root -> content. */
export function pagesToWrite(): Map<string, string> {
  const pages = new Map<string, string>();
  for (const host of LAB_HOSTS) {
    for (const [family, content] of [
      [4, host.web4],
      [6, host.web6],
    ] as const) {
      if (content?.kind === 'page') {
        pages.set(`${pageFolder(host, family)}/index.html`, renderPage(host.name, content.page));
      }
      if (content?.kind === 'link-pages') {
        for (const { path, page } of linkPagesOn(host.name)) {
          pages.set(`${pageFolder(host, family)}${path}`, renderLinkPage(page));
        }
      }
    }
  }
  return pages;
}

/** socat runs this per connection: a 220 banner, then 250/221 to whatever the client says. */
export function renderSmtpBannerScript(): string {
  return [
    '#!/bin/sh',
    'printf \'220 %s ESMTP v6lab\\r\\n\' "$1"',
    'while IFS= read -r line; do',
    '  case "$line" in',
    "    [Qq][Uu][Ii][Tt]*) printf '221 2.0.0 bye\\r\\n'; exit 0 ;;",
    '    *) printf \'250 %s\\r\\n\' "$1" ;;',
    '  esac',
    'done',
    '',
  ].join('\n');
}
