// A rule's METADATA is its only source: scripts/build-policies.mjs expands kind groups from
// policies/lib/kinds.rego, turns custom.options into the options schema, and the wasm reads the
// option defaults from the METADATA too. Built here from a small tree with the real lib.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';

const RULE = (kinds: string, options: string) => `# METADATA
# title: "Enough replicas"
# description: "At least minReplicas."
# custom:
#   id: few-replicas
#   severity: warning
#   kinds: ${kinds}
#   scope: resource
#   remediation: "Raise spec.replicas."
${options}package kubelint.rules.few_replicas

import data.kubelint.lib

violation contains {"index": w.index, "msg": "few", "path": ["spec", "replicas"]} if {
\tsome w in lib.workloads
\tobject.get(w.object.spec, "replicas", 1) < lib.option(rego.metadata.chain(), "minReplicas")
}
`;

const OPTIONS = (def: string) => `#   options:
#     minReplicas:
#       description: "Fewest replicas."
#       type: integer
#       minimum: 1
#       default: ${def}
`;

function build(rule: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-policy-'));
  cpSync(packagePath('policies', 'lib'), path.join(dir, 'policies', 'lib'), { recursive: true });
  mkdirSync(path.join(dir, 'policies', 'rules'));
  writeFileSync(path.join(dir, 'policies', 'rules', 'few_replicas.rego'), rule);
  const out = path.join(dir, 'out');
  const run = spawnSync(process.execPath, [packagePath('scripts', 'build-policies.mjs'), '--policies', path.join(dir, 'policies'), '--out', out], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr, out };
}

const deployment = (replicas: number) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas, template: { spec: { containers: [] } } } });

describe('policy build from METADATA', () => {
  it('expands kind groups, writes the options schema, and the wasm defaults options from METADATA', async () => {
    const { status, stderr, out } = build(RULE('[workloads, Service]', OPTIONS('3')));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const catalogue = JSON.parse(readFileSync(path.join(out, 'rules.json'), 'utf8'));
    const groups = catalogue.kindGroups;
    expect(groups.workloads).toContain('CronJob');
    const [rule] = catalogue.rules;
    expect(rule.kinds).toEqual([...groups.workloads, 'Service']);
    expect(rule.optionsSchema).toEqual({
      type: 'object',
      additionalProperties: false,
      properties: { minReplicas: { description: 'Fewest replicas.', type: 'integer', minimum: 1, default: 3 } },
    });
    const policy = await loadPolicy(readFileSync(path.join(out, 'policy.wasm')));
    const findings = (replicas: number, params = {}) =>
      policy.evaluate({ resources: [{ index: 0, object: deployment(replicas) }], params, enabled: ['few-replicas'], defaultNamespace: 'default' })[0].result['few-replicas'].length;
    expect(findings(2)).toBe(1); // below the METADATA default 3
    expect(findings(3)).toBe(0);
    expect(findings(3, { 'few-replicas': { minReplicas: 5 } })).toBe(1); // the configured value wins
  }, 120_000);

  it('rejects a kind group that does not exist', () => {
    const { status, stderr } = build(RULE('[workload]', ''));
    expect(status).toBe(1);
    expect(stderr).toMatch(/custom\.kinds names "workload", neither a kind \(Capitalized\) nor a group of policies\/lib\/kinds\.rego \(.*workloads/);
  }, 60_000);

  it('rejects a default that does not match its own schema', () => {
    const { status, stderr } = build(RULE('[workloads]', OPTIONS('0')));
    expect(status).toBe(1);
    expect(stderr).toMatch(/the default of option minReplicas does not match its schema: data must be >= 1/);
  }, 60_000);
});
