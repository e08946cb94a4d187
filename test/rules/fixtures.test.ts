// Fixture-driven end-to-end tests of the Rego rules, through the public lint() API.
// fixtures/rules/<rule-id>/{pass,fail}.<case>.yaml: every finding of the directory's rule is named
// by an `# expect:` marker on its line (syntax in test/helpers/expect-markers.ts and
// policies/README.md): line, column and count must match exactly, and a quoted fragment must be
// in the message. Findings of other rules are ignored, so a fixture only has to be realistic
// about the rule it tests. A first line `# options: {...}` passes options to the rule. The rule is
// on whatever presets hold it. A comment line `# kubernetes-version: 1.33` lints at that version
// instead of the default; each version named by an `# expect@<v>:` marker is linted too (Pod
// Security controls change with it). Adding a rule needs fixtures, not test code.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { API_VALIDATION_RULE } from '../../src/engine/api-validation/check.js';
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
  /** Target version (undefined: the default) → the findings expected there. */
  runs: Array<{ version?: string; expected: Expectation[] }>;
  options?: Record<string, unknown>;
}

const VERSION_HEADER = /^#\s*kubernetes-version:\s*(\d+\.\d+)\s*$/m;

function runsOf(text: string, rule: string): Fixture['runs'] {
  const header = VERSION_HEADER.exec(text)?.[1];
  const marked = [...new Set([...text.matchAll(/#\s*expect@(\d+\.\d+):/g)].map((m) => m[1]!))].filter((v) => v !== header);
  return [header, ...marked].map((version) => ({ version, expected: expectationsFor(text, version).filter((e) => e.ruleId === rule) }));
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
      const options = /^#\s*options:\s*(\{.*\})\s*$/.exec(lines[0] ?? '');
      all.push({ rule, file, kind: match[1] as 'pass' | 'fail', runs: runsOf(text, rule), ...(options ? { options: JSON.parse(options[1]!) } : {}) });
    }
  }
  return all;
}

const cases = fixtures();
let catalogue: Map<string, { kinds?: string[]; severity: 'error' | 'warning' | 'info' }>;

beforeAll(() => {
  ensurePoliciesBuilt();
  catalogue = new Map(ruleCatalogue().map((r) => [r.id, r]));
});

describe('rule fixtures', () => {
  it('cover every rule of the catalogue with pass and fail cases', () => {
    ensurePoliciesBuilt();
    // The Rego catalogue plus the TypeScript api-validation rule, which keeps its fixtures here too.
    const ids = [...ruleCatalogue().map((r) => r.id), API_VALIDATION_RULE.id];
    for (const id of ids) {
      expect(cases.filter((c) => c.rule === id && c.kind === 'fail').length, `${id} fail fixtures`).toBeGreaterThanOrEqual(2);
      expect(cases.filter((c) => c.rule === id && c.kind === 'pass').length, `${id} pass fixtures`).toBeGreaterThanOrEqual(2);
    }
    expect([...new Set(cases.map((c) => c.rule))].filter((r) => !ids.includes(r))).toEqual([]);
  });

  it.each(cases.map((c) => [path.relative(FIXTURES, c.file), c] as const))('%s', async (_name, fixture) => {
    if (fixture.kind === 'fail') expect(fixture.runs[0]!.expected.length, 'a fail fixture marks at least one line').toBeGreaterThan(0);
    else expect(fixture.runs.flatMap((r) => r.expected), 'a pass fixture marks no line').toEqual([]);
    for (const run of fixture.runs) await lintsAsMarked(fixture, run);
  });
});

async function lintsAsMarked(fixture: Fixture, run: Fixture['runs'][number]): Promise<void> {
  const severity = catalogue.get(fixture.rule)?.severity;
  const report = await lint([fixture.file], {
    configFile: false,
    cwd: packagePath(),
    overrides: {
      rules: { [fixture.rule]: { severity, ...(fixture.options ? { options: fixture.options } : {}) } },
      ...(run.version ? { kubernetesVersion: run.version } : {}),
    },
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
  expect(compareExpectations(run.expected, found), `at ${run.version ?? 'the default version'}`).toEqual([]);
}
