// The webhook exactly as it ships: `node bin/kubelint.js serve` (the esbuild bundle, with the
// NODE_OPTIONS of its Deployment manifest) listing and watching its inventory from a stand-in API
// server on loopback that serves the bench namespace. Used by the load generators with --shipped.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { request } from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INVENTORY_KINDS } from '../../src/webhook/inventory.js';
import { resourcePath } from '../../src/webhook/reflector.js';
import { namespaceInventory } from './webhook-corpus.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Lists the bench namespace per kind; watches stay open and quiet, as in a cluster at rest. */
function standInApiServer(workloads: number): Promise<{ server: Server; url: string }> {
  const objects = namespaceInventory(workloads);
  const byPath = new Map(INVENTORY_KINDS.map((kind) => [resourcePath(kind), objects.filter((o) => o.kind === kind.kind && o.apiVersion === kind.apiVersion)]));
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://api');
    const items = byPath.get(url.pathname);
    if (!items) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'Status', code: 404, message: `no ${url.pathname}` }));
      return;
    }
    if (url.searchParams.get('watch')) {
      res.writeHead(200, { 'content-type': 'application/json' }); // never ends: nothing changes
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items }));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}` })));
}

function ready(port: number, ca: Buffer): Promise<boolean> {
  return new Promise((resolve) => {
    request({ host: '127.0.0.1', port, path: '/readyz', ca }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    })
      .on('error', () => resolve(false))
      .end();
  });
}

export interface ShippedServer {
  pid: number;
  stop(): void;
}

export async function startShippedServer(options: { port: number; workloads: number; cert: string; key: string; ca: Buffer; nodeFlags: string[]; dir: string }): Promise<ShippedServer> {
  const api = await standInApiServer(options.workloads);
  const kubeconfig = path.join(options.dir, 'kubeconfig');
  writeFileSync(kubeconfig, JSON.stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'bench',
    // Plain HTTP on loopback: client-node allows it only with verification off (nothing to verify).
    clusters: [{ name: 'bench', cluster: { server: api.url, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'bench', user: { token: 'bench' } }],
    contexts: [{ name: 'bench', context: { cluster: 'bench', user: 'bench' } }],
  }));
  const args = ['bin/kubelint.js', 'serve', '--no-config', '--host', '127.0.0.1', '--port', String(options.port), '--tls-cert', options.cert, '--tls-key', options.key, '--kubeconfig', kubeconfig];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', process.env.BENCH_SERVE_LOGS ? 'inherit' : 'ignore', 'inherit'], env: { ...process.env, NODE_OPTIONS: options.nodeFlags.join(' '), POD_NAMESPACE: 'kubelint-system' } });
  const exited = new Promise<never>((_, reject) => child.on('exit', (code) => reject(new Error(`kubelint serve exited with ${code}`))));
  const deadline = Date.now() + 30_000;
  while (!(await Promise.race([ready(options.port, options.ca), exited]))) {
    if (Date.now() > deadline) throw new Error('kubelint serve did not become ready within 30 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  exited.catch(() => {}); // from here on, stop() ends it
  return {
    pid: child.pid!,
    stop: () => {
      child.kill('SIGTERM');
      api.server.close();
      api.server.closeAllConnections();
    },
  };
}
