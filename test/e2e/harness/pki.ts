// A throwaway certificate authority for one test run (openssl): the API server's and etcd's
// serving certificates, client identities, and the webhook's serving pair, all signed by it.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Pair {
  cert: string;
  key: string;
}

function openssl(args: string[]): void {
  execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export class TestCA {
  readonly cert: string;
  readonly key: string;
  private serial = 1;

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.cert = path.join(dir, 'ca.crt');
    this.key = path.join(dir, 'ca.key');
    openssl([
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=kubelint-e2e-ca', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
      '-keyout', this.key, '-out', this.cert,
    ]);
  }

  pem(): string {
    return readFileSync(this.cert, 'utf8');
  }

  /**
   * Signs a new pair. `usage` server: SANs for loopback; client: subject CN = user name and
   * O = groups, as the API server's x509 authenticator reads them.
   */
  issue(name: string, usage: 'server' | 'client' | 'both', subject: { cn: string; o?: string[] }): Pair {
    const key = path.join(this.dir, `${name}.key`);
    const cert = path.join(this.dir, `${name}.crt`);
    const csr = path.join(this.dir, `${name}.csr`);
    const ext = path.join(this.dir, `${name}.ext`);
    const subj = `${(subject.o ?? []).map((o) => `/O=${o}`).join('')}/CN=${subject.cn}`;
    openssl(['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', key]);
    openssl(['req', '-new', '-key', key, '-subj', subj, '-out', csr]);
    const eku = { server: 'serverAuth', client: 'clientAuth', both: 'serverAuth,clientAuth' }[usage];
    const lines = ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', `extendedKeyUsage=${eku}`];
    if (usage !== 'client') lines.push('subjectAltName=IP:127.0.0.1,DNS:localhost,IP:10.96.0.1,DNS:kubernetes.default.svc');
    writeFileSync(ext, `${lines.join('\n')}\n`);
    openssl(['x509', '-req', '-in', csr, '-CA', this.cert, '-CAkey', this.key, '-set_serial', String(Date.now() * 100 + this.serial++), '-days', '2', '-sha256', '-extfile', ext, '-out', cert]);
    return { cert, key };
  }

  /** An RSA key pair for service-account tokens (the API server requires one). */
  serviceAccountKeys(): { public: string; private: string } {
    const priv = path.join(this.dir, 'sa.key');
    const pub = path.join(this.dir, 'sa.pub');
    openssl(['genrsa', '-out', priv, '2048']);
    openssl(['rsa', '-in', priv, '-pubout', '-out', pub]);
    return { public: pub, private: priv };
  }
}

/** A kubeconfig for one client identity against one API server. */
export function writeKubeconfig(file: string, server: string, ca: string, client: Pair): void {
  const b64 = (f: string) => readFileSync(f).toString('base64');
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'e2e', cluster: { server, 'certificate-authority-data': b64(ca) } }],
    users: [{ name: 'user', user: { 'client-certificate-data': b64(client.cert), 'client-key-data': b64(client.key) } }],
    contexts: [{ name: 'e2e', context: { cluster: 'e2e', user: 'user' } }],
    'current-context': 'e2e',
  };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
}
