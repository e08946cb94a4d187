#!/usr/bin/env node
// Corpus shapes that look like real repositories, for bench/cli/peers.mjs --shapes. Seeded and
// deterministic; every shape is built from this repository's own generators (no third-party
// files). Shapes come in twins where a target compares them (same objects, comments or not):
//
//   plain      application bundles, ~20 documents per file, no comments at all
//   inline     the same objects as plain, with comment lines and trailing comments inside the
//              documents (hand-kept manifests), a few `# kubelint-disable-next-line` directives
//   helm       `helm template`-like releases: `# Source: <chart>/templates/<x>.yaml` above every
//              document, chart comments inside them, Helm's labels
//   helm-bare  the same objects as helm without any comment
//   crd        operators' install files (large generated CRDs, two served versions, RBAC,
//              controller) plus custom resources of those CRDs
//   kustomize  overlay builds: ~250 documents per file, sorted keys, compact sequences, an env
//              label on objects and selectors, hashed ConfigMap names
//
// Not in the default set (the peers table stays the six above), built when asked for by name:
//
//   plain-onens  the objects of plain, every one in the same namespace (a repository or chart
//                that puts everything in one namespace): the Rego check's largest namespace
//   legacy       a repository linted for the first time: workloads without securityContext,
//                resources, probes, pinned images, PDBs or NetworkPolicies, 10-15 findings each
//                (shape-legacy.mjs)
//
//   node bench/corpus-gen/shapes.mjs [--shapes plain,inline,...] [--sizes 100,1000,10000]
//                                    [--seed 20261206] [--out bench/corpus/shapes]
//
// Writes <out>/<shape>/<size>/*.yaml and <out>/<shape>/<size>.summary.json; the crd shape also
// writes kubeconform's schemas for its custom resources to <out>/crd/<size>.kubeconform/.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateResources } from './corpus.mjs';
import { createRandom } from './random.mjs';
import { NOUNS, OPERATORS, customResourceDefinition, kubeconformSchema, operatorObjects, valueFor } from './shape-crd.mjs';
import { legacyResources } from './shape-legacy.mjs';
import { documentText, helmAnnotate, inlineAnnotate, sortKeys } from './shape-yaml.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SHAPES = ['plain', 'inline', 'helm', 'helm-bare', 'crd', 'kustomize'];
/** Shapes built only when named (bench/cli/ab.mjs --shapes plain-onens). */
export const EXTRA_SHAPES = ['plain-onens', 'legacy'];
/** The namespace every object of plain-onens is in. */
const ONE_NAMESPACE = 'shop';
export const SHAPE_SIZES = [100, 1000, 10000];
export const SHAPE_SEED = 20261206;
/** Bumped when a generator changes its output, so bench/cli/peers.mjs regenerates stale corpora. */
export const SHAPES_VERSION = 2;
/** Which twin a commented shape is measured against (same objects, no comments). */
export const COMMENT_TWINS = { inline: 'plain', helm: 'helm-bare' };

const SCRIPT = '#!/bin/sh\n# start the server with the mounted config; exec so signals reach it\nset -eu\nexec /app/server --config /etc/app/config.yaml "$@"\n';

/** The application bundles shared by plain/inline and helm/helm-bare; some ConfigMaps carry a script. */
function bundles(size, seed, perFile) {
  const { files } = generateResources(size, { seed, perFile });
  const rng = createRandom(seed + 1);
  for (const f of files) {
    for (const r of f.resources) if (r.kind === 'ConfigMap' && rng.chance(0.2)) r.data['entrypoint.sh'] = SCRIPT;
  }
  return files;
}

const stream = (texts) => texts.map((t) => `---\n${t}`).join('');

function plainShape(size, seed, commented, oneNamespace = false) {
  const rng = createRandom(seed + 2);
  const annotate = (key, pair, r) => {
    // A few in-source suppressions, as teams write them next to a deliberate choice.
    if (key === 'image' && r.chance(0.01)) return { before: 'kubelint-disable-next-line image-registry -- mirrored by the platform team' };
    return inlineAnnotate(key, pair, r);
  };
  const files = bundles(size, seed, 20);
  if (oneNamespace) for (const f of files) for (const r of f.resources) if (r.metadata.namespace !== undefined) r.metadata.namespace = ONE_NAMESPACE;
  return files.map((f) => ({
    name: f.name,
    text: stream(f.resources.map((r) => documentText(r, commented ? { annotate, rng } : {}))),
  }));
}

