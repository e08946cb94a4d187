// `kubelint serve` end to end: config from flags, kubeconfig, list+watch of every inventory kind
// (nock), readiness, a real review over HTTPS, JSON logs, and a clean stop.
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/serve-command.js';
import { parseServeArgs, ServeUsageError } from '../../src/cli/serve-args.js';
import { UsageError } from '../../src/cli/io.js';
import { POLICY_DIR } from '../../src/engine/rego-files.js';
import { resolveConfig } from '../../src/config/load.js';
import { loadInputs } from '../../src/load/index.js';
import { identifyResources } from '../../src/load/resources.js';
import { INVENTORY_KINDS, type WatchedKind } from '../../src/webhook/inventory.js';
import { resourcePath } from '../../src/webhook/reflector.js';
import { call, fixture, makeCertificate, postReview, tempDir } from './helpers.js';

const API = 'https://kube.test:6443';
const ROOT = path.resolve(import.meta.dirname, '../..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until(condition: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition().catch(() => false))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('serve arguments', () => {
  it('maps flags onto the webhook config and rejects bad values', () => {
    const args = parseServeArgs(['--port', '9443', '--tls-cert', 'c.pem', '--tls-key', 'k.pem', '--mode', 'warn', '--cross-resource', 'deny', '--failure-policy', 'deny', '--shutdown-delay', '100']);
    expect(args.overrides).toEqual({ webhook: { port: 9443, tlsCert: 'c.pem', tlsKey: 'k.pem', mode: 'warn', crossResource: 'deny', failurePolicy: 'deny' } });
    expect([args.shutdownDelayMs, args.shutdownGraceMs]).toEqual([100, 10_000]);
    expect(() => parseServeArgs(['--mode', 'strict'])).toThrow(new ServeUsageError('--mode must be one of enforce, warn, audit, got "strict"'));
    expect(() => parseServeArgs(['--port', '70000'])).toThrow(UsageError);
    expect(() => parseServeArgs(['--bogus'])).toThrow(UsageError);
  });
});

