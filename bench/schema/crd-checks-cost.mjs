#!/usr/bin/env node
// What the custom-resource checks of schema-crd-lists.ts and schema-crd-deprecation.ts cost on a
// corpus, apart from the rest of a run: reading each CRD version's list types (listTypesOf, once
// per version a resource uses), checking each custom resource's lists (duplicateListItems) and the
// deprecation text. Loads the corpus with the built loader (dist/), then times only those steps,
// best and median of --runs (a fresh schema object per run, as each CLI run parses anew); the
// first run is the one a CLI run pays (cold code).
//
//   npm run build && node --expose-gc bench/schema/crd-checks-cost.mjs [--shape crd] [--size 1000] [--runs 15]
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { identifyResources } from '../../dist/load/resources.js';
import { parseManifestText } from '../../dist/load/yaml.js';
import { duplicateListItems, listTypesOf } from '../../dist/engine/schema-crd-lists.js';
import { crdDeprecationWarning } from '../../dist/engine/schema-crd-deprecation.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const dir = join(ROOT, 'bench/corpus/shapes', args.shape ?? 'crd', args.size ?? '1000');
const runs = Number(args.runs ?? 15);

const resources = [];
for (const file of readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
  resources.push(...identifyResources(parseManifestText(readFileSync(join(dir, file), 'utf8'), { kind: 'file', name: file }).manifests).resources);
}
const crds = resources.filter((r) => r.kind === 'CustomResourceDefinition');
const custom = resources.filter((r) => r.kind !== 'CustomResourceDefinition' && /\.example\.io\//.test(r.apiVersion));
// The CLI validates every resource before these checks read it: read each one whole here too.
for (const r of custom) JSON.stringify(r.object);

/** One run's work: versions by "group/version Kind" from fresh copies of the CRDs, then every custom resource. */
function once() {
  const fresh = structuredClone(crds.map((c) => c.object));
  globalThis.gc?.(); // run with --expose-gc: the clone's garbage is not collected in the timed part
  // The CLI serialises each version's schema anyway (schema-crd.ts CustomSchema.source): not timed here.
  const sources = new Map(fresh.flatMap((crd) => crd.spec.versions.map((v) => [v, JSON.stringify(v.schema.openAPIV3Schema)])));
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  const byKey = new Map();
  const bySource = new Map(); // versions with the same schema share one object, as schema-crd.ts does
  for (const crd of fresh) {
    for (const version of crd.spec.versions) {
      const source = sources.get(version);
      if (!bySource.has(source)) bySource.set(source, version.schema.openAPIV3Schema);
      byKey.set(`${crd.spec.group}/${version.name} ${crd.spec.names.kind}`, { raw: bySource.get(source), deprecation: crdDeprecationWarning(crd.spec, version) });
    }
  }
  let found = 0;
  for (const r of custom) {
    const v = byKey.get(`${r.apiVersion} ${r.kind}`);
    if (!v) continue;
    const lists = listTypesOf(v.raw);
    if (lists) found += duplicateListItems(r.object, lists).length;
    if (v.deprecation !== undefined) found++;
  }
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const cpu = process.cpuUsage(c0);
  return { ms, cpu: (cpu.user + cpu.system) / 1000, found };
}

const times = [];
let found = 0;
let firstCpu = 0;
for (let i = 0; i < runs; i++) {
  const r = once();
  times[i] = r.ms;
  found = r.found;
  if (i === 0) firstCpu = r.cpu;
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`${dir}: ${crds.length} CRDs, ${custom.length} custom resources, ${found} findings; checks ${sorted[0].toFixed(2)} ms best, ${sorted[Math.floor(runs / 2)].toFixed(2)} ms median of ${runs} (first ${times[0].toFixed(2)} ms, ${firstCpu.toFixed(1)} ms CPU with V8's compiler threads)`);
