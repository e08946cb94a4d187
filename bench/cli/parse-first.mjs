#!/usr/bin/env node
// The first pass of the parse, in fresh processes: what a first run (empty cache folder) pays to
// read and parse a folder's files while V8 still runs the parser unoptimised. Two built trees
// alternate process by process, so load drift falls on both alike:
//
//   flock /tmp/kubelint-bench.lock node bench/cli/parse-first.mjs --a /tmp/r14-base [--b .]
//       [--shapes plain,inline,kustomize,helm] [--size 1000] [--runs 15]
//
// Each child imports the tree's dist/load (read.js, yaml.js), reads every file's bytes into memory,
// then times one pass as a first run makes it (decodeManifestBytes, then parseManifestText without
// a document cache, file by file), then a second pass over the same bytes and, up to a sixth, more (the sixth stands for the
// optimised parser). The whole-process CPU (process.cpuUsage: V8's compiler threads included), the
// main thread's alone (Linux schedstat) and the wall of each pass are printed as medians per build, with B ÷ A, and whether both builds
// gave the same values and document lines for every file.
import { spawnSync, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const SELF = fileURLToPath(import.meta.url);
/** The pass whose CPU stands for the optimised parser's (r13first: the sixth pass is 20-22 ms on plain 1,000, as later ones). */
const LAST_PASS = 6;
const ROOT = resolve(dirname(SELF), '..', '..');

async function child(tree, dir) {
  const read = await import(pathToFileURL(join(tree, 'dist/load/read.js')).href);
  const yaml = await import(pathToFileURL(join(tree, 'dist/load/yaml.js')).href);
  const files = readdirSync(dir).sort().map((name) => ({ name, bytes: readFileSync(join(dir, name)) }));
  // The main thread's own CPU (Linux: ns in /proc/thread-self/schedstat), apart from V8's compiler threads.
  const mainNs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  const pass = () => {
    const cpu = process.cpuUsage();
    const main = mainNs();
    const start = process.hrtime.bigint();
    const parsed = [];
    for (const { name, bytes } of files) {
      const text = read.decodeManifestBytes(bytes);
      parsed.push('error' in text ? text : yaml.parseManifestText(text.text, { kind: 'file', name }));
    }
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    const mainMs = (mainNs() - main) / 1e6;
    const used = process.cpuUsage(cpu);
    return { wall, cpu: (used.user + used.system) / 1000, main: mainMs, parsed };
  };
  const first = pass();
  const second = pass();
  let last = second;
  for (let i = 2; i < LAST_PASS; i++) last = pass();
  // What the pass produced, hashed, so that the two builds can be compared.
  const hash = createHash('sha256');
  for (const p of first.parsed) {
    hash.update(JSON.stringify(p.error ?? [p.problems, p.manifests.map((m) => [m.index, m.lines, m.value])]));
  }
  process.stdout.write(JSON.stringify({ first: [first.wall, first.cpu, first.main], second: [second.wall, second.cpu, second.main], last: [last.wall, last.cpu, last.main], digest: hash.digest('hex') }));
}

function options(args) {
  const { values } = parseArgs({
    args,
    options: { a: { type: 'string' }, b: { type: 'string', default: ROOT }, shapes: { type: 'string', default: 'plain,inline,kustomize,helm' },
      size: { type: 'string', default: '1000' }, runs: { type: 'string', default: '15' } },
  });
  if (!values.a) throw new Error('--a <built tree> is required');
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  return { a: resolve(values.a), b: resolve(values.b), shapes: values.shapes.split(','), size: Number(values.size), runs };
}

const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

function main(opts) {
  const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
  console.log(`A = ${opts.a}, B = ${opts.b}; ${opts.runs} fresh processes each, alternating; uptime: ${uptime()}`);
  console.log('| shape | size | A first wall ms | B first wall ms | A first CPU ms | B first CPU ms | B÷A CPU | A main thread ms | B main thread ms | A second CPU ms | B second CPU ms | A sixth CPU ms | B sixth CPU ms | values |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const shape of opts.shapes) {
    const dir = join(ROOT, 'bench/corpus/shapes', shape, String(opts.size));
    const runs = { a: [], b: [] };
    for (let round = 0; round < opts.runs; round++) {
      // Which build goes first alternates too, so neither always follows the other.
      const order = round % 2 ? ['b', 'a'] : ['a', 'b'];
      for (const side of order) {
        const r = spawnSync(process.execPath, [SELF, '--child', opts[side], dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
        if (r.status !== 0) throw new Error(`child for ${side} failed (${r.status ?? r.signal}): ${r.stderr}`);
        runs[side].push(JSON.parse(r.stdout));
      }
    }
    const m = (side, pass, i) => median(runs[side].map((r) => r[pass][i]));
    const same = new Set([...runs.a, ...runs.b].map((r) => r.digest)).size === 1;
    const f = (n) => n.toFixed(1);
    console.log(`| ${shape} | ${opts.size} | ${f(m('a', 'first', 0))} | ${f(m('b', 'first', 0))} | ${f(m('a', 'first', 1))} | ${f(m('b', 'first', 1))} | ${(m('b', 'first', 1) / m('a', 'first', 1)).toFixed(2)}× | ${f(m('a', 'first', 2))} | ${f(m('b', 'first', 2))} | ${f(m('a', 'second', 1))} | ${f(m('b', 'second', 1))} | ${f(m('a', 'last', 1))} | ${f(m('b', 'last', 1))} | ${same ? 'same' : 'DIFFER'} |`);
  }
  console.log(`uptime after: ${uptime()}`);
}

const argv = process.argv.slice(2);
if (argv[0] === '--child') await child(resolve(argv[1]), argv[2]);
else main(options(argv));