describe.skipIf(!existsSync(path.join(POLICY_DIR, 'policy.wasm')))('kubelint serve', () => {
  const streams: PassThrough[] = [];
  afterEach(() => {
    for (const s of streams.splice(0)) s.end();
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it('refuses to start without a certificate', async () => {
    const io = { stdout: { write: () => true }, stderr: { write: () => true }, readStdin: async () => '', env: {}, cwd: tempDir() };
    await expect(serveCommand(['--no-config'], io, () => new Promise(() => {}))).rejects.toThrow(/needs --tls-cert and --tls-key/);
  });

  /** Starts `kubelint serve` against an API server (nock) that lists `items` per kind and keeps every watch open. */
  async function serve(items: (kind: WatchedKind) => object[] = () => []) {
    const dir = tempDir();
    const tls = makeCertificate(dir);
    const kubeconfig = path.join(dir, 'kubeconfig');
    writeFileSync(kubeconfig, JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': 'test',
      clusters: [{ name: 'test', cluster: { server: API } }],
      users: [{ name: 'test', user: { token: 'serve-token' } }],
      contexts: [{ name: 'test', context: { cluster: 'test', user: 'test' } }],
    }));
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
    const scope = nock(API).matchHeader('authorization', 'Bearer serve-token');
    const watches = new Map<string, PassThrough>();
    for (const kind of INVENTORY_KINDS) {
      const list = { kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '1' }, items: items(kind) };
      scope.get(resourcePath(kind)).query((q) => q.watch === undefined).reply(200, list);
      scope.get(resourcePath(kind)).query((q) => q.watch === '1').reply(200, () => {
        const stream = new PassThrough();
        streams.push(stream);
        watches.set(kind.kind, stream);
        return stream;
      });
    }
    const port = await freePort();
    const out: string[] = [];
    const io = { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => out.push(t) }, readStdin: async () => '', env: { POD_NAMESPACE: 'kubelint-system' }, cwd: dir };
    let stop!: (signal: string) => void;
    const exit = serveCommand(
      ['--no-config', '--host', '127.0.0.1', '--port', String(port), '--tls-cert', tls.cert, '--tls-key', tls.key, '--kubeconfig', kubeconfig],
      io,
      () => new Promise((resolve) => (stop = resolve)),
    );
    await until(async () => (await call(port, tls.pem, { method: 'GET', path: '/readyz' })).status === 200, 'readiness');
    const logs = () => out.join('').trim().split('\n').map((l) => JSON.parse(l));
    return { port, tls, exit, logs, stop: (signal: string) => stop(signal), watch: (kind: string) => watches.get(kind)! };
  }

  it('syncs the inventory, becomes ready, answers reviews and stops on the signal', async () => {
    const { port, tls, exit, logs, stop } = await serve();
    const denied = await postReview(port, tls.pem, fixture('create-deployment-violations.json'));
    expect(denied.json().response.allowed).toBe(false);
    expect(denied.json().response.status.message).toContain('\n- [run-as-non-root] spec.template.spec.containers[0]: container "app" of Deployment "cart" does not set securityContext.runAsNonRoot: true');
    // With an empty inventory, the cross-resource rules warn (crossResource: warn by default).
    expect(denied.json().response.warnings).toContainEqual(expect.stringMatching(/^\[pdb-required\] spec.replicas: /));

    stop('SIGTERM');
    expect(await exit).toBe(0);
    expect(logs().filter((l) => l.msg === 'inventory listed')).toHaveLength(INVENTORY_KINDS.length);
    expect(logs().find((l) => l.msg === 'admission review')).toMatchObject({ uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000002', decision: 'denied', operation: 'CREATE', kind: 'apps/Deployment' });
    expect(logs().at(-1)).toMatchObject({ level: 'info', msg: 'shutdown complete' });
  });

  it('admits the Solar Sync Deployment against its namespace as listed, and warns once a watch deletes its PDB', async () => {
    const config = await resolveConfig({ cwd: ROOT, configFile: false });
    const loaded = await loadInputs(['manifests/solar-sync/plain/'], config, { cwd: ROOT });
    const objects = identifyResources(loaded.manifests).resources.map((r) => r.object as { kind: string; metadata: { name: string } });
    const deployment = objects.find((o) => o.kind === 'Deployment')!;
    const pdb = objects.find((o) => o.kind === 'PodDisruptionBudget')!;
    const { port, tls, exit, stop, watch } = await serve((kind) => objects.filter((o) => o.kind === kind.kind && o !== deployment));

    const review = (uid: string) => ({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: { uid, kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, operation: 'CREATE', namespace: 'solar-sync', name: 'solar-sync', object: deployment },
    });
    const admitted = await postReview(port, tls.pem, review('solar-1'));
    expect(admitted.status).toBe(200);
    expect(admitted.json().response).toEqual({ uid: 'solar-1', allowed: true });

    watch('PodDisruptionBudget').write(`${JSON.stringify({ type: 'DELETED', object: { ...pdb, metadata: { ...pdb.metadata, resourceVersion: '2' } } })}\n`);
    await until(async () => ((await postReview(port, tls.pem, review('solar-2'))).json().response.warnings ?? []).length > 0, 'the deletion to reach the inventory');
    const warned = (await postReview(port, tls.pem, review('solar-3'))).json().response;
    expect(warned.allowed).toBe(true);
    // Over 256 characters with its path, so shown without it (and cut at 256).
    expect(warned.warnings).toEqual([expect.stringMatching(/^\[pdb-required\] Deployment "solar-sync" runs 2 replicas \(the minReplicas of the HorizontalPodAutoscaler.{100,}…$/)]);

    stop('SIGTERM');
    expect(await exit).toBe(0);
  });
});
