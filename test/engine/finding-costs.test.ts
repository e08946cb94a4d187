// What the engine spends per finding after the checks (engine.ts finish): a rule's preset level is
// worked out once per lint call, not once per violation; the one-finding-per-cause key (a string
// made from the path) only for the violations that need it; a shared path array's display text
// once. Legacy 10,000 has 54,000 findings, and this work ran after the last Rego chunk came back.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { Check, RuleInfo } from '../../src/engine/check.js';
import { createLinter } from '../../src/engine/engine.js';
import { SharedParts } from '../../src/engine/shared-parts.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';
import type { Violation } from '../../src/types.js';

const N = 200;

/** N StatefulSets, one line each in flow style: what the checks see is all that matters here. */
const statefulSets = Array.from({ length: N }, (_, i) => `{kind: StatefulSet, apiVersion: apps/v1, metadata: {namespace: data, name: db-${i}}, spec: {serviceName: db, template: {spec: {containers: [{name: db, image: postgres}]}}}}\n`).join('---\n');

/** A rule whose preset table counts how often it is read (presetsOf reads it on every ruleLevel call). */
function countedRule(id: string): { rule: RuleInfo; reads: () => number } {
  let reads = 0;
  const presets = { recommended: { severity: 'warning' as const } };
  const rule = { id, title: 't', description: 'd', severity: 'error' as const, origin: 'rego' as const } as RuleInfo;
  Object.defineProperty(rule, 'presets', { enumerable: true, get: () => (reads++, presets) });
  return { rule, reads: () => reads };
}

/** One violation per resource, all with one shared path array, as Rego results come back (SharedPaths). */
function oneEach(rule: RuleInfo, path: readonly (string | number)[]): Check {
  return {
    rules: [rule],
    run: (batch) => batch.map((resource): Violation => ({ ruleId: rule.id, message: `${resource.name} has no limits`, resource, path })),
  };
}

function lint(check: Check) {
  const parsed = parseManifestText(statefulSets, { kind: 'file', name: 'in.yaml' });
  const { resources } = identifyResources(parsed.manifests);
  return createLinter([check]).lintBatches([{ resources, problems: [] }], { config: defaultConfig('/') });
}

afterEach(() => vi.restoreAllMocks());

describe('per-finding costs after the checks', () => {
  it("reads a rule's presets a few times per lint call, not once per violation", () => {
    const { rule, reads } = countedRule('t-limits');
    const findings = lint(oneEach(rule, ['spec', 'template', 'spec', 'containers', 0]));
    expect(findings).toHaveLength(N);
    // The level the presets give: recommended's warning, not the rule's own error.
    expect(new Set(findings.map((f) => f.severity))).toEqual(new Set(['warning']));
    // collect asks once whether the check is on; finish once for all its violations.
    expect(reads()).toBeLessThanOrEqual(3);
  });

  it('builds no key string per violation when no Pod Security control is among them', () => {
    const { rule } = countedRule('t-limits');
    const path = ['spec', 'template', 'spec', 'containers', 0];
    const stringify = vi.spyOn(JSON, 'stringify');
    const findings = lint(oneEach(rule, path));
    const calls = stringify.mock.calls.length;
    vi.restoreAllMocks();
    expect(findings).toHaveLength(N);
    expect(findings[0]!.path).toBe('spec.template.spec.containers[0]');
    // One per distinct path (shownPath's key), none per violation (the cause key, the path's text).
    expect(calls).toBeLessThan(10);
  });
});

describe('SharedParts.shownPath', () => {
  it('finds a path it was given before by the array, without a key string', () => {
    const parts = new SharedParts();
    const path = ['spec', 'containers', 0, 'image'];
    expect(parts.shownPath(path)).toBe('spec.containers[0].image');
    const stringify = vi.spyOn(JSON, 'stringify');
    expect(parts.shownPath(path)).toBe('spec.containers[0].image');
    expect(stringify).not.toHaveBeenCalled();
    // An equal copy is still one display string, and look-alikes stay apart.
    expect(parts.shownPath([...path])).toBe(parts.shownPath(path));
    expect(parts.shownPath(['spec', 'containers', '0', 'image'])).toBe('spec.containers["0"].image');
  });
});
