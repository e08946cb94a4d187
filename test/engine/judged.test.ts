// Per-resource rules judge only the resources a run reports on (engine/judged.ts): --changed's
// context resources are read by cross-resource rules only, and a findings cache answers for the
// others. On every rule fixture, with every rule on, the findings on the judged resources must be
// the full lint's, and the unjudged resources must get no per-resource finding at all.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { packagePath } from '../../src/config/paths.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import type { Linter } from '../../src/engine/engine.js';
import type { ResourceFindingsCache, StoredViolation } from '../../src/engine/judged.js';
import { POLICY_DIR } from '../../src/engine/rego-files.js';
import { loadInputs } from '../../src/load/index.js';
import { identifyResources } from '../../src/load/resources.js';
import type { Finding, Resource } from '../../src/types.js';

const FIXTURES = packagePath('fixtures', 'rules');
const hasPolicies = existsSync(path.join(POLICY_DIR, 'policy.wasm'));
const dirs = readdirSync(FIXTURES).sort();

const key = (f: Finding) => JSON.stringify([f.ruleId, f.file, f.range?.line, f.range?.column, f.message, f.path, f.severity, f.suppressed?.kind]);

/** An in-memory cache keyed by the object's JSON, as the CLI's is keyed by its hash. */
function memoryCache(): ResourceFindingsCache & { entries: Map<string, readonly StoredViolation[]> } {
  const entries = new Map<string, readonly StoredViolation[]>();
  return {
    entries,
    cacheable: (r) => r.kind !== 'CustomResourceDefinition',
    get: (r) => entries.get(JSON.stringify(r.object)),
    set: (r, v) => void entries.set(JSON.stringify(r.object), v),
  };
}

describe.skipIf(!hasPolicies)('per-resource rules judge only the reported resources', () => {
  let config: ResolvedConfig;
  let linter: Linter;
  beforeAll(async () => {
    config = await resolveConfig({ cwd: packagePath(), configFile: false, overrides: { presets: ['all'] } });
    linter = await getLinter();
  });

  it.each(dirs)('%s: context resources give cross-resource rules what they read, and nothing of their own', async (dir) => {
    const loaded = await loadInputs([path.join(FIXTURES, dir)], config, { cwd: packagePath() });
    const { resources } = identifyResources(loaded.manifests);
    const full = linter.lint(resources, { config, today: new Date('2026-01-01') });
    // Every other resource is context: each resource is judged in one of the two halves.
    for (const half of [0, 1]) {
      const contextSet = new Set(resources.filter((_, i) => i % 2 !== half));
      const context = (r: Resource) => contextSet.has(r);
      const narrowed = linter.lintBatches([{ resources, problems: [] }], { config, today: new Date('2026-01-01'), context });
      const aboutResource = (f: Finding) => f.resource !== undefined && !f.ruleId.endsWith('-suppression');
      const on = (f: Finding, set: boolean) => resources.some((r) => contextSet.has(r) === set && f.resource?.kind === r.kind && f.resource.name === r.name && f.resource.namespace === r.namespace);
      const ambiguous = (f: Finding) => on(f, true) && on(f, false); // two resources of one identity (duplicate fixtures)
      const wanted = full.filter((f) => aboutResource(f) && on(f, false) && !ambiguous(f)).map(key).sort();
      expect(narrowed.filter((f) => aboutResource(f) && on(f, false) && !ambiguous(f)).map(key).sort(), `half ${half}`).toEqual(wanted);
      // Context resources: cross-resource findings only.
      for (const f of narrowed.filter((x) => aboutResource(x) && on(x, true) && !ambiguous(x))) {
        expect(linter.rules.get(f.ruleId)?.scope, `${f.ruleId} on context ${f.resource?.name}`).not.toBe('resource');
      }
    }
  });

  it.each(dirs)('%s: a warm findings cache gives the cold run\'s findings', async (dir) => {
    const loaded = await loadInputs([path.join(FIXTURES, dir)], config, { cwd: packagePath() });
    const { resources } = identifyResources(loaded.manifests);
    const call = { config, today: new Date('2026-01-01') };
    const expected = linter.lintBatches([{ resources, problems: loaded.problems }], call).map(key);
    const cache = memoryCache();
    expect(linter.lintBatches([{ resources, problems: loaded.problems }], { ...call, findingsCache: cache }).map(key)).toEqual(expected);
    expect(cache.entries.size).toBeGreaterThan(0);
    expect(linter.lintBatches([{ resources, problems: loaded.problems }], { ...call, findingsCache: cache }).map(key)).toEqual(expected);
  });
});
