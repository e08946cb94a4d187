// A real control plane on loopback for the end-to-end suite: etcd and kube-apiserver (built by
// test/e2e/build-cluster.sh), client-certificate authentication, RBAC. No controller manager,
// scheduler or kubelet: objects are stored and admitted, nothing runs.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import path from 'node:path';
import { TestCA, writeKubeconfig, type Pair } from './pki.js';
import { freePort, Proc, until } from './processes.js';

export interface Binaries {
  etcd: string;
  kubeApiserver: string;
}

/** Binary paths the global setup exported (it runs build-cluster.sh). */
export function binaries(): Binaries {
  const etcd = process.env.KUBELINT_E2E_ETCD;
  const kubeApiserver = process.env.KUBELINT_E2E_KUBE_APISERVER;
  if (!etcd || !kubeApiserver) throw new Error('KUBELINT_E2E_ETCD / KUBELINT_E2E_KUBE_APISERVER unset: run through test/e2e/vitest.config.ts');
  return { etcd, kubeApiserver };
}

/** GET with a client certificate; resolves with the status code and body. */
export function get(url: string, ca: string, client: Pair): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca: readFileSync(ca), cert: readFileSync(client.cert), key: readFileSync(client.key), timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}

export class ApiServer {
  proc: Proc;
  readonly url: string;

  private constructor(private readonly cluster: Cluster, readonly port: number, private readonly index: number) {
    this.url = `https://127.0.0.1:${port}`;
    this.proc = this.spawn();
  }

  static async start(cluster: Cluster, index: number): Promise<ApiServer> {
    const server = new ApiServer(cluster, await freePort(), index);
    try {
      await server.ready();
    } catch (error) {
      await server.proc.stop(); // never returned to the caller, so stopped here
      throw error;
    }
    return server;
  }

  private spawn(): Proc {
    const { dir, ca, etcdClient, serving, saKeys, etcdUrl, bin } = this.cluster;
    return Proc.start(`kube-apiserver-${this.index}`, bin.kubeApiserver, [
      '--bind-address=127.0.0.1', '--advertise-address=127.0.0.1', `--secure-port=${this.port}`,
      `--etcd-servers=${etcdUrl}`, `--etcd-cafile=${ca.cert}`, `--etcd-certfile=${etcdClient.cert}`, `--etcd-keyfile=${etcdClient.key}`,
      `--tls-cert-file=${serving.cert}`, `--tls-private-key-file=${serving.key}`, `--client-ca-file=${ca.cert}`,
      '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
      `--service-account-key-file=${saKeys.public}`, `--service-account-signing-key-file=${saKeys.private}`,
      '--service-cluster-ip-range=10.96.0.0/24', '--authorization-mode=RBAC', '--anonymous-auth=false',
      '--allow-privileged=true', '--profiling=false', `--cert-dir=${path.join(dir, `apiserver-${this.index}-certs`)}`,
      '--enable-priority-and-fairness=false',
    ], { logFile: path.join(dir, `kube-apiserver-${this.index}.log`) });
  }

  /** Waits for /readyz; fails fast if the process died. */
  async ready(timeoutMs = 180_000): Promise<void> {
    await until(`kube-apiserver on ${this.url} to be ready (log: ${this.proc.logFile})`, async () => {
      if (!this.proc.running) throw new Error(`kube-apiserver exited; see ${this.proc.logFile}`);
      const res = await get(`${this.url}/readyz`, this.cluster.ca.cert, this.cluster.admin).catch(() => undefined);
      return res?.status === 200;
    }, timeoutMs, 500);
  }

  /** Stops the process (SIGTERM) and starts it again on the same port. */
  async restart(downMs = 0): Promise<void> {
    await this.proc.stop();
    if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
    this.proc = this.spawn();
    await this.ready();
  }

  /** A kubeconfig file for this server and a client identity. */
  kubeconfig(name: string, client: Pair): string {
    const file = path.join(this.cluster.dir, `${name}-${this.index}.kubeconfig`);
    writeKubeconfig(file, this.url, this.cluster.ca.cert, client);
    return file;
  }
}

export class Cluster {
  readonly ca: TestCA;
  readonly admin: Pair;
  readonly etcdClient: Pair;
  readonly serving: Pair;
  readonly saKeys: { public: string; private: string };
  etcd!: Proc;
  etcdUrl = '';
  readonly apiServers: ApiServer[] = [];

  private constructor(readonly dir: string, readonly bin: Binaries) {
    this.ca = new TestCA(path.join(dir, 'pki'));
    this.admin = this.ca.issue('admin', 'client', { cn: 'e2e-admin', o: ['system:masters'] });
    this.etcdClient = this.ca.issue('apiserver-etcd-client', 'client', { cn: 'kube-apiserver-etcd-client' });
    this.serving = this.ca.issue('apiserver', 'server', { cn: 'kube-apiserver' });
    this.saKeys = this.ca.serviceAccountKeys();
  }

  /** etcd and one kube-apiserver, ready. */
  static async start(dir: string, bin = binaries()): Promise<Cluster> {
    const cluster = new Cluster(dir, bin);
    await cluster.startEtcd();
    try {
      cluster.apiServers.push(await ApiServer.start(cluster, 0));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get apiServer(): ApiServer {
    return this.apiServers[0]!;
  }

  /** Another API server on the same etcd (a test that restarts one owns it). */
  async addApiServer(): Promise<ApiServer> {
    const server = await ApiServer.start(this, this.apiServers.length);
    this.apiServers.push(server);
    return server;
  }

  private async startEtcd(): Promise<void> {
    const [client, peer] = [await freePort(), await freePort()];
    const etcdServing = this.ca.issue('etcd', 'both', { cn: 'etcd' });
    this.etcdUrl = `https://127.0.0.1:${client}`;
    this.etcd = Proc.start('etcd', this.bin.etcd, [
      '--name', 'e2e', '--data-dir', path.join(this.dir, 'etcd-data'),
      '--listen-client-urls', this.etcdUrl, '--advertise-client-urls', this.etcdUrl,
      '--listen-peer-urls', `http://127.0.0.1:${peer}`, '--initial-advertise-peer-urls', `http://127.0.0.1:${peer}`,
      '--initial-cluster', `e2e=http://127.0.0.1:${peer}`,
      '--cert-file', etcdServing.cert, '--key-file', etcdServing.key, '--trusted-ca-file', this.ca.cert, '--client-cert-auth',
      '--log-level', 'warn', '--unsafe-no-fsync',
    ], { logFile: path.join(this.dir, 'etcd.log') });
    try {
      await until('etcd to be healthy', async () => {
        if (!this.etcd.running) throw new Error(`etcd exited; see ${this.etcd.logFile}`);
        return (await get(`${this.etcdUrl}/health`, this.ca.cert, this.etcdClient).catch(() => undefined))?.status === 200;
      }, 60_000, 250);
    } catch (error) {
      await this.etcd.stop();
      throw error;
    }
  }

  /** Stops what start() and addApiServer() started, API servers first. */
  async stop(): Promise<void> {
    for (const server of this.apiServers) await server.proc.stop();
    await this.etcd?.stop();
  }
}
