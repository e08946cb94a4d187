// The wasm heap one evaluation of a cross-resource rule takes (OPA's allocator frees nothing until
// the evaluation ends, so what a rule builds per subject adds up). A namespace's default-deny
// egress policies select every workload of it: a rule that judges those policies again for every
// workload grows with workloads x policies, one that judges each policy once does not.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import { policyModule, ruleCatalogue } from '../../src/engine/rego.js';
import { buildInput } from '../../src/engine/rego-input.js';
import { readOptionDefaults } from '../../src/engine/rego-files.js';
import { loadPolicySync } from '../../src/policy/opa-sdk.js';
import type { Resource } from '../../src/types.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

const resource = (object: Record<string, unknown>): Resource => {
  const metadata = object.metadata as { name: string; namespace?: string };
  return { apiVersion: object.apiVersion as string, kind: object.kind as string, name: metadata.name, namespace: metadata.namespace, object, basePath: [] };
};

function deployment(i: number): Resource {
  const labels = { app: `app-${i}` };
  const containers = [{ name: 'main', image: 'registry.example.com/app:1.0' }];
  return resource({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app-${i}`, namespace: 'one' }, spec: { selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers } } } });
}

/** A default-deny egress policy (empty podSelector) whose one rule allows DNS to the cluster's own ranges. */
function denyAll(i: number): Resource {
  const egress = [{ to: [{ ipBlock: { cidr: '10.96.0.0/12' } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }], ports: [{ port: 53, protocol: 'UDP' }] }];
  return resource({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: `deny-${i}`, namespace: 'one' }, spec: { podSelector: {}, policyTypes: ['Egress'], egress } });
}

/** Bytes of wasm heap one evaluation of these rules on this batch took, and how many findings it made. */
async function heapOf(batch: Resource[], enabled: string[]): Promise<{ heap: number; findings: number }> {
  const rules = ruleCatalogue();
  const input = { ...buildInput(batch, rules, readOptionDefaults(), { config: defaultConfig(packagePath()) }), enabled };
  const policy = loadPolicySync(await policyModule(), { initial: 80 });
  const result = policy.evaluate(new TextEncoder().encode(JSON.stringify(input)).buffer, 'kubelint/main') as Array<{ result: Record<string, unknown[]> }>;
  const exports = (policy.wasmInstance as WebAssembly.Instance).exports as unknown as { opa_heap_ptr_get(): number };
  return { heap: exports.opa_heap_ptr_get() - policy.dataHeapPtr, findings: Object.values(result[0]!.result).flat().length };
}

describe('wasm heap of the NetworkPolicy egress rules', () => {
  beforeAll(() => ensurePoliciesBuilt());

  const workloads = Array.from({ length: 300 }, (_, i) => deployment(i));
  const policies = (n: number) => Array.from({ length: n }, (_, i) => denyAll(i));

  it.each(['networkpolicy-dns', 'networkpolicy-egress'])('%s: 20 default-deny policies over 300 workloads take about the heap of one (each policy judged once)', async (rule) => {
    const one = await heapOf([...workloads, ...policies(1)], [rule]);
    const twenty = await heapOf([...workloads, ...policies(20)], [rule]);
    // Every workload is restricted and allowed DNS: nothing to report either way.
    expect([one.findings, twenty.findings]).toEqual([0, 0]);
    // 19 more policies cost ~130 KB (parsed, and each judged once); judged for every workload
    // as the rules did at 0231773: 3.8 MB for dns, 1.1 MB for egress (a list of policies each).
    expect(twenty.heap - one.heap).toBeLessThan(256 * 1024);
  });

  it('networkpolicy-dns still reports a restricted workload no policy lets resolve names', async () => {
    const noDns = resource({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'web-only', namespace: 'one' }, spec: { podSelector: { matchLabels: { app: 'app-1' } }, policyTypes: ['Egress'], egress: [{ ports: [{ port: 443 }] }] } });
    const rules = ruleCatalogue();
    const input = { ...buildInput([...workloads.slice(0, 3), noDns], rules, readOptionDefaults(), { config: defaultConfig(packagePath()) }), enabled: ['networkpolicy-dns'] };
    const policy = loadPolicySync(await policyModule(), { initial: 80 });
    const resultSet = policy.evaluate(new TextEncoder().encode(JSON.stringify(input)).buffer, 'kubelint/main') as Array<{ result: Record<string, Array<{ index: number; msg: string }>> }>;
    expect(Object.keys(resultSet[0]!.result)).toEqual(['networkpolicy-dns']);
    expect(resultSet[0]!.result['networkpolicy-dns']!.map((r) => [r.index, r.msg])).toEqual([
      [1, 'Deployment "app-1" has restricted egress but none of the NetworkPolicies selecting it ("web-only") allows DNS; add an egress rule for port 53 over UDP and TCP'],
    ]);
  });
});
