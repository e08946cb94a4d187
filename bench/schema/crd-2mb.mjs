#!/usr/bin/env node
// One custom resource + its 2 MB CRD (#22 target: ≤ 100 MB peak RSS).
//
//   flock /tmp/kubelint-bench.lock node bench/schema/crd-2mb.mjs [--runs 5] [--before <other checkout>] [--kubeconform]
//
// The CRD is generated (seeded, our own shape): three served versions (v1alpha1, v1beta1, v1),
// each a deep openAPIV3Schema like generated operator CRDs — nested objects with descriptions,
// enums, patterns, arrays of objects, maps, int-or-string and preserve-unknown-fields — about
// 2 MB of YAML in all; the custom resource uses v1. Each build is timed cold (an empty
// KUBELINT_CACHE_DIR every run: the compiled-validator cache is empty) and warm (the cache filled
// by the previous run), alternating with `--before` when given. Fresh processes under bench/cli/rusage.py.
// `--kubeconform` times .tools/bin/kubeconform in the same rounds on the same file (issue #22's
// row "one custom resource + its 2 MB CRD schema": ≤ 2× kubeconform below 1,000 resources), with
// the v1 schema converted as bench/corpus-gen/shape-crd.mjs converts the crd shape's (strict) and
// the bundle's CustomResourceDefinition schema for the CRD itself; kubeconform keeps no cache, so
// its cold and warm rows are the same command.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { kubeconformSchema } from '../corpus-gen/shape-crd.mjs';
import { assertTimer, measureOnce, summarize } from '../cli/measure.mjs';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, before: { type: 'string' }, write: { type: 'string' }, kubeconform: { type: 'boolean' } } });
const runs = Number(values.runs);

let seed = 20261206;
const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const words = ['replica', 'endpoint', 'volume', 'selector', 'policy', 'backoff', 'template', 'storage', 'network', 'probe', 'secret', 'tolerance'];
const word = () => words[Math.floor(rand() * words.length)];
const description = () => `The ${word()} ${word()} of this ${word()}; defaults to the ${word()} of the owning ${word()} when unset. More text follows so descriptions are as long as generated ones.`;

function leaf() {
  const roll = rand();
  if (roll < 0.35) return { type: 'string', description: description() };
  if (roll < 0.5) return { type: 'string', enum: ['Always', 'Never', 'IfNotPresent'], description: description() };
  if (roll < 0.6) return { type: 'string', pattern: '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$', maxLength: 63, description: description() };
  if (roll < 0.75) return { type: 'integer', format: 'int32', minimum: 0, description: description() };
  if (roll < 0.82) return { type: 'boolean', description: description() };
  if (roll < 0.9) return { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }], description: description() };
  if (roll < 0.95) return { type: 'object', additionalProperties: { type: 'string' }, description: description() };
  return { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, description: description() };
}

function object(depth) {
  const properties = {};
  const count = depth === 0 ? 12 : 4 + Math.floor(rand() * 6);
  for (let i = 0; i < count; i++) {
    const name = `${word()}${i}`;
    const roll = rand();
    if (depth < 5 && roll < 0.3) properties[name] = object(depth + 1);
    else if (depth < 5 && roll < 0.4) properties[name] = { type: 'array', items: object(depth + 1), description: description() };
    else properties[name] = leaf();
  }
  return { type: 'object', description: description(), properties, required: [Object.keys(properties)[0]] };
}

function crd() {
  const versions = ['v1alpha1', 'v1beta1', 'v1'].map((name) => ({
    name, served: true, storage: name === 'v1',
    schema: { openAPIV3Schema: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec: object(0), status: object(2) } } },
  }));
  return { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'widgets.bench.example' },
    spec: { group: 'bench.example', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets', singular: 'widget', listKind: 'WidgetList' }, versions } };
}

