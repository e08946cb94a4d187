#!/usr/bin/env node
// In-process micro-benchmark of the YAML parse step: `parseManifestText` + `identifyResources`
// over every file of the corpus shapes, read into memory first, so only parsing is timed (no
// start-up, Rego, schema or report). Two built trees alternate pass by pass in one process, so
// load drift on a shared machine falls on both alike:
//
//   node --expose-gc bench/cli/parse-bench.mjs --a /tmp/kubelint-base [--b .] [--shapes plain,crd]
//       [--size 1000] [--rounds 7]
//
// Each pass also reads every manifest's directive comments, as the suppressor does for every run
// (a document holding a `kubelint-` marker may cost more there than its parse).
//
// Prints per shape the median CPU ms (user+sys) of one pass per build, MB/s, B ÷ A, and whether
// both builds gave the same values, lines, indexes, directive comments and problems for every file.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { execFileSync } from 'node:child_process';
import { SHAPES, shapeDir, shapeIsCurrent, writeShape } from '../corpus-gen/shapes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(ROOT, 'bench/corpus/shapes');

function parseArgs(argv) {
  const opts = { a: undefined, b: ROOT, shapes: SHAPES, size: 1000, rounds: 7 };
  for (let i = 0; i < argv.length; i++) {
    const v = () => argv[++i];
    if (argv[i] === '--a') opts.a = resolve(v());
    else if (argv[i] === '--b') opts.b = resolve(v());
    else if (argv[i] === '--shapes') opts.shapes = v().split(',');
    else if (argv[i] === '--size') opts.size = Number(v());
    else if (argv[i] === '--rounds') opts.rounds = Number(v());
    else throw new Error(`unknown option ${argv[i]} (use --a, --b, --shapes, --size, --rounds)`);
  }
  return opts;
}

async function load(tree) {
  const yaml = await import(pathToFileURL(join(tree, 'dist/load/yaml.js')).href);
  const resources = await import(pathToFileURL(join(tree, 'dist/load/resources.js')).href);
  return { parse: yaml.parseManifestText, identify: resources.identifyResources };
}

function filesOf(dir) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => ({ name: f, text: readFileSync(join(dir, f), 'utf8') }));
}

/** One pass over a shape's files; returns CPU ms and a digest of what was parsed. */
function pass(build, files, keep) {
  globalThis.gc?.();
  const out = keep ? [] : undefined;
  const before = process.cpuUsage();
  for (const { name, text } of files) {
    const parsed = build.parse(text, { kind: 'file', name });
    const identified = build.identify(parsed.manifests);
    let directives = 0;
    for (const m of parsed.manifests) directives += m.comments.size;
    if (out) {
      out.push(JSON.stringify({
        manifests: parsed.manifests.map((m) => [m.index, m.lines, m.value, [...m.comments]]),
        problems: parsed.problems,
        resources: identified.resources.length,
        notObjects: identified.problems.map((p) => p.message),
      }));
    }
  }
  const used = process.cpuUsage(before);
  return { ms: (used.user + used.system) / 1000, digest: out };
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

const opts = parseArgs(process.argv.slice(2));
const builds = { b: await load(opts.b) };
if (opts.a) builds.a = await load(opts.a);
const sides = opts.a ? ['a', 'b'] : ['b'];
console.log(`A = ${opts.a ?? '-'}, B = ${opts.b}; size ${opts.size}, ${opts.rounds} alternating passes after a warm-up; gc ${globalThis.gc ? 'forced before each pass' : 'not forced (run with --expose-gc)'}`);
console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log(`| shape | MB | ${sides.map((s) => `${s.toUpperCase()} CPU ms | ${s.toUpperCase()} MB/s`).join(' | ')} |${opts.a ? ' B÷A | same values |' : ''}`);
console.log(`|---|---:|${sides.map(() => '---:|---:').join('|')}|${opts.a ? '---:|---|' : ''}`);
for (const shape of opts.shapes) {
  if (!shapeIsCurrent(CORPUS, shape, opts.size)) writeShape(shape, opts.size, { out: CORPUS });
  const files = filesOf(shapeDir(CORPUS, shape, opts.size));
  const mb = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0) / 1e6;
  const digests = {};
  for (const side of sides) digests[side] = pass(builds[side], files, true).digest; // warm-up and check
  const same = opts.a ? digests.a.every((d, i) => d === digests.b[i]) : undefined;
  const ms = { a: [], b: [] };
  for (let round = 0; round < opts.rounds; round++) {
    for (const side of round % 2 ? [...sides].reverse() : sides) ms[side].push(pass(builds[side], files, false).ms);
  }
  const cells = sides.map((s) => `${median(ms[s]).toFixed(0)} | ${(mb / (median(ms[s]) / 1000)).toFixed(1)}`);
  const ratio = opts.a ? ` ${(median(ms.b) / median(ms.a)).toFixed(2)}× | ${same ? 'yes' : '**NO**'} |` : '';
  console.log(`| ${shape} | ${mb.toFixed(1)} | ${cells.join(' | ')} |${ratio}`);
}
