// Shared fixtures for webhook tests: throwaway certificates, test checks with known verdicts,
// configs, golden reviews and an HTTPS client pinned to the test CA.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultConfig } from '../../src/config/defaults.js';
import type { ResolvedConfig, WebhookConfig } from '../../src/config/types.js';
import type { Check } from '../../src/engine/check.js';
import { createLinter, type Linter } from '../../src/engine/engine.js';
import type { Resource, Violation } from '../../src/types.js';
import { staticInventory, type InventoryView } from '../../src/webhook/inventory.js';
import type { Logger, LogLevel } from '../../src/webhook/log.js';
import type { ServerLimits } from '../../src/webhook/server.js';
import { startWebhook, type RunningWebhook } from '../../src/webhook/webhook.js';

export const FIXTURES = fileURLToPath(new URL('../../fixtures/admission/', import.meta.url));

export function fixture(name: string): Record<string, any> {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8'));
}

export function tempDir(prefix = 'kubelint-webhook-'): string {
  return mkdtempSync(path.join(tmpdir(), prefix));
}

/** A self-signed certificate for 127.0.0.1 (and localhost), written to dir/<name>.{crt,key}. */
export function makeCertificate(dir: string, name = 'tls', commonName = 'kubelint-test'): { cert: string; key: string; pem: string } {
  const cert = path.join(dir, `${name}.crt`);
  const key = path.join(dir, `${name}.key`);
  execFileSync('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1',
    '-subj', `/CN=${commonName}`, '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    '-keyout', key, '-out', cert,
  ], { stdio: 'ignore' });
  return { cert, key, pem: readFileSync(cert, 'utf8') };
}

function containersOf(r: Resource): Array<{ image?: string }> {
  const spec = (r.object.spec ?? {}) as Record<string, any>;
  const podSpec = r.kind === 'Pod' ? spec : spec.template?.spec ?? {};
  return Array.isArray(podSpec.containers) ? podSpec.containers : [];
}

/** resource scope, error: images must not use :latest. */
export const noLatestCheck: Check = {
  rules: [{ id: 'no-latest', title: 'No latest tag', description: 'Images are pinned.', severity: 'error', kinds: ['Deployment', 'Pod'], scope: 'resource', origin: 'rego' }],
  run(batch) {
    const out: Violation[] = [];
    for (const r of batch) {
      containersOf(r).forEach((c, i) => {
        if (String(c.image).endsWith(':latest')) {
          out.push({ ruleId: 'no-latest', message: `image "${c.image}" uses the latest tag`, resource: r, path: ['spec', 'template', 'spec', 'containers', i, 'image'] });
        }
      });
    }
    return out;
  },
};

/** resource scope, warning: workloads carry a team label. */
export const teamLabelCheck: Check = {
  rules: [{ id: 'team-label', title: 'Team label', description: 'Owners are known.', severity: 'warning', kinds: ['Deployment'], scope: 'resource', origin: 'rego' }],
  run(batch) {
    return batch
      .filter((r) => r.kind === 'Deployment' && !(r.object.metadata as any)?.labels?.team)
      .map((r) => ({ ruleId: 'team-label', message: 'metadata.labels.team is missing', resource: r, path: ['metadata', 'labels'] }));
  },
};

/** batch scope, error: a Deployment with 2+ replicas needs a PDB selecting it in its namespace. */
export const needsPdbCheck: Check = {
  rules: [{ id: 'needs-pdb', title: 'PDB required', description: 'Replicated workloads have a PDB.', severity: 'error', kinds: ['Deployment', 'PodDisruptionBudget'], scope: 'batch', origin: 'rego' }],
  run(batch) {
    const pdbs = batch.filter((r) => r.kind === 'PodDisruptionBudget');
    const out: Violation[] = [];
    for (const r of batch) {
      if (r.kind !== 'Deployment' || Number((r.object.spec as any)?.replicas ?? 1) < 2) continue;
      const labels = (r.object.spec as any)?.template?.metadata?.labels ?? {};
      const covered = pdbs.some((p) => {
        if ((p.namespace ?? '') !== (r.namespace ?? '')) return false;
        const match = (p.object.spec as any)?.selector?.matchLabels ?? {};
        return Object.entries(match).every(([k, v]) => labels[k] === v);
      });
      if (!covered) out.push({ ruleId: 'needs-pdb', message: `Deployment "${r.name}" has no PodDisruptionBudget`, resource: r, path: ['spec', 'replicas'] });
    }
    return out;
  },
};

