// `kubelint serve` as a process behind the real API server: a serving certificate from the test
// CA, an identity for its inventory (the shipped ServiceAccount's name, so the shipped RBAC
// applies), and its ValidatingWebhookConfiguration built from manifests/kubelint-webhook/ in URL
// form, limited to the namespaces a test names.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { parse } from 'yaml';
import type { ApiServer, Cluster } from './cluster.js';
import type { Pair } from './pki.js';
import { freePort, Proc, until } from './processes.js';

/** The checkout whose `kubelint serve` and manifests are tested (KUBELINT_E2E_UNDER_TEST, else this one). */
export const UNDER_TEST = process.env.KUBELINT_E2E_UNDER_TEST ?? path.resolve(import.meta.dirname, '../../..');

export const WEBHOOK_USER = { cn: 'system:serviceaccount:kubelint-system:kubelint-webhook', o: ['system:serviceaccounts', 'system:serviceaccounts:kubelint-system'] };

export interface Registration {
  name: string;
  url: string;
  caPem: string;
  namespaces: string[];
  failurePolicy?: 'Fail' | 'Ignore';
  timeoutSeconds?: number;
}

/** The shipped configuration, pointed at a URL and limited to the test's namespaces. */
export function webhookConfiguration(r: Registration): Record<string, any> {
  const shipped = parse(readFileSync(path.join(UNDER_TEST, 'manifests/kubelint-webhook/validatingwebhookconfiguration.yaml'), 'utf8'));
  const [hook] = shipped.webhooks;
  return {
    ...shipped,
    metadata: { name: r.name, labels: shipped.metadata.labels },
    webhooks: [{
      ...hook,
      clientConfig: { url: r.url, caBundle: Buffer.from(r.caPem).toString('base64') },
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: r.namespaces }] },
      ...(r.failurePolicy ? { failurePolicy: r.failurePolicy } : {}),
      ...(r.timeoutSeconds ? { timeoutSeconds: r.timeoutSeconds } : {}),
    }],
  };
}

function getText(url: string, ca: string): Promise<{ status: number; body: string; serial?: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, timeout: 5000, agent: false }, (res) => {
      const serial = (res.socket as import('node:tls').TLSSocket).getPeerCertificate?.().serialNumber;
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, serial }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export class Webhook {
  private constructor(
    readonly proc: Proc,
    readonly port: number,
    readonly tls: Pair,
    private readonly cluster: Cluster,
    readonly name: string,
  ) {}

  get url(): string {
    return `https://127.0.0.1:${this.port}/validate`;
  }

  /** Starts `kubelint serve` listing its inventory from `apiServer` as `identity`; waits for the port. */
  static async start(cluster: Cluster, apiServer: ApiServer, options: { name: string; args?: string[]; nodeArgs?: string[]; checkout?: string; identity?: Pair; waitReady?: boolean }): Promise<Webhook> {
    const { name } = options;
    // Another built checkout's `kubelint serve` (benchmarks compare two builds); UNDER_TEST by default.
    const checkout = options.checkout ?? UNDER_TEST;
    const tls = cluster.ca.issue(`${name}-serving`, 'server', { cn: name });
    const identity = options.identity ?? cluster.ca.issue(`${name}-client`, 'client', WEBHOOK_USER);
    const kubeconfig = apiServer.kubeconfig(`${name}-inventory`, identity);
    const port = await freePort();
    const proc = Proc.start(name, process.execPath, [
      ...(options.nodeArgs ?? []), path.join(checkout, 'bin/kubelint.js'), 'serve', ...(options.args?.includes('--config') ? [] : ['--no-config']), '--host', '127.0.0.1', '--port', String(port),
      '--tls-cert', tls.cert, '--tls-key', tls.key, '--kubeconfig', kubeconfig, ...(options.args ?? []),
    ], { logFile: path.join(cluster.dir, `${name}.log`), cwd: checkout });
    const webhook = new Webhook(proc, port, tls, cluster, name);
    try {
      await until(`${name} to listen`, async () => {
        if (!proc.running) throw new Error(`${name} exited; see ${proc.logFile}`);
        return (await webhook.get('/healthz').catch(() => undefined))?.status === 200;
      }, 60_000);
      if (options.waitReady !== false) await until(`${name} to be ready`, async () => (await webhook.get('/readyz')).status === 200, 60_000);
    } catch (error) {
      await proc.stop(); // never returned to the test, so stopped here
      throw error;
    }
    return webhook;
  }

  get(pathname: string) {
    return getText(`https://127.0.0.1:${this.port}${pathname}`, this.cluster.ca.pem());
  }

  /** The JSON log lines written so far. */
  logs(): Array<Record<string, any>> {
    return readFileSync(this.proc.logFile, 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
  }

  /** Replaces the serving pair in place (as a Secret update does), each file renamed over the old one. */
  rotateCertificate(): Pair {
    const next = this.cluster.ca.issue(`${this.name}-serving-next`, 'server', { cn: this.name });
    writeFileSync(`${this.tls.key}.new`, readFileSync(next.key));
    writeFileSync(`${this.tls.cert}.new`, readFileSync(next.cert));
    renameSync(`${this.tls.key}.new`, this.tls.key);
    renameSync(`${this.tls.cert}.new`, this.tls.cert);
    return next;
  }

  stop(graceMs?: number): Promise<number | null> {
    return this.proc.stop(graceMs);
  }
}
