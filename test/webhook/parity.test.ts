// The webhook's verdicts match the CLI's on the same resources, with the real rule catalogue:
// the webhook's own manifests lint clean, and removing its PDB or NetworkPolicies gives the same
// cross-resource findings at admission as in `kubelint lint`.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import type { Linter } from '../../src/engine/engine.js';
import { POLICY_DIR } from '../../src/engine/rego-files.js';
import { loadInputs } from '../../src/load/index.js';
import { identifyResources } from '../../src/load/resources.js';
import type { Resource } from '../../src/types.js';
import { staticInventory } from '../../src/webhook/inventory.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import { parseReview } from '../../src/webhook/review.js';
import { createReview } from './helpers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const MANIFESTS = 'manifests/kubelint-webhook/';
const hasPolicies = existsSync(path.join(POLICY_DIR, 'policy.wasm'));

/** Resources as the inventory holds them: no source. */
function sourceless(resources: readonly Resource[]): Resource[] {
  return resources.map(({ manifest: _m, ...r }) => ({ ...r, basePath: [] }));
}

describe.skipIf(!hasPolicies)('webhook and CLI agree (real rules)', () => {
  let config: ResolvedConfig;
  let linter: Linter;
  let resources: Resource[];
  beforeAll(async () => {
    config = await resolveConfig({ cwd: ROOT });
    linter = await getLinter();
    const loaded = await loadInputs([MANIFESTS], config, { cwd: ROOT });
    resources = identifyResources(loaded.manifests).resources;
  });

  it('lints the webhook manifests clean with every rule and strict schemas (cert-manager kinds through schemas/crds)', async () => {
    const findings = linter.lint(resources, { config });
    expect(resources).toHaveLength(13);
    expect(findings).toEqual([]);
  });

  function cliFindings(batch: readonly Resource[], target: Resource) {
    return linter
      .lint(batch, { config })
      .filter((f) => f.resource?.kind === target.kind && f.resource.name === target.name)
      .map((f) => `[${f.ruleId}] ${f.path ?? ''}: ${f.message}`);
  }

  function admission(inventory: readonly Resource[], target: Resource, crossResource: 'warn' | 'deny' = 'warn') {
    const policy = createAdmissionPolicy({
      linter,
      config: { ...config, webhook: { ...config.webhook, crossResource } },
      inventory: staticInventory(sourceless(inventory.filter((r) => r !== target))),
      exemptNamespaces: new Set(['kube-system']),
    });
    return policy.decide(parseReview(createReview(target, 'parity')));
  }

  it('admits the webhook\'s own Deployment with no warning, as the CLI reports nothing for it', () => {
    const deployment = resources.find((r) => r.kind === 'Deployment')!;
    expect(cliFindings(resources, deployment)).toEqual([]);
    expect(admission(resources, deployment).response).toEqual({ uid: 'parity', allowed: true });
  });

  it('reports the same cross-resource findings when the PDB and NetworkPolicies are missing', () => {
    const deployment = resources.find((r) => r.kind === 'Deployment')!;
    const without = resources.filter((r) => r.kind !== 'PodDisruptionBudget' && r.kind !== 'NetworkPolicy');
    const cli = cliFindings(without, deployment);
    expect(cli.map((f) => f.split(']')[0] + ']')).toEqual(['[networkpolicy-egress]', '[pdb-required]']);
    const warned = admission(without, deployment);
    expect(warned.response.allowed).toBe(true);
    // The CLI's lines, each whole within the API server's 256 runes (the path goes first when needed).
    const withinLimit = (line: string) => (line.length <= 256 ? line : line.replace(/^(\[[^\]]+\]) [^ ]+: /, '$1 '));
    expect(warned.response.warnings).toEqual(cli.map(withinLimit));
    expect(warned.response.warnings![0]).toMatch(/plus the destinations it needs\)$/);
    // crossResource: deny denies on errors; networkpolicy-egress is a warning by default (policies/README.md).
    const denied = admission(without, deployment, 'deny');
    expect(denied.response.allowed).toBe(false);
    expect(denied.response.status?.message.split('\n').slice(1)).toEqual(cli.filter((line) => line.startsWith('[pdb-required]')).map((line) => `- ${line}`));
    expect(denied.response.warnings?.[0]).toMatch(/^\[networkpolicy-egress\]/);
  });

  it('a PDB that blocks every eviction is caught at admission against the Deployment in the inventory', () => {
    const original = resources.find((r) => r.kind === 'PodDisruptionBudget')!;
    const pdb = { ...original, object: { ...original.object, spec: { ...(original.object.spec as object), maxUnavailable: 0 } } };
    const batch = resources.map((r) => (r.kind === 'PodDisruptionBudget' ? pdb : r));
    const cli = cliFindings(batch, pdb);
    expect(cli).toHaveLength(1);
    expect(cli[0]).toMatch(/^\[pdb-allows-eviction\] spec.maxUnavailable: /);
    expect(admission(batch, pdb).response.warnings).toEqual(cli.map((line) => (line.length <= 256 ? line : line.replace(/^(\[[^\]]+\]) [^ ]+: /, '$1 '))));
  });
});