/** A rule that (badly) quotes field values, to prove Secret contents never leave the webhook. */
export const leakySecretCheck: Check = {
  rules: [{ id: 'secret-strength', title: 'Secret values are strong', description: 'Weak secrets.', severity: 'warning', kinds: ['Secret'], scope: 'resource', origin: 'rego' }],
  run(batch) {
    return batch
      .filter((r) => r.kind === 'Secret')
      .map((r) => ({ ruleId: 'secret-strength', message: `value ${JSON.stringify(r.object.data)} ${JSON.stringify(r.object.stringData)} is weak`, resource: r, path: ['data', 'password'] }));
  },
};

/** A check that always throws, for the failure policy. */
export const explodingCheck: Check = {
  rules: [{ id: 'explodes', title: 'Explodes', description: 'Throws.', severity: 'error', kinds: ['ConfigMap'], scope: 'resource', origin: 'rego' }],
  run(batch) {
    if (batch.some((r) => r.kind === 'ConfigMap')) throw new Error('policy bundle corrupted');
    return [];
  },
};

export function testLinter(checks: Check[] = [noLatestCheck, teamLabelCheck, needsPdbCheck, leakySecretCheck, explodingCheck]): Linter {
  return createLinter(checks);
}

export function testConfig(webhook: Partial<WebhookConfig> = {}): ResolvedConfig {
  const config = defaultConfig(process.cwd());
  return { ...config, webhook: { ...config.webhook, ...webhook } };
}

export function resource(object: Record<string, any>): Resource {
  return {
    apiVersion: object.apiVersion,
    kind: object.kind,
    name: object.metadata.name,
    namespace: object.metadata.namespace,
    object,
    basePath: [],
  };
}

/** A CREATE AdmissionReview of a resource, as the API server would send it. */
export function createReview(resource: Resource, uid: string): unknown {
  const [group, version] = resource.apiVersion.includes('/') ? resource.apiVersion.split('/') : ['', resource.apiVersion];
  return {
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: { uid, kind: { group, version, kind: resource.kind }, operation: 'CREATE', namespace: resource.namespace, name: resource.name, object: structuredClone(resource.object) },
  };
}

export function pdb(name: string, namespace: string, matchLabels: Record<string, string>): Record<string, any> {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace }, spec: { maxUnavailable: 1, selector: { matchLabels } } };
}

export interface CapturedLogs extends Logger {
  lines: string[];
  entries(): Array<Record<string, any>>;
}

export function captureLogs(): CapturedLogs {
  const lines: string[] = [];
  return {
    lines,
    log(level: LogLevel, msg: string, fields = {}) {
      lines.push(JSON.stringify({ level, msg, ...fields }));
    },
    entries: () => lines.map((l) => JSON.parse(l)),
  };
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json(): any;
}

/** One HTTPS request to the test server, trusting only the given CA. */
export function call(port: number, ca: string | string[], options: { method?: string; path?: string; headers?: Record<string, string | number>; body?: string | Buffer; agent?: any } = {}): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path ?? '/validate', ca, headers: options.headers, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

export function postReview(port: number, ca: string | string[], review: unknown, agent?: any): Promise<HttpResult> {
  return call(port, ca, { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(review), agent });
}

export function writeFile(file: string, text: string): void {
  writeFileSync(file, text);
}

/** The decision testLinter() gives for fixtures/admission/create-deployment-violations.json in enforce mode. */
export const CART_DENIAL = {
  uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000002',
  allowed: false,
  status: {
    code: 403,
    reason: 'Forbidden',
    message:
      'kubelint: Deployment "cart" in namespace "shop" has 1 policy violation:\n' +
      '- [no-latest] spec.template.spec.containers[0].image: image "registry.example.com/cart:latest" uses the latest tag',
  },
  warnings: ['[needs-pdb] spec.replicas: Deployment "cart" has no PodDisruptionBudget', '[team-label] metadata.labels: metadata.labels.team is missing'],
};

export interface TestWebhookOptions {
  linter?: Linter;
  webhook?: Partial<WebhookConfig>;
  view?: InventoryView;
  limits?: Partial<ServerLimits>;
}

/** The webhook on 127.0.0.1 (a free port) over a fixed inventory, its log captured. */
export async function startTestWebhook(tls: { cert: string; key: string }, options: TestWebhookOptions = {}): Promise<{ webhook: RunningWebhook; logs: CapturedLogs; port: number }> {
  const logs = captureLogs();
  const webhook = await startWebhook({
    config: testConfig({ port: 0, tlsCert: tls.cert, tlsKey: tls.key, ...options.webhook }),
    linter: options.linter ?? testLinter(),
    logger: logs,
    inventory: { view: options.view ?? staticInventory([]) },
    host: '127.0.0.1',
    limits: options.limits,
    certificate: { pollMs: 0 },
  });
  return { webhook, logs, port: webhook.address.port };
}

/** Polls `condition` until it holds; throws naming `what` after ms. */
export async function until(condition: () => boolean | Promise<boolean>, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
