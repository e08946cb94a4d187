// UPDATEs are judged on what they change: objects being deleted and metadata/status-only updates
// are admitted, pre-existing violations warn, new ones deny; /scale is an UPDATE of its workload.
import { describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../../src/config/types.js';
import { staticInventory, type InventoryView } from '../../src/webhook/inventory.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import { parseReview } from '../../src/webhook/review.js';
import { createReview, pdb, resource, testConfig, testLinter } from './helpers.js';

function policy(webhook: Partial<WebhookConfig> = {}, inventory: InventoryView = staticInventory([])) {
  return createAdmissionPolicy({ linter: testLinter(), config: testConfig(webhook), inventory, exemptNamespaces: new Set(['kube-system']) });
}

/** A Deployment as the API server stores it: team label present, one container. */
function deployment(options: { image?: string; images?: string[]; replicas?: number; metadata?: Record<string, unknown>; status?: unknown } = {}) {
  const images = options.images ?? [options.image ?? 'registry.example.com/reports:2.3.1'];
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'reports', namespace: 'billing', uid: '3f1c', resourceVersion: '4711', generation: 3, labels: { team: 'billing' }, ...options.metadata },
    spec: {
      replicas: options.replicas ?? 1,
      selector: { matchLabels: { app: 'reports' } },
      template: { metadata: { labels: { app: 'reports' } }, spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })) } },
    },
    ...(options.status ? { status: options.status } : {}),
  };
}

function update(object: Record<string, any>, oldObject: Record<string, any>, uid = 'u-1') {
  const review = createReview(resource(object), uid) as { request: Record<string, unknown> };
  Object.assign(review.request, { operation: 'UPDATE', resource: { group: 'apps', version: 'v1', resource: 'deployments' }, oldObject });
  return parseReview(review);
}

const LATEST = 'registry.example.com/reports:latest';

describe('UPDATE: maintenance is always admitted', () => {
  it('lets a Terminating non-compliant object lose its finalizer (it would stay Terminating forever)', () => {
    const terminating = { finalizers: ['billing.example.com/export-ledger'], deletionTimestamp: '2026-12-06T06:00:00Z', deletionGracePeriodSeconds: 0 };
    const before = deployment({ image: LATEST, metadata: terminating });
    const after = deployment({ image: LATEST, metadata: { ...terminating, finalizers: [] } });
    const decision = policy().decide(update(after, before));
    expect(decision.response).toEqual({ uid: 'u-1', allowed: true });
    expect(decision.skipReason).toBe('deleting');
  });

  it('admits label, annotation and finalizer changes of a non-compliant object without evaluating it', () => {
    const before = deployment({ image: LATEST });
    const after = deployment({ image: LATEST, metadata: { labels: { team: 'billing', tier: 'batch' }, annotations: { 'example.com/owner': 'ops' }, finalizers: ['billing.example.com/export-ledger'] } });
    const decision = policy().decide(update(after, before));
    expect([decision.response.allowed, decision.skipReason, decision.response.warnings]).toEqual([true, 'unchanged-spec', undefined]);
  });

  it('admits a status-only change (a kind without a status subresource, or a controller writing it)', () => {
    const before = deployment({ image: LATEST });
    const after = deployment({ image: LATEST, status: { observedGeneration: 3, replicas: 1 } });
    expect(policy().decide(update(after, before)).skipReason).toBe('unchanged-spec');
  });
});

