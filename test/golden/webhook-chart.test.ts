// The webhook's Helm chart (manifests/kubelint-webhook-chart), rendered with the pinned helm: what
// the values turn into, the errors it refuses to render, and kubelint linting it clean.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { REPO_ROOT, runJson } from '../helpers/cli.js';

const HELM = path.join(REPO_ROOT, '.tools/bin/helm');
const CHART = path.join(REPO_ROOT, 'manifests/kubelint-webhook-chart');
const CONFIG = path.join(REPO_ROOT, '.kubelint.json');
const run = promisify(execFile);

type Doc = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; annotations?: Record<string, string> }; [k: string]: unknown } & Record<string, any>;

async function render(values: object = {}): Promise<{ text: string; docs: Doc[] }> {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'kubelint-chart-values-')), 'values.json');
  writeFileSync(file, JSON.stringify(values));
  const { stdout } = await run(HELM, ['template', 'kubelint', CHART, '--namespace', 'kubelint-system', '-f', file]);
  return { text: stdout, docs: parseAllDocuments(stdout).map((d) => d.toJS() as Doc).filter(Boolean) };
}

async function renderError(values: object): Promise<string> {
  try {
    await render(values);
  } catch (error) {
    return (error as { stderr: string }).stderr;
  }
  throw new Error('expected the render to fail');
}

const find = (docs: Doc[], kind: string, name?: string) => docs.find((d) => d.kind === kind && (name === undefined || d.metadata.name === name))!;

