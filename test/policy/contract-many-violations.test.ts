// A user's rule may find more violations in one evaluation than a call takes as arguments: the
// contract and conftest checks spread them into push(), and past ~120,000 the run ended with
// "internal error: Maximum call stack size exceeded" (also at b721cb0; cb3752d and 2aad3b1 fixed the
// same pattern in the engine and the input plan).
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';
import { loadUserPolicies } from '../../src/policy/load.js';
import { tempDirs } from '../helpers/temp-dirs.js';
import { OPA } from './helpers.js';

const temp = tempDirs();
const COUNT = 150_000;

const FLOOD = `# METADATA
# title: Flood
# description: One violation per number on every ConfigMap.
# custom:
#   id: flood
#   severity: warning
#   kinds: [ConfigMap]
#   scope: resource
package acme.flood

violation contains {"index": r.index, "msg": concat("", ["n", format_int(i, 10)]), "path": []} if {
\tsome r in input.resources
\tr.object.kind == "ConfigMap"
\tsome i in numbers.range(1, ${COUNT})
}
`;

// conftest's form: deny messages of package main, for each document.
const DENY_FLOOD = `package main

deny contains msg if {
\tinput.kind == "ConfigMap"
\tsome i in numbers.range(1, ${COUNT})
\tmsg := concat("", ["n", format_int(i, 10)])
}
`;

describe.skipIf(!existsSync(OPA))('a user rule with more violations than a call takes arguments', () => {
  it.each([
    ['contract', FLOOD],
    ['conftest', DENY_FLOOD],
  ])('gives every one of them (%s)', async (_form, rego) => {
    const dir = temp('kubelint-contract-flood-');
    writeFileSync(path.join(dir, 'flood.rego'), rego);
    const config = { ...defaultConfig(dir), policies: [dir], opa: { ...defaultConfig(dir).opa, binary: OPA } };
    const policies = await loadUserPolicies(config, { cwd: dir, env: { KUBELINT_CACHE_DIR: path.join(dir, 'cache'), PATH: process.env.PATH ?? '' } });
    const { resources } = identifyResources(parseManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', { kind: 'file', name: 'cm.yaml' }).manifests);
    const violations = policies.checks.flatMap((check) => check.run(resources, { config }));
    expect(violations).toHaveLength(COUNT);
    expect(new Set(violations.map((v) => v.message)).size).toBe(COUNT);
    expect(new Set(violations.map((v) => v.ruleId)).size).toBe(1);
    expect(violations.every((v) => v.resource === resources[0])).toBe(true);
  }, 120_000);
});
