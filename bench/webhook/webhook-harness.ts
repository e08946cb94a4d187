// Shared by the webhook load generators: a throw-away TLS certificate, the benchmark server in its
// own process (so the generator's CPU is not counted against it), and /proc readings of it.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startShippedServer } from './webhook-shipped.js';

export interface BenchServer {
  pids: number[];
  /** PEM of the self-signed certificate, for the client's `ca`. */
  ca: Buffer;
  url: string;
  stop(): void;
}

export interface ServerOptions {
  port: number;
  workers: number;
  workloads: number;
  /** Node flags for the server process after the production ones, e.g. ['--cpu-prof', '--cpu-prof-dir=...']. */
  execArgv?: string[];
  /** Run `node bin/kubelint.js serve` (the bundle) against a stand-in API server (webhook-shipped.ts). */
  shipped?: boolean;
}

function selfSignedCertificate(): { cert: string; key: string; dir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-bench-'));
  const cert = path.join(dir, 'tls.crt');
  const key = path.join(dir, 'tls.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1', '-subj', '/CN=bench', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert], { stdio: 'ignore' });
  return { cert, key, dir };
}

/** The Node flags the webhook runs with in the cluster: NODE_OPTIONS of its Deployment manifest. */
export function productionNodeFlags(): string[] {
  const manifest = readFileSync(fileURLToPath(new URL('../../manifests/kubelint-webhook/deployment.yaml', import.meta.url)), 'utf8');
  const value = /- name: NODE_OPTIONS\n\s+value: (.+)\n/.exec(manifest)?.[1];
  if (!value) throw new Error('NODE_OPTIONS not found in manifests/kubelint-webhook/deployment.yaml');
  return value.trim().split(/\s+/);
}

export async function startBenchServer(options: ServerOptions): Promise<BenchServer> {
  const { cert, key, dir } = selfSignedCertificate();
  if (options.shipped) {
    if (options.workers !== 1) throw new Error('--shipped runs one `kubelint serve` process (--workers 1)');
    const ca = readFileSync(cert);
    const nodeFlags = [...productionNodeFlags(), ...(options.execArgv ?? [])];
    const server = await startShippedServer({ port: options.port, workloads: options.workloads, cert, key, ca, nodeFlags, dir });
    return { pids: [server.pid], ca, url: `https://127.0.0.1:${options.port}/validate`, stop: server.stop };
  }
  const serverScript = fileURLToPath(new URL('./webhook-server.ts', import.meta.url));
  const viteNode = fileURLToPath(new URL('../../node_modules/vite-node/vite-node.mjs', import.meta.url));
  const args = [serverScript, '--port', String(options.port), '--cert', cert, '--key', key, '--workers', String(options.workers), '--workloads', String(options.workloads)];
  const child: ChildProcess = fork(viteNode, args, { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], execArgv: [...productionNodeFlags(), ...(options.execArgv ?? process.execArgv)] });
  const { pids } = await new Promise<{ pids: number[] }>((resolve, reject) => {
    child.on('message', (m: any) => m?.ready && resolve(m));
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { pids, ca: readFileSync(cert), url: `https://127.0.0.1:${options.port}/validate`, stop: () => child.kill('SIGTERM') };
}

/** Resident memory of the server processes (VmRSS), in MiB with one decimal. */
export function rssMiB(pids: number[]): number {
  let kb = 0;
  for (const pid of pids) {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  }
  return Math.round((kb / 1024) * 10) / 10;
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** User + system CPU time of the server processes so far, in seconds (/proc/<pid>/stat). */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** CPU time the whole machine has spent busy (neither idle nor waiting for I/O), in seconds (/proc/stat). */
export function machineBusySeconds(): number {
  const ticks = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1).map(Number);
  const IDLE = 3;
  const IOWAIT = 4;
  const GUEST = 8; // guest and guest_nice are already counted in user and nice
  const busy = ticks.slice(0, GUEST).reduce((sum, t, i) => (i === IDLE || i === IOWAIT ? sum : sum + t), 0);
  return busy / CLOCK_TICKS_PER_SECOND;
}

export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
