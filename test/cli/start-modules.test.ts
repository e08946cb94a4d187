// What the built CLI loads besides its bundle (scripts/bundle.mjs): Node resolves, reads and
// compiles a package file from node_modules without a code cache, ~0.3 ms each at every start.
// A lint of ordinary manifests needs none of them; ajv's runtime helpers (the schema walker's
// deep equality and string length, engine/schema-interpret.ts) are loaded when a custom resource
// is walked, and then still give the walker's findings.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();

/** Writes, as the process exits, every file Node's CommonJS loader loaded (one per line). */
const RECORDER = `const { writeFileSync } = require('node:fs');
process.on('exit', () => writeFileSync(process.env.LOADED_OUT, Object.keys(require.cache).join('\\n')));
`;

/** Runs the built bin on `input` (a fresh cache folder: the first run, then a warm one); the files each run loaded. */
function loadedBy(input: string, dir: string): { reports: Array<{ findings: Array<{ ruleId: string; line: number; column: number; message: string }> }>; loaded: string[][] } {
  const recorder = path.join(dir, 'recorder.cjs');
  writeFileSync(recorder, RECORDER);
  const env = { ...process.env, KUBELINT_CACHE_DIR: path.join(dir, 'cache'), LOADED_OUT: path.join(dir, 'loaded.txt') };
  const reports = [];
  const loaded = [];
  for (let run = 0; run < 2; run++) {
    const result = spawnSync(process.execPath, ['-r', recorder, path.join(REPO_ROOT, 'bin', 'kubelint.js'), input, '--no-config', '--format', 'json'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
    expect(result.stderr).toBe('');
    reports.push(JSON.parse(result.stdout));
    loaded.push(readFileSync(env.LOADED_OUT, 'utf8').split('\n'));
  }
  return { reports, loaded };
}

const fromPackages = (files: string[]) => files.filter((f) => f.split(path.sep).includes('node_modules'));

const ORDINARY = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly-report, namespace: books}
spec:
  schedule: "15 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: report, image: "registry.example/report:2.0.1", args: [--since, 24h]}]
---
apiVersion: v1
kind: Service
metadata: {name: shelf, namespace: books}
spec:
  selector: {app: shelf}
  ports: [{port: 80, targetPort: 8080}]
`;

// A CRD whose schema has a maxLength and an enum of objects: the walker measures the string as ajv
// does (ucs2length: an astral character counts once) and compares objects deeply (ajv's equal).
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: lamps.example.com}
spec:
  group: example.com
  names: {kind: Lamp, plural: lamps, singular: lamp}
  scope: Namespaced
  versions:
    - name: v1
      schema:
        openAPIV3Schema:
          properties:
            spec:
              properties:
                label: {type: string, maxLength: 3}
                shade:
                  enum: [{colour: red, size: 1}, {colour: blue, size: 2}]
                  type: object
              type: object
          type: object
      served: true
      storage: true
---
apiVersion: example.com/v1
kind: Lamp
metadata: {name: fits, namespace: shop}
spec:
  label: "a\u{1F4A1}c"
  shade: {size: 2, colour: blue}
---
apiVersion: example.com/v1
kind: Lamp
metadata: {name: too-long, namespace: shop}
spec:
  label: "abcd"
  shade: {colour: red, size: 2}
`;

describe('modules the built CLI loads outside its bundle', () => {
  it('loads no file from node_modules for a lint of ordinary manifests, first run or warm', () => {
    const dir = temp('kubelint-start-modules-');
    writeFileSync(path.join(dir, 'books.yaml'), ORDINARY);
    const { reports, loaded } = loadedBy('books.yaml', dir);
    expect(reports[0]!.findings.length).toBeGreaterThan(0); // the whole engine ran
    expect(reports[1]).toEqual(reports[0]);
    for (const files of loaded) {
      expect(files.some((f) => f.endsWith(path.join('dist', 'bundle', 'boot.cjs')))).toBe(true);
      expect(fromPackages(files)).toEqual([]);
    }
  });

  it("loads ajv's runtime helpers when a custom resource is walked, and they measure and compare as ajv does", () => {
    const dir = temp('kubelint-start-modules-');
    writeFileSync(path.join(dir, 'lamps.yaml'), CRD);
    const { reports, loaded } = loadedBy('lamps.yaml', dir);
    for (const files of loaded) {
      expect(fromPackages(files).map((f) => f.slice(f.lastIndexOf(`node_modules${path.sep}`)))).toEqual(
        expect.arrayContaining([path.join('node_modules', 'ajv', 'dist', 'runtime', 'equal.js'), path.join('node_modules', 'ajv', 'dist', 'runtime', 'ucs2length.js')]),
      );
    }
    for (const report of reports) {
      const schema = report.findings.filter((f) => f.ruleId === 'schema').map((f) => `${f.line}:${f.column} ${f.message}`);
      // Only the second Lamp: "a\u{1F4A1}c" is 3 characters to ajv, and its shade is blue, keys in any order.
      expect(schema).toEqual(['35:3 spec.label: must NOT have more than 3 characters', '36:3 spec.shade: object is not one of {"colour":"red","size":1}, {"colour":"blue","size":2}']);
    }
  });

  // fast-glob's set-up calls os.cpus() (its settings module), so that call marks the set-up having run.
  it("sets up no fast-glob for a lint of plain files, and sets it up when a policy folder is globbed", () => {
    const dir = temp('kubelint-start-modules-');
    writeFileSync(path.join(dir, 'books.yaml'), ORDINARY);
    mkdirSync(path.join(dir, 'policies'));
    const plain = cpusCallers(dir, ['books.yaml']);
    expect(plain.status).toBe(1); // findings: the whole engine ran
    expect(plain.callers).toEqual([]);
    // A folder of no .rego files: globbed, then refused; the glob is what is checked.
    const globbed = cpusCallers(dir, ['books.yaml', '--policy', 'policies']);
    expect(globbed.callers.some((stack) => stack.includes('fast-glob'))).toBe(true);
  });
});

/** Runs the built bin with `args`; the stack of every os.cpus() call it made. */
function cpusCallers(dir: string, args: string[]): { status: number | null; callers: string[] } {
  const recorder = path.join(dir, 'cpus-recorder.cjs');
  writeFileSync(recorder, CPUS_RECORDER);
  const env = { ...process.env, KUBELINT_CACHE_DIR: path.join(dir, 'cache'), CPUS_OUT: path.join(dir, 'cpus.json') };
  const result = spawnSync(process.execPath, ['-r', recorder, path.join(REPO_ROOT, 'bin', 'kubelint.js'), ...args, '--no-config', '--format', 'json'], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
  return { status: result.status, callers: JSON.parse(readFileSync(env.CPUS_OUT, 'utf8')) as string[] };
}

const CPUS_RECORDER = `const os = require('node:os');
const { writeFileSync } = require('node:fs');
const callers = [];
const cpus = os.cpus;
os.cpus = function (...args) { callers.push(new Error().stack); return cpus.apply(this, args); };
process.on('exit', () => writeFileSync(process.env.CPUS_OUT, JSON.stringify(callers)));
`;
