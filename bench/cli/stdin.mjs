#!/usr/bin/env node
// A/B of two kubelint builds on input piped through stdin, as CI runs it
// (`helm template … | kubelint -`): every file of a corpus shape, concatenated in name order, is
// written into a pipe on the build's standard input. The builds alternate run by run:
//
//   flock /tmp/kubelint-bench.lock node bench/cli/stdin.mjs --a /tmp/r8-base [--b .]
//       [--shapes plain,inline,helm] [--sizes 1000,10000] [--runs 5] [--files]
//
// --files also runs build B on the same shape folder as files (`kubelint <dir>`), alternating
// with the stdin runs: what the stdin path should cost next to the file path.
//
// Each run: `node <build>/bin/kubelint.js - --no-config --format json` timed by bench/cli/rusage.py, in a
// folder holding no chart or kustomization. Prints medians of wall, CPU (user+sys) and peak RSS
// per build, B ÷ A, and whether the two builds' reports of the last runs were byte-identical.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shapeDir, shapeIsCurrent, writeShape } from '../corpus-gen/shapes.mjs';
import { assertTimer, measureOnce, summarize } from './measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(ROOT, 'bench/corpus/shapes');

function parseArgs(argv) {
  const opts = { a: undefined, b: ROOT, shapes: ['plain', 'inline', 'helm'], sizes: [1000, 10000], runs: 5, files: false };
  for (let i = 0; i < argv.length; i++) {
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    if (argv[i] === '--a') opts.a = resolve(v());
    else if (argv[i] === '--b') opts.b = resolve(v());
    else if (argv[i] === '--shapes') opts.shapes = v().split(',');
    else if (argv[i] === '--sizes') opts.sizes = v().split(',').map(Number);
    else if (argv[i] === '--runs') opts.runs = Number(v());
    else if (argv[i] === '--files') opts.files = true;
    else throw new Error(`unknown option ${argv[i]} (use --a, --b, --shapes, --sizes, --runs, --files)`);
  }
  if (!opts.a) throw new Error('--a <tree with a built kubelint> is required');
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs is a whole number from 1');
  if (opts.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error('--sizes are whole numbers');
  return opts;
}

/** The shape's files as one stream, in name order (each file starts with `---` and ends in a line break). */
function streamOf(dir) {
  const names = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  return Buffer.concat(names.map((f) => readFileSync(join(dir, f))));
}

const opts = parseArgs(process.argv.slice(2));
assertTimer();
const out = join(ROOT, 'bench/results/stdin');
mkdirSync(out, { recursive: true });
// Piped input is mapped to charts and kustomizations found below the cwd: run where there are none.
const cwd = mkdtempSync(join(tmpdir(), 'kubelint-stdin-'));
const fmt = (n) => n.toFixed(2);
const kubelint = (tree) => join(tree, 'bin/kubelint.js');
const FLAGS = ['--no-config', '--format', 'json'];
console.log(`A = ${opts.a}, B = ${opts.b}; stdin through a pipe; ${opts.runs} alternating runs each after a warm-up; uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log('| shape | size | MiB in | A wall s | B wall s | A CPU s | B CPU s | B÷A CPU | A RSS MiB | B RSS MiB |' + (opts.files ? ' B files: wall s, CPU s, RSS MiB |' : '') + ' reports |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|' + (opts.files ? '---|' : '') + '---|');
try {
  for (const size of opts.sizes) {
    for (const shape of opts.shapes) {
      if (!shapeIsCurrent(CORPUS, shape, size)) writeShape(shape, size, { out: CORPUS });
      const dir = shapeDir(CORPUS, shape, size);
      const input = streamOf(dir);
      const sides = { a: [], b: [], files: [] };
      for (let round = -1; round < opts.runs; round++) {
        for (const side of ['a', 'b']) {
          const r = measureOnce(process.execPath, [kubelint(opts[side]), '-', ...FLAGS], { cwd, stdoutFile: join(out, `${side}.json`), input });
          // Exit 2 with a report is a finding of the input (duplicates across concatenated overlays); no report is a failure.
          if (r.exitCode > 2 || statSync(join(out, `${side}.json`)).size === 0) throw new Error(`${side} on ${shape} ${size}: exit ${r.exitCode}, no report: ${r.stderr.slice(0, 500)}`);
          if (round >= 0) sides[side].push(r);
        }
        if (opts.files) {
          const r = measureOnce(process.execPath, [kubelint(opts.b), dir, ...FLAGS], { cwd: ROOT, stdoutFile: join(out, 'files.json') });
          if (round >= 0) sides.files.push(r);
        }
      }
      const same = readFileSync(join(out, 'a.json')).equals(readFileSync(join(out, 'b.json')));
      const [a, b] = [summarize(sides.a), summarize(sides.b)];
      const files = opts.files ? summarize(sides.files) : undefined;
      const filesCell = files ? ` ${fmt(files.wall)}, ${fmt(files.cpu)}, ${files.rssMiB.toFixed(0)} |` : '';
      console.log(`| ${shape} | ${size} | ${(input.length / 1048576).toFixed(1)} | ${fmt(a.wall)} | ${fmt(b.wall)} | ${fmt(a.cpu)} | ${fmt(b.cpu)} | ${fmt(b.cpu / a.cpu)}× | ${a.rssMiB.toFixed(0)} | ${b.rssMiB.toFixed(0)} |${filesCell} ${same ? 'identical' : 'DIFFER'} (exit ${[...new Set([...a.exitCodes, ...b.exitCodes])].join('/')}) |`);
    }
  }
} finally {
  rmSync(cwd, { recursive: true, force: true });
}
console.log(`uptime after: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
