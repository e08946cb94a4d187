// The CLI keeps compiled custom-resource validators on disk (src/engine/schema-disk-cache.ts):
// same findings cold and warm, signed so a planted validator is not run, and only the CRD
// versions in use are read.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { codeCacheFile } from '../../src/cache/code-cache.js';
import { precompiledDir } from '../../src/schemas/store.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/config/defaults.js';
import { REPO_ROOT, runJson } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();

const version = (name: string, schema: string) => `    - name: ${name}
      served: true
      storage: ${name === 'v1'}
      schema:
        openAPIV3Schema:
${schema}`;

/**
 * v1's schema; tests use different minimums, so no test meets another's in-process validator.
 * uniqueItems makes ajv compile it (the CLI walks schemas without it: engine/schema-interpret.ts).
 */
const v1 = (minimum: number) => `          type: object
          properties:
            spec:
              type: object
              properties:
                size:
                  type: integer
                  minimum: ${minimum}
                tags: {type: array, uniqueItems: true}
`;

function repo(alpha: string, minimum: number): string {
  const dir = temp('kubelint-crd-cache-');
  const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  versions:
${version('v1alpha1', alpha)}${version('v1', v1(minimum))}`;
  // Line 7: size below the minimum; line 8: a field the schema does not have.
  const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: shop\nspec:\n  size: 0\n  colour: red\n';
  writeFileSync(path.join(dir, 'crd.yaml'), crd);
  writeFileSync(path.join(dir, 'widget.yaml'), widget);
  return dir;
}

type Run = { code: number; report?: { findings: Array<{ ruleId: string; file: string | null; line: number | null; column: number | null; message: string }> } };
const schemaFindings = (r: Run) => r.report!.findings.filter((f) => f.ruleId === 'schema').map((f) => [f.file, f.line, f.column, f.message]);

/** A fresh process (the built CLI): nothing compiled in memory, so the validator comes from disk. */
function freshProcess(cwd: string, env: Record<string, string>): Run {
  const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), '.', '--format', 'json'], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', timeout: 60_000 });
  return { code: run.status ?? -1, report: JSON.parse(run.stdout) };
}

describe('compiled CRD validators on disk', () => {
  it('gives the same findings from the stored validator as from a fresh compile', async () => {
    const dir = repo(v1(1), 1);
    const env = { KUBELINT_CACHE_DIR: temp('kubelint-crd-key-') };
    const cold = await runJson(['.'], { cwd: dir, env });
    const stored = readdirSync(path.join(env.KUBELINT_CACHE_DIR, 'validators'));
    expect(stored).toHaveLength(1);
    expect(schemaFindings(cold)).toEqual([
      ['widget.yaml', 7, 3, expect.stringContaining('spec.size')],
      ['widget.yaml', 8, 3, expect.stringContaining('unknown field "colour"')],
    ]);
    const warm = freshProcess(dir, env);
    expect(warm.report!.findings).toEqual(cold.report!.findings);
    expect(warm.code).toBe(cold.code);
  });

  it('does not run a stored validator that was replaced (its signature no longer matches)', async () => {
    const dir = repo(v1(2), 2);
    const env = { KUBELINT_CACHE_DIR: temp('kubelint-crd-key-') };
    const cold = await runJson(['.'], { cwd: dir, env });
    const folder = path.join(env.KUBELINT_CACHE_DIR, 'validators');
    const file = path.join(folder, readdirSync(folder)[0]!);
    const [header] = readFileSync(file, 'utf8').split('\n');
    // Accepts everything, under the old signature.
    writeFileSync(file, `${header}\nexports.custom = function validate() { return true; };\n`);
    const again = freshProcess(dir, env);
    expect(schemaFindings(again)).toEqual(schemaFindings(cold));
  });

  it('reads only the served versions some resource uses', async () => {
    // v1alpha1's schema is unusable (a $ref kubelint cannot follow); no resource uses v1alpha1.
    const dir = repo(`          type: object\n          properties:\n            spec:\n              $ref: 'https://schemas.example/elsewhere.json'\n`, 3);
    const run = await runJson(['.'], { cwd: dir, env: { KUBELINT_CACHE_DIR: temp('kubelint-crd-key-') } });
    expect(run.report!.findings.map((f) => f.message).join('\n')).not.toContain('v1alpha1');
    expect(schemaFindings(run)).toHaveLength(2);
  });

  it("keeps a signed V8 code cache of the build's precompiled kind modules; the findings do not change", () => {
    const dir = temp('kubelint-code-cache-');
    writeFileSync(path.join(dir, 'web.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: registry.example/web:1.0.0\n          colour: red\n');
    const env = { KUBELINT_CACHE_DIR: temp('kubelint-code-cache-key-') };
    const first = freshProcess(dir, env);
    // The module's own entry, beside the CLI bundle's (cli/boot.ts).
    const file = codeCacheFile(env.KUBELINT_CACHE_DIR, `${precompiledDir(DEFAULT_KUBERNETES_VERSION, true)}k_apps_v1_Deployment.cjs`);
    expect(readdirSync(path.dirname(file))).toContain(path.basename(file));
    expect(schemaFindings(first)).toEqual([['web.yaml', 15, 11, expect.stringContaining('unknown field "colour"')]]);
    expect(freshProcess(dir, env).report!.findings).toEqual(first.report!.findings);
    // A damaged code cache is not used (its signature fails) and is written again.
    const bytes = readFileSync(file);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    writeFileSync(file, bytes);
    expect(freshProcess(dir, env).report!.findings).toEqual(first.report!.findings);
    expect(readFileSync(file).equals(bytes)).toBe(false);
  });
});
