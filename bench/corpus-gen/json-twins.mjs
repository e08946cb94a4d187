#!/usr/bin/env node
// JSON twins of a corpus shape (issue #22, round 15): the same resources as
// bench/corpus/shapes/<shape>/<size>, written as JSON the ways real repositories hold it. File k
// of the shape (names sorted) becomes, by k mod 4:
//   0: one `.json` file per resource, indented 2 (`<name>-NN.json`);
//   1: one `kind: List` file of its resources, indented 4, as `kubectl get -o json` writes it;
//   2: the same List minified on one line;
//   3: the List indented 2 in a `.yaml` file (JSON is YAML: some repositories keep it so).
// The values are those kubelint reads from the YAML (dist/index.js parseManifestText), so a twin
// holds the same objects; a document JSON cannot hold (NaN, Infinity) stops the generator.
//
//   node bench/corpus-gen/json-twins.mjs [--shapes plain] [--sizes 1000,10000]
//
// Writes bench/corpus/shapes-json/<shape>/<size>/ (git-ignored); needs `npm run build` and the
// shape (node bench/corpus-gen/shapes.mjs). `ab.mjs --corpus bench/corpus/shapes-json --shapes plain`
// times two builds on it; `twin-ratio.mjs --kinds json` times it against the YAML shape.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The documents kubelint reads from a YAML text (the build's own parser, so the twins hold what the linter saw). */
async function documentsOf(text, name) {
  const { parseManifestText } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);
  const parsed = parseManifestText(text, { kind: 'file', name });
  if (parsed.problems.length > 0) throw new Error(`${name}: ${parsed.problems[0].message}`);
  return parsed.manifests.map((m) => m.value);
}

/** JSON of a value, refused when JSON would not give the value back (NaN, Infinity, -0, undefined). */
function json(value, indent, name) {
  const text = JSON.stringify(value, null, indent);
  if (!isDeepStrictEqual(JSON.parse(text), value)) throw new Error(`${name}: a value JSON cannot hold`);
  return text;
}

const list = (items) => ({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } });

/** The files (name → text) twinning the YAML file `name` holding `values`, written as file k's form. */
export function twinFiles(name, values, k) {
  const base = name.replace(/\.ya?ml$/, '');
  switch (k % 4) {
    case 0:
      return values.map((v, i) => [`${base}-${String(i).padStart(2, '0')}.json`, `${json(v, 2, name)}\n`]);
    case 1:
      return [[`${base}.json`, `${json(list(values), 4, name)}\n`]];
    case 2:
      return [[`${base}.min.json`, json(list(values), 0, name)]];
    default:
      return [[`${base}.json.yaml`, `${json(list(values), 2, name)}\n`]];
  }
}

/** Writes bench/corpus/shapes-json/<shape>/<size> for each shape and size; the folders written. */
export async function writeJsonTwins(shapes, sizes) {
  const written = [];
  for (const shape of shapes) {
    for (const size of sizes) {
      const from = join(ROOT, 'bench/corpus/shapes', shape, String(size));
      const to = join(ROOT, 'bench/corpus/shapes-json', shape, String(size));
      let names;
      try {
        names = readdirSync(from).filter((n) => /\.ya?ml$/.test(n)).sort();
      } catch {
        throw new Error(`${from} is missing: run node bench/corpus-gen/shapes.mjs first`);
      }
      rmSync(to, { recursive: true, force: true });
      mkdirSync(to, { recursive: true });
      for (const [k, name] of names.entries()) {
        const values = await documentsOf(readFileSync(join(from, name), 'utf8'), name);
        for (const [file, text] of twinFiles(name, values, k)) writeFileSync(join(to, file), text);
      }
      written.push(to);
    }
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const opts = { shapes: ['plain'], sizes: [1000] };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const items = () => (argv[++i] ?? '').split(',').filter(Boolean);
    if (argv[i] === '--shapes') opts.shapes = items();
    else if (argv[i] === '--sizes') opts.sizes = items().map(Number);
    else {
      console.error(`json-twins: unknown option ${argv[i]} (use --shapes, --sizes)`);
      process.exit(2);
    }
  }
  try {
    for (const dir of await writeJsonTwins(opts.shapes, opts.sizes)) console.log(`json-twins: wrote ${dir}`);
  } catch (error) {
    console.error(`json-twins: ${error.message}`);
    process.exit(2);
  }
}