const def = crd();
const spec = def.spec.versions[2].schema.openAPIV3Schema.properties.spec;
const required = spec.required[0];
const sample = { apiVersion: 'bench.example/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'bench' }, spec: { [required]: spec.properties[required].type === 'object' ? {} : 'x', unknownField: 1 } };
// unknownField: strict validation reports it (one schema finding), so the validator really runs.
// Block-style YAML, as CRDs are published (yaml is a dependency of kubelint).
const text = `${stringify(def, { lineWidth: 0 })}---\n${stringify(sample)}`;
if (values.write) {
  writeFileSync(values.write, text);
  console.log(`${values.write}: ${(text.length / 1e6).toFixed(2)} MB`);
  process.exit(0);
}
assertTimer();
const work = mkdtempSync(path.join(tmpdir(), 'kubelint-crd-bench-'));
const input = path.join(work, 'crd.yaml');
writeFileSync(input, text);

const kubelint = (name, bin) => {
  if (!existsSync(bin)) throw new Error(`${bin} missing: build that checkout first`);
  return { name, command: (cacheDir) => [process.execPath, [bin, input, '--no-config', '--format', 'json'], { KUBELINT_CACHE_DIR: cacheDir }],
    findings: (text) => JSON.parse(text).findings.map((f) => [f.ruleId, f.line, f.column, f.message]) };
};
const builds = [kubelint('this checkout', path.join(here, 'bin/kubelint.js'))];
if (values.before) builds.unshift(kubelint(`before (${values.before})`, path.join(path.resolve(values.before), 'bin/kubelint.js')));
if (values.kubeconform) builds.push(kubeconform());

/** kubeconform on the same file: the CR's strict v1 schema beside the bundle's, as peers.mjs gives the crd shape. */
function kubeconform() {
  const bin = path.join(here, '.tools/bin/kubeconform');
  const bundled = path.join(here, 'bench/.kubeconform-schemas');
  if (!existsSync(bin)) throw new Error(`${bin} missing: run scripts/setup-tools.sh`);
  if (!existsSync(path.join(bundled, 'customresourcedefinition-apiextensions-v1.json'))) throw new Error(`${bundled} missing: run bench/cli/peers.mjs once (it writes them)`);
  const own = path.join(work, 'kubeconform');
  mkdirSync(own);
  writeFileSync(path.join(own, 'widget-bench-v1.json'), JSON.stringify(kubeconformSchema(def.spec.versions[2].schema.openAPIV3Schema)));
  const location = (dir) => ['-schema-location', `${dir}/{{ .ResourceKind }}{{ .KindSuffix }}.json`];
  return { name: 'kubeconform', command: () => [bin, ['-strict', '-summary', '-output', 'json', ...location(bundled), ...location(own), input], {}],
    findings: (text) => JSON.parse(text).resources.filter((r) => r.status !== 'statusValid').map((r) => [r.kind, r.status, r.msg]) };
}

const out = path.join(work, 'out.json');
const rows = [];
for (const mode of ['cold', 'warm']) {
  const samples = builds.map(() => []);
  const findings = builds.map(() => '');
  const warmDirs = builds.map(() => mkdtempSync(path.join(work, 'warm-')));
  for (let i = -1; i < runs; i++) {
    for (const [b, build] of builds.entries()) {
      const cacheDir = mode === 'cold' ? mkdtempSync(path.join(work, 'cold-')) : warmDirs[b];
      const [command, args, env] = build.command(cacheDir);
      const run = measureOnce(command, args, { cwd: work, stdoutFile: out, env });
      if (run.exitCode > 1) throw new Error(`${build.name} exit ${run.exitCode}: ${run.stderr}`);
      findings[b] = JSON.stringify(build.findings(readFileSync(out, 'utf8')));
      if (i >= 0) samples[b].push(run);
      if (mode === 'cold') rmSync(cacheDir, { recursive: true, force: true });
    }
  }
  // Same findings: among kubelint builds only (kubeconform's results are of another kind).
  const ours = findings.filter((_, b) => builds[b].name !== 'kubeconform');
  for (const [b, build] of builds.entries()) rows.push({ mode, build: build.name, ...summarize(samples[b]), same: build.name === 'kubeconform' ? true : ours.every((f) => f === ours[0]), findings: JSON.parse(findings[b]).length });
}
rmSync(work, { recursive: true, force: true });
console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log(`node ${process.version}; input ${(text.length / 1e6).toFixed(2)} MB (CRD with 3 served versions + 1 custom resource); ${runs} runs after 1 warm-up\n`);
console.log('| validator cache | build | wall median (min–max) | CPU user+sys | peak RSS | findings | same findings |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
for (const r of rows) console.log(`| ${r.mode} | ${r.build} | ${r.wall.toFixed(2)} s (${r.wallMin.toFixed(2)}–${r.wallMax.toFixed(2)}) | ${r.cpu.toFixed(2)} s | ${r.rssMiB.toFixed(0)} MiB | ${r.findings} | ${r.same ? 'yes' : 'NO'} |`);
