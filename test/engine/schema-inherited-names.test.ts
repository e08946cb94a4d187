// A CRD field named as an Object.prototype member (`valueOf`, `toString`, `constructor`,
// `hasOwnProperty`) is there only when the object holds it: a parsed `{}` inherits each, and the
// API server sees none. Before, the walker and ajv read the inherited function: a false type error
// on every object without the field, and a missing required one never reported.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { interpretedValidator } from '../../src/engine/schema-interpret.js';
import { OWN_PROPERTIES, createKubernetesAjv } from '../../src/schemas/ajv-setup.js';
import type { JsonSchema } from '../../src/schemas/normalize.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const FILE = 'test/engine/schema-inherited-names/manifests/probes.yaml';

type Finding = { ruleId: string; file: string | null; line: number | null; column: number | null; message: string };

function freshRun(cacheDir: string): Array<Array<string | number | null>> {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), '--no-config', '--format', 'json', path.dirname(FILE)], {
    cwd: REPO_ROOT,
    env: { ...process.env, KUBELINT_CACHE_DIR: cacheDir },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const report = JSON.parse(run.stdout) as { findings: Finding[] };
  return report.findings.filter((f) => f.ruleId === 'schema' || f.ruleId === 'no-schema').map((f) => [f.ruleId, f.file, f.line, f.column, f.message]);
}

const SCHEMA: JsonSchema = {
  type: 'object',
  required: ['toString'],
  properties: {
    toString: { type: 'string' },
    valueOf: { type: 'integer' },
    constructor: { type: 'object', properties: { hasOwnProperty: { type: 'boolean' } } },
  },
};

describe('CRD fields named as Object.prototype members', () => {
  it('are missing from an object that does not hold them, on the first, second and third run alike', () => {
    const cacheDir = temp('kubelint-inherited-names-');
    const expected = [
      ['schema', FILE, 38, 1, 'spec: missing required field "toString"'],
      ['schema', FILE, 58, 3, 'spec.valueOf: expected integer, got string "three"'],
    ];
    for (let run = 1; run <= 3; run++) expect(freshRun(cacheDir), `run ${run}`).toEqual(expected);
  });

  it('are read alike by the walker and by ajv compiled with OWN_PROPERTIES', () => {
    const ajv = createKubernetesAjv({}, OWN_PROPERTIES).compile(SCHEMA);
    const walker = interpretedValidator(SCHEMA, {})!;
    expect(walker).toBeDefined();
    const objects: unknown[] = [{}, { toString: 'x' }, { toString: 'x', valueOf: 'three', constructor: {} }, { toString: 1, constructor: { hasOwnProperty: 'no' } }];
    const seen = objects.map((object) => {
      ajv(object);
      walker(object);
      expect(walker.errors ?? null, JSON.stringify(object)).toEqual(ajv.errors ?? null);
      return (ajv.errors ?? []).map((e) => `${e.instancePath} ${e.keyword}`);
    });
    expect(seen).toEqual([
      [' required'],
      [],
      ['/valueOf type'],
      ['/toString type', '/constructor/hasOwnProperty type'],
    ]);
  });
});