describe('UPDATE: only new violations deny', () => {
  it('warns about a violation the old object had already, marked pre-existing', () => {
    const before = deployment({ image: LATEST, replicas: 1 });
    const after = deployment({ image: LATEST, replicas: 1, metadata: {} });
    (after.spec.template.spec.containers[0] as Record<string, unknown>).env = [{ name: 'LOG_LEVEL', value: 'debug' }];
    const decision = policy().decide(update(after, before));
    expect(decision.response).toEqual({
      uid: 'u-1',
      allowed: true,
      warnings: [`[no-latest, pre-existing] spec.template.spec.containers[0].image: image "${LATEST}" uses the latest tag`],
    });
    expect(decision.violations).toEqual([{ ruleId: 'no-latest', path: 'spec.template.spec.containers[0].image', action: 'warn', preexisting: true }]);
  });

  it('denies what the update introduces and still warns about what was there', () => {
    const before = deployment({ images: [LATEST, 'registry.example.com/sidecar:1.0.0'] });
    const after = deployment({ images: [LATEST, 'registry.example.com/sidecar:latest'] });
    const decision = policy().decide(update(after, before));
    expect(decision.response.allowed).toBe(false);
    expect(decision.response.status?.message).toBe(
      'kubelint: Deployment "reports" in namespace "billing" has 1 policy violation:\n' +
        '- [no-latest] spec.template.spec.containers[1].image: image "registry.example.com/sidecar:latest" uses the latest tag',
    );
    expect(decision.response.warnings).toEqual([`[no-latest, pre-existing] spec.template.spec.containers[0].image: image "${LATEST}" uses the latest tag`]);
  });

  it('counts duplicates: one old violation excuses one new one at the same field, not two', () => {
    const before = deployment({ image: LATEST });
    const after = deployment({ images: [LATEST, LATEST] }); // a second container with the same image is a second violation
    const decision = policy().decide(update(after, before));
    expect(decision.violations.map((v) => [v.path, v.action])).toEqual([
      ['spec.template.spec.containers[0].image', 'warn'],
      ['spec.template.spec.containers[1].image', 'deny'],
    ]);
  });

  it('still denies a CREATE of the same object (there is no old object to compare with)', () => {
    const review = update(deployment({ image: LATEST }), deployment({ image: LATEST }));
    const decision = policy().decide({ ...review, operation: 'CREATE', oldObject: undefined });
    expect(decision.response.allowed).toBe(false);
  });
});

function scaleReview(replicas: number, oldReplicas: number, options: { resource?: string; group?: string; subResource?: string; name?: string } = {}) {
  const scale = (n: number) => ({ apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: options.name ?? 'reports', namespace: 'billing' }, spec: { replicas: n } });
  return parseReview({
    apiVersion: 'admission.k8s.io/v1',
    kind: 'AdmissionReview',
    request: {
      uid: 'scale-1',
      kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
      resource: { group: options.group ?? 'apps', version: 'v1', resource: options.resource ?? 'deployments' },
      subResource: options.subResource ?? 'scale',
      operation: 'UPDATE',
      name: options.name ?? 'reports',
      namespace: 'billing',
      object: scale(replicas),
      oldObject: scale(oldReplicas),
    },
  });
}

describe('/scale: judged as the workload with the new replica count', () => {
  const single = staticInventory([resource(deployment({ replicas: 1 }))]);

  it('denies scaling past the PDB threshold without a PDB when cross-resource errors deny', () => {
    const decision = policy({ crossResource: 'deny' }, single).decide(scaleReview(3, 1));
    expect(decision.response.allowed).toBe(false);
    expect(decision.response.uid).toBe('scale-1');
    expect(decision.response.status?.message).toBe('kubelint: Deployment "reports" in namespace "billing" has 1 policy violation:\n- [needs-pdb] spec.replicas: Deployment "reports" has no PodDisruptionBudget');
  });

  it('warns by default (crossResource: warn), and admits when a PDB covers the pods', () => {
    expect(policy({}, single).decide(scaleReview(3, 1)).response.warnings).toEqual(['[needs-pdb] spec.replicas: Deployment "reports" has no PodDisruptionBudget']);
    const covered = staticInventory([resource(deployment({ replicas: 1 })), resource(pdb('reports', 'billing', { app: 'reports' }))]);
    expect(policy({ crossResource: 'deny' }, covered).decide(scaleReview(3, 1)).response).toEqual({ uid: 'scale-1', allowed: true });
  });

  it('does not deny a scale that leaves an existing violation as it was (3 → 5 without a PDB)', () => {
    const three = staticInventory([resource(deployment({ replicas: 3 }))]);
    const decision = policy({ crossResource: 'deny' }, three).decide(scaleReview(5, 3));
    expect(decision.response.allowed).toBe(true);
    expect(decision.response.warnings).toEqual(['[needs-pdb, pre-existing] spec.replicas: Deployment "reports" has no PodDisruptionBudget']);
  });

  it('leaves other subresources and scales of kinds the inventory does not watch alone', () => {
    expect(policy({ crossResource: 'deny' }, single).decide(scaleReview(3, 1, { subResource: 'status' })).skipReason).toBe('subresource');
    expect(policy({ crossResource: 'deny' }, single).decide(scaleReview(3, 1, { group: 'argoproj.io', resource: 'rollouts' })).skipReason).toBe('subresource');
  });

  it('answers per the failure policy when the workload is not in the inventory', () => {
    const missing = policy({ failurePolicy: 'deny' }, staticInventory([])).decide(scaleReview(3, 1));
    expect(missing.outcome).toBe('failed-closed');
    expect(missing.response.status?.message).toBe('kubelint could not evaluate this request (replica change: Deployment "reports" is not in the inventory); failure policy is deny');
  });
});
