import tls from 'node:tls';
import type { CertificateMemo, TlsCertificateFacts } from './probe-types.ts';

/**
 * Reading and name-checking a certificate costs more than the rest of a TLS connection's
 * JavaScript, and a site's latency samples and crawled links reach the same address with the
 * same name again and again. So the facts of a connection's certificate are read once per
 * (address, SNI) per memo: a later
 * connection reuses them while the chain still verifies (socket.authorized is free) and they
 * were valid; anything else is read again, so a failure is always described by its own
 * connection.
 */
export function memoizedCertificateFacts(
  socket: tls.TLSSocket,
  address: string,
  hostname: string,
  memo: CertificateMemo | undefined,
  peerCertificate?: tls.PeerCertificate,
): TlsCertificateFacts {
  const key = `${address} ${hostname}`;
  const known = memo?.get(key);
  if (known?.valid && socket.authorized) return known;
  const facts = certificateFacts(socket, hostname, peerCertificate);
  memo?.set(key, facts);
  return facts;
}

/**
 * Judges the certificate a TLS socket received and records what a site owner needs to dispute
 * it. The socket must have been opened with `rejectUnauthorized: false` (so an invalid
 * certificate can still be recorded) and with a no-op `checkServerIdentity` (so
 * `socket.authorized` speaks about the chain alone and the name is checked here).
 */
export function certificateFacts(
  socket: tls.TLSSocket,
  hostname: string,
  peerCertificate?: tls.PeerCertificate,
): TlsCertificateFacts {
  // `peerCertificate`: the copy Node already read for checkServerIdentity, when it did.
  const certificate = peerCertificate ?? socket.getPeerCertificate(false);
  const hasCertificate = Object.keys(certificate).length > 0;
  const invalidReason = !hasCertificate
    ? 'NO_PEER_CERTIFICATE'
    : !socket.authorized
      ? String(socket.authorizationError ?? 'UNTRUSTED_CERTIFICATE')
      : nameMismatch(hostname, certificate);
  const facts: TlsCertificateFacts = {
    subject: hasCertificate ? distinguishedName(certificate.subject) : '',
    issuer: hasCertificate ? distinguishedName(certificate.issuer) : '',
    validFrom: isoDate(certificate.valid_from),
    validTo: isoDate(certificate.valid_to),
    subjectAltNames: splitAltNames(certificate.subjectaltname),
    valid: invalidReason === undefined,
  };
  if (invalidReason !== undefined) facts.invalidReason = invalidReason;
  return facts;
}

function nameMismatch(hostname: string, certificate: tls.PeerCertificate): string | undefined {
  const error = tls.checkServerIdentity(hostname, certificate) as NodeJS.ErrnoException | undefined;
  return error ? (error.code ?? 'ERR_TLS_CERT_ALTNAME_INVALID') : undefined;
}

/** "CN=www.example.cn, O=Example": the fields a reader recognises, all fields otherwise. */
function distinguishedName(name: tls.Certificate | undefined): string {
  if (!name) return '';
  const fields = Object.entries(name as unknown as Record<string, string | string[] | undefined>);
  const shown = fields.filter(([key]) => key === 'CN' || key === 'O');
  return (shown.length > 0 ? shown : fields)
    .map(([key, value]) => `${key}=${Array.isArray(value) ? value.join('+') : (value ?? '')}`)
    .join(', ');
}

/** OpenSSL writes "Jan  1 00:00:00 2124 GMT"; reports want ISO 8601. Unparseable stays raw. */
function isoDate(openSslDate: string | undefined): string {
  if (!openSslDate) return '';
  const date = new Date(openSslDate);
  return Number.isNaN(date.getTime()) ? openSslDate : date.toISOString();
}

function splitAltNames(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName.split(', ').filter((entry) => entry.length > 0);
}
