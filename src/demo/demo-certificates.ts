import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface DemoCertificates {
  caPem: string;
  keyPem: string;
  certPem: string;
}

/**
 * A throwaway CA and a leaf for `*.zone`, made at run time with the system's openssl and trusted
 * only by the demo's own scan (never installed anywhere). null when openssl is missing: the demo
 * then serves plain HTTP only.
 */
export async function makeDemoCertificates(zone: string): Promise<DemoCertificates | null> {
  const directory = await mkdtemp(path.join(tmpdir(), 'v6ready-demo-ca-'));
  const file = (name: string) => path.join(directory, name);
  const openssl = (args: string[]) => run('openssl', args, { cwd: directory, timeout: 20_000 });
  try {
    await openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', file('ca.key')]);
    await openssl([
      'req',
      '-x509',
      '-new',
      '-key',
      file('ca.key'),
      '-subj',
      '/CN=v6ready demo CA (throwaway)',
      '-days',
      '2',
      '-out',
      file('ca.crt'),
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ]);
    await openssl([
      'ecparam',
      '-name',
      'prime256v1',
      '-genkey',
      '-noout',
      '-out',
      file('leaf.key'),
    ]);
    await openssl([
      'req',
      '-new',
      '-key',
      file('leaf.key'),
      '-subj',
      `/CN=*.${zone}`,
      '-out',
      file('leaf.csr'),
    ]);
    await writeFile(
      file('leaf.ext'),
      `subjectAltName=DNS:*.${zone},DNS:${zone}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`,
    );
    await openssl([
      'x509',
      '-req',
      '-in',
      file('leaf.csr'),
      '-CA',
      file('ca.crt'),
      '-CAkey',
      file('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      file('leaf.ext'),
      '-out',
      file('leaf.crt'),
    ]);
    const [caPem, keyPem, certPem] = await Promise.all(
      ['ca.crt', 'leaf.key', 'leaf.crt'].map((name) => readFile(file(name), 'utf8')),
    );
    return { caPem: caPem!, keyPem: keyPem!, certPem: certPem! };
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return null;
    throw error;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