describe.skipIf(!existsSync(HELM))('webhook Helm chart', () => {
  it("grants the inventory exactly what the plain manifests' ClusterRole grants (the one the end-to-end suite runs)", async () => {
    const plain = parseAllDocuments(readFileSync(path.join(REPO_ROOT, 'manifests/kubelint-webhook/rbac.yaml'), 'utf8')).map((d) => d.toJS() as Doc);
    const { docs } = await render();
    expect(find(docs, 'ClusterRole').rules).toEqual(find(plain, 'ClusterRole').rules);
  });

  it('renders the hardened webhook: replicas, anti-affinity, PDB, NetworkPolicies, cert-manager, config file', async () => {
    const { docs } = await render();
    expect(docs.map((d) => d.kind).sort()).toEqual(
      ['Certificate', 'ClusterRole', 'ClusterRoleBinding', 'ConfigMap', 'Deployment', 'Issuer', 'NetworkPolicy', 'NetworkPolicy', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount', 'ValidatingWebhookConfiguration'],
    );
    const deployment = find(docs, 'Deployment');
    expect(deployment.spec.replicas).toBe(3);
    const pod = deployment.spec.template.spec;
    expect(pod.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey).toBe('kubernetes.io/hostname');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 65532 });
    expect(pod.terminationGracePeriodSeconds).toBe(30);
    const container = pod.containers[0];
    expect(container.image).toBe('ghcr.io/kubelint/kubelint:0.1.0');
    expect(container.args).toContain('--config=/etc/kubelint/config/.kubelint.json');
    expect(container.securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(find(docs, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    const egress = find(docs, 'NetworkPolicy', 'kubelint-kubelint-webhook-egress').spec.egress;
    expect(egress[0].to.map((t: { ipBlock: { cidr: string } }) => t.ipBlock.cidr)).toEqual(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16']);
    expect(egress[0].ports.map((p: { port: number }) => p.port)).toEqual([443, 6443]);
    const vwc = find(docs, 'ValidatingWebhookConfiguration');
    expect(vwc.metadata.annotations!['cert-manager.io/inject-ca-from']).toBe('kubelint-system/kubelint-kubelint-webhook-tls');
    expect(vwc.webhooks[0].namespaceSelector.matchExpressions[0].values).toEqual(['kube-system', 'kubelint-system']);
    expect(find(docs, 'Certificate').spec.dnsNames).toEqual(['kubelint-kubelint-webhook.kubelint-system.svc', 'kubelint-kubelint-webhook.kubelint-system.svc.cluster.local']);
  }, 60_000);

  it('config, rules, exemptions and policy bundles from values become a valid .kubelint.json and mounts', async () => {
    const { docs } = await render({
      config: { webhook: { mode: 'warn' }, rules: { 'image-tag-pinned': 'warning' } },
      rules: { 'resource-limits': 'off' },
      exemptions: [{ rules: ['no-privileged'], namespaces: ['monitoring'], reason: 'node exporter' }],
      policyBundles: { team: { 'team.rego': 'package team\n' } },
    });
    const text = find(docs, 'ConfigMap', 'kubelint-kubelint-webhook-config').data['.kubelint.json'];
    const config = JSON.parse(text);
    expect(config).toEqual({
      webhook: { mode: 'warn', crossResource: 'warn', failurePolicy: 'allow' },
      rules: { 'image-tag-pinned': 'warning', 'resource-limits': 'off' },
      exemptions: [{ rules: ['no-privileged'], namespaces: ['monitoring'], reason: 'node exporter' }],
      policies: ['/etc/kubelint/policies/team'],
    });
    // kubelint serve accepts the file it will read (serve loads its operator's config trusted,
    // so the policy bundle mounted outside the config's folder is allowed).
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-chart-config-'));
    writeFileSync(path.join(dir, '.kubelint.json'), text);
    const resolved = await resolveConfig({ cwd: dir, configFile: path.join(dir, '.kubelint.json'), trustConfig: true });
    expect(resolved.webhook.mode).toBe('warn');
    expect(find(docs, 'ConfigMap', 'kubelint-kubelint-webhook-policy-team').data['team.rego']).toBe('package team\n');
    const pod = find(docs, 'Deployment').spec.template.spec;
    expect(pod.containers[0].volumeMounts).toContainEqual({ name: 'policy-team', mountPath: '/etc/kubelint/policies/team', readOnly: true });
    expect(pod.volumes).toContainEqual({ name: 'policy-team', configMap: { name: 'kubelint-kubelint-webhook-policy-team' } });
  }, 60_000);

  it('uses a provided secret and CA without cert-manager, and refuses to render without them', async () => {
    const { docs } = await render({ tls: { certManager: { enabled: false }, existingSecret: 'my-tls', caBundle: 'Q0E=' }, replicaCount: 2, podAntiAffinity: 'preferred', podDisruptionBudget: { enabled: false } });
    expect(docs.some((d) => d.kind === 'Certificate' || d.kind === 'Issuer' || d.kind === 'PodDisruptionBudget')).toBe(false);
    const vwc = find(docs, 'ValidatingWebhookConfiguration');
    expect(vwc.webhooks[0].clientConfig.caBundle).toBe('Q0E=');
    expect(vwc.metadata.annotations).toBeUndefined();
    const pod = find(docs, 'Deployment').spec.template.spec;
    expect(pod.volumes).toContainEqual({ name: 'tls', secret: { secretName: 'my-tls' } });
    expect(pod.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(100);
    expect(await renderError({ tls: { certManager: { enabled: false } } })).toContain('tls: set tls.certManager.enabled=true, or tls.existingSecret');
    expect(await renderError({ tls: { certManager: { enabled: false }, existingSecret: 'my-tls' } })).toContain('tls.caBundle (base64 PEM of the CA that signed tls.existingSecret) is required');
    expect(await renderError({ podAntiAffinity: 'sometimes' })).toContain('podAntiAffinity must be required, preferred or none');
  }, 60_000);

  it('lints clean with kubelint: the chart directory and a non-default render', async () => {
    const chart = await runJson([CHART, '-c', CONFIG]);
    expect(chart.report!.findings).toEqual([]);
    expect(chart.report!.summary.resources).toBe(13);
    expect(chart.code).toBe(0);
    const { text } = await render({ tls: { certManager: { enabled: false }, existingSecret: 'my-tls', caBundle: 'Q0E=' }, podAntiAffinity: 'preferred', policyBundles: { team: { 'a.rego': 'package a\n' } } });
    const stdin = await runJson(['-', '-c', CONFIG], { stdin: text });
    expect(stdin.report!.findings).toEqual([]);
    expect(stdin.code).toBe(0);
  }, 60_000);
});
