import { describe, expect, it } from 'vitest';
import type { WebhookConfig } from '../../src/config/types.js';
import { staticInventory, type InventoryView } from '../../src/webhook/inventory.js';
import { createLinter } from '../../src/engine/engine.js';
import { createSuppressor } from '../../src/engine/suppress.js';
import { admissionResource, createAdmissionPolicy } from '../../src/webhook/policy.js';
import { parseReview } from '../../src/webhook/review.js';
import { CART_DENIAL, fixture, needsPdbCheck, noLatestCheck, pdb, resource, teamLabelCheck, testConfig, testLinter } from './helpers.js';

function policy(webhook: Partial<WebhookConfig> = {}, inventory: InventoryView = staticInventory([]), exempt = ['kube-system', 'kubelint']) {
  return createAdmissionPolicy({ linter: testLinter(), config: testConfig(webhook), inventory, exemptNamespaces: new Set(exempt) });
}

const request = (name: string) => parseReview(fixture(name));

describe('admission decisions', () => {
  it('allows a compliant Deployment that has its PDB in the inventory, without warnings', () => {
    const inventory = staticInventory([resource(pdb('checkout', 'shop', { app: 'checkout' }))]);
    const decision = policy({}, inventory).decide(request('create-deployment-compliant.json'));
    expect(decision.response).toEqual({ uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000001', allowed: true });
    expect(decision.outcome).toBe('allowed');
  });

  it('leaves the API server\'s managedFields out of the object the rules see (often half its size)', () => {
    const review = fixture('create-deployment-compliant.json') as { request: { object: { metadata: Record<string, unknown> } } };
    const { metadata } = review.request.object;
    review.request.object.metadata = { ...metadata, managedFields: [{ manager: 'kubectl', operation: 'Update', fieldsV1: { 'f:spec': {} } }] };
    const seen = admissionResource(parseReview(review));
    expect(seen.object.metadata).toEqual({ namespace: 'shop', ...metadata });
    expect(policy().decide(parseReview(review)).response).toEqual(policy().decide(request('create-deployment-compliant.json')).response);
  });

  it('enforce: errors deny with a concise message, warnings and cross-resource errors become warnings', () => {
    const decision = policy().decide(request('create-deployment-violations.json'));
    expect(decision.outcome).toBe('denied');
    expect(decision.response).toEqual(CART_DENIAL);
  });

  it('crossResource: deny turns cross-resource errors into denials', () => {
    const decision = policy({ crossResource: 'deny' }).decide(request('create-deployment-compliant.json'));
    expect(decision.response.allowed).toBe(false);
    expect(decision.response.status?.message).toContain('- [needs-pdb] spec.replicas: Deployment "checkout" has no PodDisruptionBudget');
  });

  it('warn mode turns every finding into a warning', () => {
    const decision = policy({ mode: 'warn' }).decide(request('create-deployment-violations.json'));
    expect(decision.outcome).toBe('warned');
    expect(decision.response.allowed).toBe(true);
    expect(decision.response.status).toBeUndefined();
    expect(decision.response.warnings).toEqual([
      '[needs-pdb] spec.replicas: Deployment "cart" has no PodDisruptionBudget',
      '[no-latest] spec.template.spec.containers[0].image: image "registry.example.com/cart:latest" uses the latest tag',
      '[team-label] metadata.labels: metadata.labels.team is missing',
    ]);
  });

  it('audit mode allows silently and records the findings as audited', () => {
    const decision = policy({ mode: 'audit' }).decide(request('create-deployment-violations.json'));
    expect(decision.response).toEqual({ uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000002', allowed: true });
    expect(decision.violations.map((v) => [v.ruleId, v.action])).toEqual([
      ['needs-pdb', 'audit'],
      ['no-latest', 'audit'],
      ['team-label', 'audit'],
    ]);
  });

  it('per-rule modes override the global mode both ways', () => {
    const relaxed = policy({ ruleModes: { 'no-latest': 'warn', 'team-label': 'audit' } }).decide(request('create-deployment-violations.json'));
    expect(relaxed.response.allowed).toBe(true);
    expect(relaxed.response.warnings).toEqual([
      '[needs-pdb] spec.replicas: Deployment "cart" has no PodDisruptionBudget',
      '[no-latest] spec.template.spec.containers[0].image: image "registry.example.com/cart:latest" uses the latest tag',
    ]);
    const strict = policy({ mode: 'audit', ruleModes: { 'no-latest': 'enforce' } }).decide(request('create-deployment-violations.json'));
    expect(strict.response.allowed).toBe(false);
    expect(strict.response.warnings).toBeUndefined();
  });

  it('decides dry-run requests exactly like real ones', () => {
    const real = policy().decide(request('create-deployment-violations.json'));
    const dry = policy().decide(request('dry-run-create-deployment.json'));
    expect({ ...dry.response, uid: 'x' }).toEqual({ ...real.response, uid: 'x' });
  });

  it('UPDATE evaluates the new object and replaces the stored version in the batch', () => {
    // The stored checkout has a matching PDB; the stored copy of the object itself must not linger.
    const stored = resource(fixture('update-deployment.json').request.oldObject);
    const inventory = staticInventory([stored, resource(pdb('checkout', 'shop', { app: 'checkout' }))]);
    const decision = policy({}, inventory).decide(request('update-deployment.json'));
    expect(decision.response.allowed).toBe(false);
    expect(decision.response.status?.message).toBe(
      'kubelint: Deployment "checkout" in namespace "shop" has 1 policy violation:\n' +
        '- [no-latest] spec.template.spec.containers[0].image: image "registry.example.com/checkout:latest" uses the latest tag',
    );
    expect(decision.response.warnings).toBeUndefined();
  });

  it('allows DELETE and CONNECT without evaluating (subresources: update.test.ts)', () => {
    for (const [name, reason] of [
      ['delete-deployment.json', 'operation'],
      ['connect-pod-exec.json', 'operation'],
    ] as const) {
      const decision = policy().decide(request(name));
      expect(decision.response).toEqual({ uid: fixture(name).request.uid, allowed: true });
      expect(decision.skipReason).toBe(reason);
    }
  });

  it('allows kinds no rule knows (a CRD instance) and Namespaces when no rule covers them', () => {
    const crd = policy().decide(request('create-crd-instance.json'));
    expect(crd).toMatchObject({ outcome: 'skipped', skipReason: 'no-rule-for-kind', response: { allowed: true } });
    const ns = policy().decide(request('create-namespace.json'));
    expect(ns).toMatchObject({ outcome: 'skipped', skipReason: 'no-rule-for-kind', response: { allowed: true } });
  });

  it('skips exempt namespaces, including the Namespace object of an exempt namespace', () => {
    const review = fixture('create-deployment-violations.json');
    review.request.namespace = 'kubelint';
    review.request.object.metadata.namespace = 'kubelint';
    expect(policy().decide(parseReview(review)).skipReason).toBe('exempt-namespace');
    const ns = fixture('create-namespace.json');
    ns.request.object.metadata.name = 'kube-system';
    expect(policy().decide(parseReview(ns)).skipReason).toBe('exempt-namespace');
  });

  it('takes the namespace from the request when the object names none', () => {
    const review = fixture('create-deployment-violations.json');
    delete review.request.object.metadata.namespace;
    const inventory = staticInventory([resource(pdb('cart', 'shop', { app: 'cart' }))]);
    const decision = policy({}, inventory).decide(parseReview(review));
    expect(decision.response.warnings).toEqual(['[team-label] metadata.labels: metadata.labels.team is missing']);
  });

  it('never passes cross-resource rules silently when the inventory is not synced', () => {
    const unsynced: InventoryView = { synced: () => false, health: () => [{ label: 'policy/v1 PodDisruptionBudget', kind: 'PodDisruptionBudget', state: 'pending' }], objectsIn: () => [] };
    const open = policy({ failurePolicy: 'allow' }, unsynced).decide(request('create-deployment-compliant.json'));
    expect(open.outcome).toBe('failed-open');
    expect(open.inventoryMissing).toBe(true);
    expect(open.response).toEqual({
      uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000001',
      allowed: true,
      warnings: ['kubelint: cross-resource rules not evaluated: policy/v1 PodDisruptionBudget not listed yet: needs-pdb'],
    });
    const closed = policy({ failurePolicy: 'deny' }, unsynced).decide(request('create-deployment-compliant.json'));
    expect(closed.outcome).toBe('failed-closed');
    expect(closed.response.status?.message).toContain('[inventory] cross-resource rules cannot be evaluated: policy/v1 PodDisruptionBudget not listed yet: needs-pdb');
  });

  it('shows only rule titles for Secrets, never field values', () => {
    const decision = policy().decide(request('create-secret.json'));
    const text = JSON.stringify(decision);
    expect(decision.response.warnings).toEqual(['[secret-strength] data.password: fails the rule "Secret values are strong" (details are not shown for Secrets)']);
    for (const secret of ['aHVudGVyMi1TRUNSRVQtdmFsdWU=', 'hunter2', 'STRINGDATA-SECRET', 'ANNOTATION-SECRET']) expect(text).not.toContain(secret);
  });

  it('throws (for the server to apply the failure policy) when a check fails', () => {
    const review = fixture('create-crd-instance.json');
    review.request.kind = { group: '', version: 'v1', kind: 'ConfigMap' };
    review.request.object = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'shop' } };
    expect(() => policy().decide(parseReview(review))).toThrow('policy bundle corrupted');
  });

  it('honours ignore annotations with a reason, in both passes, without unused-suppression noise', () => {
    const review = fixture('create-deployment-violations.json');
    review.request.object.metadata.annotations = { 'kubelint.io/ignore': 'no-latest,needs-pdb', 'kubelint.io/ignore-reason': 'canary image, PDB arrives with the next apply' };
    const linter = createLinter([noLatestCheck, teamLabelCheck, needsPdbCheck], createSuppressor);
    const decision = createAdmissionPolicy({ linter, config: testConfig(), inventory: staticInventory([]), exemptNamespaces: new Set() }).decide(parseReview(review));
    expect(decision.response).toEqual({
      uid: '0b6c1c9a-1d1e-4b7a-9a51-000000000002',
      allowed: true,
      warnings: ['[team-label] metadata.labels: metadata.labels.team is missing'],
    });
  });
});
