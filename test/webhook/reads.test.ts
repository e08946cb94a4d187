// At admission a per-resource rule sees only the reviewed object, and a cross-resource rule the
// object plus the inventory kinds its METADATA declares in `reads`. A rule that reads more than
// it declares (or reads the batch while declared per-resource) gives webhook verdicts that differ
// from the CLI's, which sees the whole batch: this test compares the two on every resource of
// every rule fixture, for every Rego rule.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { packagePath } from '../../src/config/paths.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import type { Linter } from '../../src/engine/engine.js';
import { POLICY_DIR } from '../../src/engine/rego-files.js';
import { loadInputs } from '../../src/load/index.js';
import { identifyResources } from '../../src/load/resources.js';
import { isClusterScoped } from '../../src/engine/scope.js';
import type { Finding, Resource } from '../../src/types.js';
import { INVENTORY_KINDS, staticInventory } from '../../src/webhook/inventory.js';
import { createAdmissionPolicy } from '../../src/webhook/policy.js';
import { parseReview } from '../../src/webhook/review.js';
import { createReview, resource } from './helpers.js';

const FIXTURES = packagePath('fixtures', 'rules');
const hasPolicies = existsSync(path.join(POLICY_DIR, 'policy.wasm'));

const files = readdirSync(FIXTURES)
  .sort()
  .flatMap((rule) => readdirSync(path.join(FIXTURES, rule)).sort().map((name) => path.join(FIXTURES, rule, name)));

/** As the API server stores it: a namespaced object always has a namespace, and no source. */
function stored(r: Resource): Resource {
  const { manifest: _m, ...rest } = r;
  if (isClusterScoped(r.kind) || r.namespace) return { ...rest, basePath: [] };
  const metadata = { ...(r.object.metadata as object), namespace: 'default' };
  return { ...rest, namespace: 'default', object: { ...r.object, metadata }, basePath: [] };
}

const same = (f: Finding, r: Resource) => f.resource?.kind === r.kind && f.resource.name === r.name && f.resource.namespace === r.namespace;

describe.skipIf(!hasPolicies)('admission gives each rule what it reads, and agrees with the CLI', () => {
  let config: ResolvedConfig;
  let linter: Linter;
  let batchRules: Set<string>;
  let regoRules: Set<string>;
  beforeAll(async () => {
    config = await resolveConfig({ cwd: packagePath(), configFile: false });
    linter = await getLinter();
    const rego = [...linter.rules.values()].filter((r) => r.origin === 'rego');
    regoRules = new Set(rego.map((r) => r.id));
    batchRules = new Set(rego.filter((r) => r.scope === 'batch').map((r) => r.id));
  });

  it('every cross-resource rule declares what it reads', () => {
    expect(batchRules.size).toBeGreaterThanOrEqual(5);
    for (const id of batchRules) expect(linter.rules.get(id)?.reads?.length, id).toBeGreaterThan(0);
  });

  it.each(files.map((f) => [path.relative(FIXTURES, f), f] as const))('%s: admission verdicts equal the CLI\'s', async (_name, file) => {
    const loaded = await loadInputs([file], config, { cwd: packagePath() });
    const resources = identifyResources(loaded.manifests).resources.map(stored);
    // Options in a fixture's first line do not matter here: both sides use the defaults.
    const cli = linter.lint(resources, { config }).filter((f) => regoRules.has(f.ruleId) && f.suppressed?.kind !== 'annotation');
    let compared = 0;
    for (const target of resources) {
      if (isClusterScoped(target.kind)) continue;
      const policy = createAdmissionPolicy({
        linter,
        config: { ...config, webhook: { ...config.webhook, mode: 'enforce', crossResource: 'warn' } },
        inventory: staticInventory(resources.filter((r) => r !== target)),
        exemptNamespaces: new Set(),
      });
      const decision = policy.decide(parseReview(createReview(target, 'reads')));
      const atAdmission = decision.violations.filter((v) => regoRules.has(v.ruleId)).map((v) => `${v.ruleId} ${v.path ?? ''}`).sort();
      const inCli = cli.filter((f) => same(f, target)).map((f) => `${f.ruleId} ${f.path ?? ''}`).sort();
      expect(atAdmission, `${target.kind}/${target.name}`).toEqual(inCli);
      compared += inCli.length;
    }
    // A fail fixture of a cross-resource rule must have produced something to compare.
    const rule = path.basename(path.dirname(file));
    if (batchRules.has(rule) && path.basename(file).startsWith('fail.')) expect(compared).toBeGreaterThan(0);
  });

  it('does not judge a reference to a kind the watched inventory never holds (an HPA scaling a custom resource)', () => {
    const hpa = (kind: string, apiVersion: string) =>
      resource({
        apiVersion: 'autoscaling/v2',
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: `scale-${kind.toLowerCase()}`, namespace: 'shop' },
        spec: { scaleTargetRef: { apiVersion, kind, name: 'web' }, minReplicas: 2, maxReplicas: 4 },
      });
    const rollout = resource({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', metadata: { name: 'web', namespace: 'shop' } });
    const dangling = (findings: Array<{ ruleId: string }>) => findings.filter((f) => f.ruleId === 'selector-dangling').length;
    const watched = { ...staticInventory([]), kinds: INVENTORY_KINDS };
    const decide = (target: Resource) =>
      createAdmissionPolicy({ linter, config, inventory: watched, exemptNamespaces: new Set() }).decide(parseReview(createReview(target, 'reads'))).violations;

    // The CLI sees the Rollout in its batch; the webhook never could, so it does not guess.
    expect(dangling(linter.lint([hpa('Rollout', 'argoproj.io/v1alpha1'), rollout], { config }))).toBe(0);
    expect(dangling(decide(hpa('Rollout', 'argoproj.io/v1alpha1')))).toBe(0);
    // A missing Deployment is still reported by both.
    expect(dangling(linter.lint([hpa('Deployment', 'apps/v1')], { config }))).toBe(1);
    expect(dangling(decide(hpa('Deployment', 'apps/v1')))).toBe(1);
  });
});
