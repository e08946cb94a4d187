// Every fixture in fixtures/schema/ is linted with the schema check alone; the findings must be
// exactly the (rule, line, column) set its `# expect:` markers name.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { createLinter } from '../../src/engine/engine.js';
import { createSchemaCheck } from '../../src/engine/schema.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';
import { compareExpectations, expectationsFor, sortExpectations } from '../helpers/expect-markers.js';

const DIR = path.resolve(import.meta.dirname, '../../fixtures/schema');
const FIXTURES = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();

function configFor(overrides: { kubernetesVersion?: string; strict?: boolean } = {}): ResolvedConfig {
  const base = defaultConfig(DIR);
  return {
    ...base,
    kubernetesVersion: overrides.kubernetesVersion ?? base.kubernetesVersion,
    schema: { ...base.schema, strict: overrides.strict ?? true },
  };
}

export function lintFixture(file: string, config: ResolvedConfig) {
  const text = readFileSync(path.join(DIR, file), 'utf8');
  const parsed = parseManifestText(text, { kind: 'file', name: file });
  expect(parsed.problems).toEqual([]);
  const { resources, problems } = identifyResources(parsed.manifests);
  expect(problems).toEqual([]);
  const findings = createLinter([createSchemaCheck(config)]).lint(resources, { config });
  return { text, findings };
}

function actual(findings: ReturnType<typeof lintFixture>['findings']) {
  return sortExpectations(findings.map((f) => ({ ruleId: f.ruleId, line: f.range?.line ?? 0, column: f.range?.column ?? 0, message: f.message })));
}

/** Marker problems (empty when the findings are exactly what the markers expect). */
function mismatches(text: string, findings: ReturnType<typeof lintFixture>['findings'], version?: string): string[] {
  return compareExpectations(expectationsFor(text, version), actual(findings));
}

describe('schema fixtures (default target version)', () => {
  it('has fixtures', () => expect(FIXTURES.length).toBeGreaterThanOrEqual(10));
  for (const file of FIXTURES) {
    it(file, () => {
      const { text, findings } = lintFixture(file, configFor());
      expect(mismatches(text, findings)).toEqual([]);
    });
  }
});

describe('strict fixtures in relaxed mode', () => {
  for (const file of FIXTURES.filter((f) => f.endsWith('.strict.yaml'))) {
    it(`${file} has no findings when schema.strict is false`, () => {
      expect(lintFixture(file, configFor({ strict: false })).findings).toEqual([]);
    });
  }
});

describe('1.30 versus 1.36', () => {
  it('api-versions.yaml differs exactly where the API changed', () => {
    const old = lintFixture('api-versions.yaml', configFor({ kubernetesVersion: '1.30' }));
    const now = lintFixture('api-versions.yaml', configFor({ kubernetesVersion: '1.36' }));
    expect(mismatches(old.text, old.findings, '1.30')).toEqual([]);
    expect(mismatches(now.text, now.findings)).toEqual([]);
    const key = (e: { ruleId: string; line: number }) => `${e.line}:${e.ruleId}`;
    const oldKeys = new Set(actual(old.findings).map(key));
    const newKeys = new Set(actual(now.findings).map(key));
    const onlyOld = [...oldKeys].filter((k) => !newKeys.has(k)).sort();
    const onlyNew = [...newKeys].filter((k) => !oldKeys.has(k)).sort();
    // FlowSchema v1beta3: deprecated in 1.30, removed in 1.32; VolumeAttributesClass v1: new in 1.34;
    // Endpoints: deprecated from 1.33.
    expect(onlyOld).toEqual(['11:no-schema', '2:api-deprecated']);
    expect(onlyNew).toEqual(['16:api-deprecated', '2:api-removed']);
  });

  it('every other fixture gives the same verdict on 1.30 and 1.36', () => {
    for (const file of FIXTURES.filter((f) => f !== 'api-versions.yaml')) {
      const old = lintFixture(file, configFor({ kubernetesVersion: '1.30' }));
      const now = lintFixture(file, configFor({ kubernetesVersion: '1.36' }));
      expect(actual(old.findings), file).toEqual(actual(now.findings));
    }
  });
});