const TEMPLATE_FILE = {
  Deployment: 'deployment', StatefulSet: 'statefulset', CronJob: 'cronjob', ConfigMap: 'configmap', Service: 'service',
  HorizontalPodAutoscaler: 'hpa', PodDisruptionBudget: 'pdb', NetworkPolicy: 'networkpolicy',
};

function helmShape(size, seed, commented) {
  return bundles(size, seed, 8).map((f) => {
    const chart = f.name.replace(/\.yaml$/, '');
    const docs = f.resources.map((r) => {
      r.metadata.labels = { ...r.metadata.labels, 'app.kubernetes.io/managed-by': 'Helm', 'app.kubernetes.io/instance': chart, 'helm.sh/chart': `${chart}-0.3.1` };
      const text = documentText(r, commented ? { annotate: helmAnnotate } : {});
      return commented ? `# Source: ${chart}/templates/${TEMPLATE_FILE[r.kind] ?? 'resources'}.yaml\n${text}` : text;
    });
    return { name: f.name, text: stream(docs) };
  });
}

const KIND_ORDER = ['Namespace', 'ServiceAccount', 'ConfigMap', 'Service', 'Deployment', 'StatefulSet', 'CronJob',
  'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'NetworkPolicy'];

function kustomizeShape(size, seed) {
  const rng = createRandom(seed + 3);
  return bundles(size, seed, 250).map((f, i) => {
    const env = i % 2 ? 'staging' : 'prod';
    // configMapGenerator: a content hash suffix on each ConfigMap name, references renamed with it.
    const renames = new Map(f.resources.filter((r) => r.kind === 'ConfigMap')
      .map((r) => [r.metadata.name, `${r.metadata.name}-${rng.int(0, 36 ** 10 - 1).toString(36).padStart(10, '0')}`]));
    let json = JSON.stringify(f.resources);
    for (const [from, to] of renames) json = json.replaceAll(`"${from}"`, `"${to}"`);
    const resources = JSON.parse(json).map((r) => {
      // commonLabels: objects, selectors and pod templates.
      r.metadata.labels = { ...r.metadata.labels, env };
      const spec = r.spec ?? {};
      if (spec.selector?.matchLabels) spec.selector.matchLabels.env = env;
      else if (r.kind === 'Service') spec.selector.env = env;
      if (spec.template?.metadata) spec.template.metadata.labels.env = env;
      if (spec.jobTemplate?.spec?.template?.metadata) spec.jobTemplate.spec.template.metadata.labels.env = env;
      if (r.kind === 'NetworkPolicy' && spec.podSelector?.matchLabels) spec.podSelector.matchLabels.env = env;
      return sortKeys(r);
    });
    resources.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.metadata.name.localeCompare(b.metadata.name));
    return { name: `overlay-${env}-${String(i + 1).padStart(3, '0')}.yaml`, text: resources.map((r) => documentText(r, { compactSeq: true })).join('---\n') };
  });
}

function crdShape(size, seed) {
  const rng = createRandom(seed + 4);
  const operators = OPERATORS.slice(0, size <= 100 ? 2 : size <= 1000 ? 4 : 8);
  const files = [];
  const schemas = {};
  const crds = [];
  let total = 0;
  for (const op of operators) {
    const mine = rng.sample(NOUNS, 3).map((noun) => customResourceDefinition(rng, op, noun));
    const objects = [...mine.map((c) => c.crd), ...operatorObjects(op, mine)];
    total += objects.length;
    crds.push(...mine);
    files.push({ name: `install-${op}.yaml`, text: stream(objects.map((o) => documentText(o))) });
    for (const c of mine) {
      const schema = kubeconformSchema(c.crd.spec.versions[0].schema.openAPIV3Schema);
      for (const v of ['v1', 'v1beta1']) schemas[`${c.kind.toLowerCase()}-${op}-${v}.json`] = schema;
    }
  }
  let planted = 0;
  for (let file = 0; total < size; file++) {
    const ns = `team-${file % 12}`;
    const docs = [];
    for (let i = 0; i < 50 && total < size; i++, total++) {
      const c = rng.pick(crds);
      const spec = valueFor(rng, c.spec, 'spec');
      // 1% carry a misspelt field (strict validation refuses it on both tools).
      if (rng.chance(0.01)) { spec.unknownSetting = true; planted++; }
      const version = rng.chance(0.1) ? 'v1beta1' : 'v1';
      docs.push(documentText({
        apiVersion: `${c.group}/${version}`, kind: c.kind,
        metadata: { name: `${c.kind.toLowerCase()}-${file}-${i}`, namespace: ns, labels: { 'app.kubernetes.io/part-of': ns } },
        spec,
      }));
    }
    files.push({ name: `resources-${String(file + 1).padStart(3, '0')}.yaml`, text: stream(docs) });
  }
  return { files, schemas, planted };
}

