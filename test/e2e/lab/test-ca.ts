/**
 * A throw-away certificate authority made with openssl at lab start: one certificate valid for
 * every lab host, and one for another name (the wrong-certificate scenario). The scanner trusts
 * the CA through NODE_EXTRA_CA_CERTS, curl through --cacert.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from './shell.ts';
import type { CertificatePaths } from './web-config.ts';

export interface TestCertificateAuthority {
  caCertificate: string;
  valid: CertificatePaths;
  wrongName: CertificatePaths;
}

const CURVE = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

async function issue(
  dir: string,
  stem: string,
  names: readonly string[],
  ca: { certificate: string; key: string },
): Promise<CertificatePaths> {
  const key = join(dir, `${stem}.key`);
  const request = join(dir, `${stem}.csr`);
  const certificate = join(dir, `${stem}.pem`);
  const extensions = join(dir, `${stem}.ext`);
  await writeFile(
    extensions,
    [
      `subjectAltName=${names.map((name) => `DNS:${name}`).join(',')}`,
      'basicConstraints=critical,CA:FALSE',
      'keyUsage=critical,digitalSignature',
      'extendedKeyUsage=serverAuth',
      '',
    ].join('\n'),
  );
  await run('openssl', [
    'req',
    ...CURVE,
    '-keyout',
    key,
    '-out',
    request,
    '-subj',
    `/CN=${names[0]}`,
  ]);
  await run('openssl', [
    'x509',
    '-req',
    '-in',
    request,
    '-CA',
    ca.certificate,
    '-CAkey',
    ca.key,
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    extensions,
    '-out',
    certificate,
  ]);
  return { certificate, key };
}

export async function createTestCertificateAuthority(
  dir: string,
  label: string,
  validNames: readonly string[],
  wrongName: string,
): Promise<TestCertificateAuthority> {
  await mkdir(dir, { recursive: true });
  const ca = { certificate: join(dir, 'ca.pem'), key: join(dir, 'ca.key') };
  await run('openssl', [
    'req',
    '-x509',
    ...CURVE,
    '-keyout',
    ca.key,
    '-out',
    ca.certificate,
    '-days',
    '2',
    '-subj',
    `/CN=v6lab test CA ${label}`,
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return {
    caCertificate: ca.certificate,
    valid: await issue(dir, 'lab-hosts', validNames, ca),
    wrongName: await issue(dir, 'wrong-name', [wrongName], ca),
  };
}
