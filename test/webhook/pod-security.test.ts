// The webhook applies a namespace's pod-security.kubernetes.io labels from its inventory, as the
// CLI does from the Namespaces in its batch.
import { describe, expect, it } from 'vitest';
import { getLinter } from '../../src/engine/linter-factory.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import { staticInventory } from '../../src/webhook/inventory.js';
import { parseReview } from '../../src/webhook/review.js';
import { fixture, resource, testConfig } from './helpers.js';

const shop = (labels: Record<string, string>) => resource({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels } });

async function decide(namespaces: ReturnType<typeof shop>[]) {
  const policy = createAdmissionPolicy({ linter: await getLinter(), config: testConfig(), inventory: staticInventory(namespaces), exemptNamespaces: new Set(['kube-system']) });
  return policy.decide(parseReview(fixture('create-deployment-compliant.json')));
}

describe('admission with namespace pod-security labels', () => {
  it('enforce: restricted denies what the PodSecurity admission would refuse in that namespace', async () => {
    const decision = await decide([shop({ 'pod-security.kubernetes.io/enforce': 'restricted', 'pod-security.kubernetes.io/enforce-version': 'v1.35' })]);
    expect(decision.response.allowed).toBe(false);
    expect(decision.response.status?.message).toContain('[pss-run-as-non-root]');
    expect(decision.response.status?.message).toContain('violates PodSecurity "restricted:v1.35"');
    // One cause, one finding across the webhook's two passes: the control replaces the recommendation.
    expect(decision.response.status?.message).not.toContain('[run-as-non-root]');
  });

  it('warn: baseline or no label at all adds no Pod Security finding to a pod that passes baseline', async () => {
    for (const namespaces of [[], [shop({ 'pod-security.kubernetes.io/warn': 'baseline' })]]) {
      const decision = await decide(namespaces);
      const all = [decision.response.status?.message ?? '', ...(decision.response.warnings ?? [])].join('\n');
      expect(all).not.toContain('[pss-');
    }
  });

  it('warn: restricted gives warnings, not a denial of its own', async () => {
    const decision = await decide([shop({ 'pod-security.kubernetes.io/warn': 'restricted' })]);
    expect((decision.response.warnings ?? []).some((w) => w.startsWith('[pss-seccomp-profile-restricted]'))).toBe(true);
    expect(decision.response.status?.message ?? '').not.toContain('[pss-');
  });
});
