// Fixture-driven end-to-end tests of the Rego rules, through the public lint() API.
// fixtures/rules/<rule-id>/{pass,fail}.<case>.yaml: every finding of the directory's rule is named
// by an `# expect:` marker on its line (syntax in test/helpers/expect-markers.ts and
// policies/README.md): line, column and count must match exactly, and a quoted fragment must be
// in the message. Findings of other rules are ignored, so a fixture only has to be realistic
// about the rule it tests. A first line `# options: {...}` passes options to the rule. Adding a
// rule needs fixtures, not test code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { ruleCatalogue } from '../../src/engine/rego.js';
import { lint } from '../../src/index.js';
import { compareExpectations, expectationsFor, type Expectation } from '../helpers/expect-markers.js';
import { ensurePoliciesBuilt } from './policy-build.js';

const FIXTURES = packagePath('fixtures', 'rules');
const FILE = /^(pass|fail)\.[\w.-]+\.ya?ml$/;

interface Fixture {
  rule: string;
  file: string;
  kind: 'pass' | 'fail';
  expected: Expectation[];
  options?: Record<string, unknown>;
}

function fixtures(): Fixture[] {
  const all: Fixture[] = [];
  for (const rule of readdirSync(FIXTURES).sort()) {
    for (const name of readdirSync(path.join(FIXTURES, rule)).sort()) {
      const match = FILE.exec(name);
      if (!match) throw new Error(`fixtures/rules/${rule}/${name}: name must be pass.<case>.yaml or fail.<case>.yaml`);
      const file = path.join(FIXTURES, rule, name);
      const text = readFileSync(file, 'utf8');
      const lines = text.split('\n');
      const expected = expectationsFor(text).filter((e) => e.ruleId === rule);
      const options = /^#\s*options:\s*(\{.*\})\s*$/.exec(lines[0] ?? '');
      all.push({ rule, file, kind: match[1] as 'pass' | 'fail', expected, ...(options ? { options: JSON.parse(options[1]!) } : {}) });
    }
  }
  return all;
}

const cases = fixtures();
let catalogue: Map<string, { kinds?: string[] }>;

beforeAll(() => {
  ensurePoliciesBuilt();
  catalogue = new Map(ruleCatalogue().map((r) => [r.id, r]));
});

describe('rule fixtures', () => {
  it('cover every rule of the catalogue with pass and fail cases', () => {
    ensurePoliciesBuilt();
    const ids = ruleCatalogue().map((r) => r.id);
    for (const id of ids) {
      expect(cases.filter((c) => c.rule === id && c.kind === 'fail').length, `${id} fail fixtures`).toBeGreaterThanOrEqual(2);
      expect(cases.filter((c) => c.rule === id && c.kind === 'pass').length, `${id} pass fixtures`).toBeGreaterThanOrEqual(2);
    }
    expect([...new Set(cases.map((c) => c.rule))].filter((r) => !ids.includes(r))).toEqual([]);
  });

  it.each(cases.map((c) => [path.relative(FIXTURES, c.file), c] as const))('%s', async (_name, fixture) => {
    if (fixture.kind === 'fail') expect(fixture.expected.length, 'a fail fixture marks at least one line').toBeGreaterThan(0);
    else expect(fixture.expected, 'a pass fixture marks no line').toEqual([]);
    const report = await lint([fixture.file], {
      configFile: false,
      cwd: packagePath(),
      ...(fixture.options ? { overrides: { rules: { [fixture.rule]: { options: fixture.options } } } } : {}),
    });
    expect(report.findings.filter((f) => f.fatal)).toEqual([]);
    // `kinds` says which kinds a rule reports on (the webhook skips the others): no finding outside them.
    for (const f of report.findings) {
      const kinds = catalogue.get(f.ruleId)?.kinds;
      if (kinds?.length) expect(kinds, `${f.ruleId} reported on a ${f.resource?.kind}`).toContain(f.resource?.kind);
    }
    const found = report.findings
      .filter((f) => f.ruleId === fixture.rule && !f.suppressed)
      .map((f) => {
        expect(f.file && path.resolve(packagePath(), f.file)).toBe(fixture.file);
        return { ruleId: f.ruleId, line: f.range?.line ?? 0, column: f.range?.column ?? 0, message: f.message };
      });
    expect(compareExpectations(fixture.expected, found)).toEqual([]);
  });
});
