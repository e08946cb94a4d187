#!/usr/bin/env node
// Experiment behind an optimisation proposal in BENCHMARKS.md: evaluate kubelint's compiled
// policies (build/policies/policy.wasm) over a corpus as one batch, or as one batch per
// namespace. Every cross-resource rule looks only inside a resource's namespace, so the findings
// must be the same; the question is time and memory. Prints evaluation time, the number of
// findings and a digest of them, so two modes can be compared; run each mode in its own process
// under /usr/bin/time to compare peak RSS.
//
//   npm run build
//   /usr/bin/time -f '%e %U %S %M' node bench/rego-chunking.mjs bench/corpus/10000 --mode whole
//   /usr/bin/time -f '%e %U %S %M' node bench/rego-chunking.mjs bench/corpus/10000 --mode namespace
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { loadPolicySync } = createRequire(import.meta.url)('@open-policy-agent/opa-wasm');

function loadObjects(dir) {
  const objects = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
    for (const doc of parseAllDocuments(readFileSync(join(dir, name), 'utf8'), { version: '1.1', merge: true })) {
      const value = doc.toJS();
      if (value && typeof value === 'object') objects.push(value);
    }
  }
  return objects;
}

function optionDefaults() {
  const schemas = JSON.parse(readFileSync(join(ROOT, 'schemas/rule-options.schema.json'), 'utf8'));
  return Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id,
    Object.fromEntries(Object.entries(s.properties ?? {}).filter(([, p]) => p.default !== undefined).map(([k, p]) => [k, p.default]))]));
}

/** Same sizing rule as src/engine/rego.ts: ~64 bytes of wasm memory per input byte. */
const pagesFor = (bytes) => Math.min(32768, Math.max(80, Math.ceil((bytes * 64) / 65536)));

function evaluateBatch(module, entrypoint, objects, globalIndexes, shared) {
  const input = { resources: objects.map((object, index) => ({ index, object })), ...shared };
  const json = new TextEncoder().encode(JSON.stringify(input));
  const policy = loadPolicySync(module, { initial: pagesFor(json.byteLength) });
  const [first] = policy.evaluate(json.buffer, entrypoint);
  if (!first || !Array.isArray(first.result)) throw new Error('policy evaluation returned no result');
  return first.result.map((r) => ({ ...r, index: globalIndexes[r.index] }));
}

function main() {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--mode');
  const mode = args[args.indexOf('--mode') + 1];
  if (!dir || !['whole', 'namespace'].includes(mode)) {
    console.error('usage: node bench/rego-chunking.mjs <corpus dir> --mode whole|namespace');
    process.exit(2);
  }
  const { entrypoint, rules } = JSON.parse(readFileSync(join(ROOT, 'build/policies/rules.json'), 'utf8'));
  const module = new WebAssembly.Module(readFileSync(join(ROOT, 'build/policies/policy.wasm')));
  const objects = loadObjects(dir);
  const shared = { params: optionDefaults(), enabled: rules.map((r) => r.id), defaultNamespace: 'default' };

  const start = performance.now();
  const cpuStart = process.cpuUsage();
  let results = [];
  let batches = 0;
  if (mode === 'whole') {
    results = evaluateBatch(module, entrypoint, objects, objects.map((_, i) => i), shared);
    batches = 1;
  } else {
    const groups = new Map();
    objects.forEach((o, i) => {
      const ns = o.metadata?.namespace || 'default';
      if (!groups.has(ns)) groups.set(ns, []);
      groups.get(ns).push(i);
    });
    for (const indexes of groups.values()) {
      results.push(...evaluateBatch(module, entrypoint, indexes.map((i) => objects[i]), indexes, shared));
      batches++;
    }
  }
  const ms = performance.now() - start;
  const cpu = process.cpuUsage(cpuStart);
  const keys = results.map((r) => `${r.rule}|${r.index}|${JSON.stringify(r.path)}|${r.msg}`).sort();
  const digest = createHash('sha256').update(keys.join('\n')).digest('hex').slice(0, 16);
  console.log(JSON.stringify({ mode, resources: objects.length, batches, evaluateMs: Math.round(ms), evaluateCpuMs: Math.round((cpu.user + cpu.system) / 1000), findings: results.length, digest }));
}

main();
