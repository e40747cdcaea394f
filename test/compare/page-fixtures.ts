import { readFileSync } from 'node:fs';

/** The sample pages in fixtures/pages/, read once. */
function readPage(name: string): string {
  return readFileSync(new URL(`../../fixtures/pages/${name}`, import.meta.url), 'utf8');
}

export const PORTAL = readPage('portal.html');
export const PORTAL_NOT_FOUND = readPage('portal-not-found.html');
export const NGINX_DEFAULT = readPage('nginx-default.html');

/** Replaces one exact piece of a page, failing loudly when the piece is not there. */
export function replaceOnce(page: string, piece: string, replacement: string): string {
  if (!page.includes(piece)) throw new Error(`fixture does not contain ${piece}`);
  return page.replaceAll(piece, replacement);
}
