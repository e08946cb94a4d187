// The wasm build's rule modules (scripts/policy-lists.mjs): each `violation contains` rule becomes
// an array comprehension, on the same lines, and `violation_list` joins them in order; any other
// form of violation rule stops the build instead of being left out of the wasm.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
// @ts-expect-error: a build script, plain JavaScript without declarations
import { asLists } from '../../scripts/policy-lists.mjs';

const rewrite = asLists as (source: string, file: string) => string;

const MODULE = [
  'package kubelint.rules.two',
  '',
  'violation contains v if {',
  '\tsome w in lib.workloads',
  '\tv := {"index": w.index, "msg": "a", "path": []}',
  '}',
  '',
  '# A helper between the rules.',
  'named(w) if w.name',
  '',
  'violation contains {"index": w.index, "msg": "b", "path": ["spec"]} if {',
  '\tsome w in lib.workloads',
  '}',
  '',
].join('\n');

describe('asLists', () => {
  it('rewrites each violation rule in place as a list and appends violation_list, joining them in order', () => {
    expect(rewrite(MODULE, 'two.rego')).toBe(
      [
        'package kubelint.rules.two',
        '',
        'violation_list_1 := [v |',
        '\tsome w in lib.workloads',
        '\tv := {"index": w.index, "msg": "a", "path": []}',
        ']',
        '',
        '# A helper between the rules.',
        'named(w) if w.name',
        '',
        'violation_list_2 := [{"index": w.index, "msg": "b", "path": ["spec"]} |',
        '\tsome w in lib.workloads',
        ']',
        '',
        'violation_list := array.concat(violation_list_1, violation_list_2)',
        '',
      ].join('\n'),
    );
    // One rule: the list is that rule's; a module without one (lib) is left as it is.
    expect(rewrite('package p\n\nviolation contains 1 if {\n\ttrue\n}\n', 'one.rego')).toBe('package p\n\nviolation_list_1 := [1 |\n\ttrue\n]\n\nviolation_list := violation_list_1\n');
    expect(rewrite('package kubelint.lib\n\nx := 1\n', 'lib.rego')).toBe('package kubelint.lib\n\nx := 1\n');
  });

  it('refuses a violation rule of another form, and a module already using the name', () => {
    expect(() => rewrite('package p\n\nviolation contains 1 if true\n', 'rules/one.rego')).toThrow(
      'rules/one.rego:3: cannot rewrite this violation rule for the wasm build: write it as `violation contains <head> if {` ... `}`',
    );
    expect(() => rewrite('package p\n\nviolation contains 1 if {\n\ttrue\n', 'rules/open.rego')).toThrow("rules/open.rego:3: the violation rule's body has no closing `}` line");
    expect(() => rewrite('package p\n\nviolation_list := []\n', 'rules/named.rego')).toThrow('rules/named.rego: already defines violation_list');
  });
});

const RULE = `# METADATA
# title: "Twice"
# description: "Reports each workload from two rules, once with the same violation."
# custom:
#   id: twice
#   severity: warning
#   kinds: [workloads]
#   scope: resource
#   remediation: "None."
package kubelint.rules.twice

import data.kubelint.lib

violation contains {"index": w.index, "msg": "second", "path": ["spec"]} if {
\tsome w in lib.workloads
}

violation contains {"index": w.index, "msg": "first", "path": ["spec"]} if {
\tsome w in lib.workloads
}

violation contains {"index": w.index, "msg": "second", "path": ["spec"]} if {
\tsome w in lib.workloads
}
`;

describe.skipIf(!existsSync(packagePath('.tools', 'bin', 'opa')))('the built policy', () => {
  it("returns each rule's violations as an array, in the order of its rules, a repeated one repeated", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-lists-'));
    cpSync(packagePath('policies', 'lib'), path.join(dir, 'policies', 'lib'), { recursive: true });
    mkdirSync(path.join(dir, 'policies', 'rules'));
    writeFileSync(path.join(dir, 'policies', 'rules', 'twice.rego'), RULE);
    const out = path.join(dir, 'out');
    const run = spawnSync(process.execPath, [packagePath('scripts', 'build-policies.mjs'), '--policies', path.join(dir, 'policies'), '--out', out], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(out, 'main.rego'), 'utf8')).toContain('main["twice"] := data.kubelint.rules.twice.violation_list if enabled["twice"]');
    // The sources are not touched: the tests of the rules still see their sets.
    expect(readFileSync(path.join(dir, 'policies', 'rules', 'twice.rego'), 'utf8')).toBe(RULE);
    const policy = await loadPolicy(readFileSync(path.join(out, 'policy.wasm')));
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { spec: { containers: [] } } } };
    const [{ result }] = policy.evaluate({ resources: [{ index: 0, object: deployment }], params: {}, enabled: ['twice'], defaultNamespace: 'default' });
    expect(result.twice.map((v: { msg: string }) => v.msg)).toEqual(['second', 'first', 'second']);
  }, 120_000);
});