export function buildShape(shape, size, seed = SHAPE_SEED) {
  switch (shape) {
    case 'plain': return { files: plainShape(size, seed, false) };
    case 'inline': return { files: plainShape(size, seed, true) };
    case 'plain-onens': return { files: plainShape(size, seed, false, true) };
    case 'helm': return { files: helmShape(size, seed, true) };
    case 'helm-bare': return { files: helmShape(size, seed, false) };
    case 'kustomize': return { files: kustomizeShape(size, seed) };
    case 'crd': return crdShape(size, seed);
    case 'legacy': return { files: legacyResources(size, seed).map((f) => ({ name: f.name, text: stream(f.resources.map((r) => documentText(r))) })) };
    default: throw new Error(`unknown shape ${shape}; known: ${[...SHAPES, ...EXTRA_SHAPES].join(', ')}`);
  }
}

/** True when <out>/<shape>/<size> was written by this generator version with this seed. */
export function shapeIsCurrent(out, shape, size, seed = SHAPE_SEED) {
  const file = join(out, shape, `${size}.summary.json`);
  if (!existsSync(file) || !existsSync(join(out, shape, String(size)))) return false;
  const summary = JSON.parse(readFileSync(file, 'utf8'));
  return summary.seed === seed && summary.version === SHAPES_VERSION;
}

/** Where a shape's corpus and (crd) kubeconform schemas live. */
export const shapeDir = (out, shape, size) => join(out, shape, String(size));
export const shapeSchemaDir = (out, shape, size) => join(out, shape, `${size}.kubeconform`);

export function writeShape(shape, size, { seed = SHAPE_SEED, out = join(ROOT, 'bench/corpus/shapes') } = {}) {
  const { files, schemas, planted } = buildShape(shape, size, seed);
  const dir = shapeDir(out, shape, size);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let bytes = 0;
  for (const f of files) {
    writeFileSync(join(dir, f.name), f.text);
    bytes += Buffer.byteLength(f.text);
  }
  if (schemas) {
    const sdir = shapeSchemaDir(out, shape, size);
    rmSync(sdir, { recursive: true, force: true });
    mkdirSync(sdir, { recursive: true });
    for (const [name, schema] of Object.entries(schemas)) writeFileSync(join(sdir, name), JSON.stringify(schema));
  }
  const summary = { shape, size, seed, version: SHAPES_VERSION, files: files.length, bytes, ...(planted === undefined ? {} : { plantedSchemaErrors: planted }) };
  writeFileSync(join(out, shape, `${size}.summary.json`), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

function parseArgs(argv) {
  const opts = { shapes: SHAPES, sizes: SHAPE_SIZES, seed: SHAPE_SEED, out: join(ROOT, 'bench/corpus/shapes') };
  for (let i = 0; i < argv.length; i++) {
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${argv[i - 1]} needs a value`); return x; };
    if (argv[i] === '--shapes') opts.shapes = v().split(',');
    else if (argv[i] === '--sizes') opts.sizes = v().split(',').map(Number);
    else if (argv[i] === '--seed') opts.seed = Number(v());
    else if (argv[i] === '--out') opts.out = resolve(v());
    else throw new Error(`unknown option ${argv[i]} (use --shapes, --sizes, --seed, --out)`);
  }
  for (const s of opts.shapes) if (!SHAPES.includes(s) && !EXTRA_SHAPES.includes(s)) throw new Error(`unknown shape ${s}; known: ${[...SHAPES, ...EXTRA_SHAPES].join(', ')}`);
  for (const n of opts.sizes) if (!Number.isInteger(n) || n < 1) throw new Error(`sizes are positive integers, got ${n}`);
  return opts;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const opts = parseArgs(process.argv.slice(2));
    for (const shape of opts.shapes) {
      for (const size of opts.sizes) {
        const s = writeShape(shape, size, opts);
        console.log(`shapes: ${shape} ${size}: ${s.files} files, ${(s.bytes / 1024).toFixed(0)} KiB -> ${shapeDir(opts.out, shape, size)}`);
      }
    }
  } catch (error) {
    console.error(`shapes: ${error.message}`);
    process.exitCode = 2;
  }
}
