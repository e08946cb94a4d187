// scripts/build-policies.mjs holds every cross-resource rule (a batch rule reading other kinds
// than Namespace) to a `custom.fields` list: a large namespace evaluates those rules on objects cut
// down to the declared fields (src/engine/rego-project.ts). The build checks the declaration's
// presence and form; whether a rule reads only what it declares is test/engine/rego-project.test.ts
// (every cross rule alone, projected and whole, on every fixture).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';

const opa = packagePath('.tools', 'bin', 'opa');

/** A batch rule pairing Services with workloads; `custom` is spliced into its METADATA. */
const RULE = (scope: string, reads: string, custom: string) => `# METADATA
# title: "Services select pods"
# description: "A Service's selector matches some workload."
# custom:
#   id: lonely-service
#   severity: warning
#   kinds: [Service]
#   scope: ${scope}
${reads}${custom}#   remediation: "Fix the selector."
package kubelint.rules.lonely_service

import data.kubelint.lib

violation contains {"index": i, "msg": "lonely", "path": ["spec", "selector"]} if {
\tsome i, svc in lib.objects
\tsvc.kind == "Service"
\tnot lib.selects_any(lib.namespace(svc), {"matchLabels": svc.spec.selector})
}
`;

function build(rule: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-fields-'));
  cpSync(packagePath('policies', 'lib'), path.join(dir, 'policies', 'lib'), { recursive: true });
  mkdirSync(path.join(dir, 'policies', 'rules'));
  writeFileSync(path.join(dir, 'policies', 'rules', 'lonely_service.rego'), rule);
  const out = path.join(dir, 'out');
  const run = spawnSync(process.execPath, [packagePath('scripts', 'build-policies.mjs'), '--policies', path.join(dir, 'policies'), '--out', out], { encoding: 'utf8' });
  return { status: run.status, stderr: run.stderr, out };
}

const READS = '#   reads: [workloads]\n';
const FIELDS = '#   fields: ["spec.selector", "podmeta.labels"]\n';
const WHERE = /lonely_service\.rego:\d+: /;

describe.skipIf(!existsSync(opa))('the fields check of the policy build', () => {
  it('records the declared fields of a cross-resource rule in rules.json', () => {
    const { status, stderr, out } = build(RULE('batch', READS, FIELDS));
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const [rule] = JSON.parse(readFileSync(path.join(out, 'rules.json'), 'utf8')).rules;
    expect(rule.fields).toEqual(['spec.selector', 'podmeta.labels']);
  }, 120_000);

  it('fails a cross-resource rule that declares no fields, or an empty list, naming the rule file', () => {
    for (const custom of ['', '#   fields: []\n']) {
      const { status, stderr } = build(RULE('batch', READS, custom));
      expect(status).toBe(1);
      expect(stderr).toMatch(WHERE);
      expect(stderr).toContain('custom.fields must list the dotted paths the rule reads of any object');
    }
  }, 120_000);

  it('fails a field that is not a dotted path of non-empty segments', () => {
    for (const bad of ['["spec..selector"]', '["spec.selector", ""]', '[3]', '"spec.selector"']) {
      const { status, stderr } = build(RULE('batch', READS, `#   fields: ${bad}\n`));
      expect(status, bad).toBe(1);
      expect(stderr).toContain('custom.fields must list the dotted paths');
    }
  }, 120_000);

  it('fails fields on a rule that reads no other object (nothing is projected for it)', () => {
    const namespaceOnly = build(RULE('batch', '#   reads: [Namespace]\n', FIELDS));
    expect(namespaceOnly.status).toBe(1);
    expect(namespaceOnly.stderr).toContain('custom.fields is only for batch rules that read other kinds than Namespace');
    const perResource = build(RULE('resource', '', FIELDS));
    expect(perResource.status).toBe(1);
    expect(perResource.stderr).toContain('custom.fields is only for batch rules');
  }, 120_000);
});
