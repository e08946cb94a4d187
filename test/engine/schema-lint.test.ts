// End to end through the public API: lint() on the schema fixtures must report exactly the
// schema-origin findings their `# expect:` markers name, at the marked line and column.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/index.js';
import { SCHEMA_RULES } from '../../src/engine/schema.js';
import type { Finding } from '../../src/types.js';
import { compareExpectations, expectationsFor, sortExpectations } from '../helpers/expect-markers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const DIR = 'fixtures/schema';
const FIXTURES = readdirSync(path.join(ROOT, DIR)).filter((f) => f.endsWith('.yaml')).sort();
const SCHEMA_IDS = new Set(SCHEMA_RULES.map((r) => r.id));

async function schemaFindings(file: string, overrides: Record<string, unknown> = {}) {
  const report = await lint([`${DIR}/${file}`], { cwd: ROOT, configFile: false, overrides });
  return sortExpectations(
    report.findings
      .filter((f: Finding) => SCHEMA_IDS.has(f.ruleId))
      .map((f: Finding) => {
        expect(f.file).toBe(`${DIR}/${file}`);
        return { ruleId: f.ruleId, line: f.range?.line ?? 0, column: f.range?.column ?? 0, message: f.message };
      }),
  );
}

describe('lint() on fixtures/schema', () => {
  for (const file of FIXTURES) {
    it(file, async () => {
      const text = readFileSync(path.join(ROOT, DIR, file), 'utf8');
      expect(compareExpectations(expectationsFor(text), await schemaFindings(file))).toEqual([]);
    });
  }

  it('relaxed mode (schema.strict: false) accepts unknown fields', async () => {
    expect(await schemaFindings('unknown-field.strict.yaml', { schema: { strict: false } })).toEqual([]);
  });

  it('kubernetesVersion 1.30 and 1.36 differ exactly where the API changed', async () => {
    const text = readFileSync(path.join(ROOT, DIR, 'api-versions.yaml'), 'utf8');
    const old = await schemaFindings('api-versions.yaml', { kubernetesVersion: '1.30' });
    const now = await schemaFindings('api-versions.yaml', { kubernetesVersion: '1.36' });
    expect(compareExpectations(expectationsFor(text, '1.30'), old)).toEqual([]);
    expect(compareExpectations(expectationsFor(text), now)).toEqual([]);
    const key = (e: { ruleId: string; line: number }) => `${e.line}:${e.ruleId}`;
    const onlyOld = old.map(key).filter((k) => !now.map(key).includes(k));
    const onlyNew = now.map(key).filter((k) => !old.map(key).includes(k));
    expect(onlyOld.sort()).toEqual(['11:no-schema', '2:api-deprecated']);
    expect(onlyNew.sort()).toEqual(['16:api-deprecated', '2:api-removed']);
  });

  it('an unknown kubernetesVersion is a clear error naming the bundled versions', async () => {
    await expect(lint([`${DIR}/nulls.yaml`], { cwd: ROOT, configFile: false, overrides: { kubernetesVersion: '1.29' } })).rejects.toThrow(
      /1\.29.*1\.30, 1\.31, 1\.32, 1\.33, 1\.34, 1\.35, 1\.36/,
    );
  });
});
