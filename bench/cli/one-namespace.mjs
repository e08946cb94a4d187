#!/usr/bin/env node
// One large namespace of bare workloads, one file: the case where one Rego evaluation's wasm heap
// grows far past WasmEvaluator's pre-grown size (round 11, "Lead: `--preset all` on one large
// namespace"). Writes N Deployments (no securityContext, limits, probes: many findings each) into
// one namespace, then times two builds on it, alternating run by run, with the default preset and
// with `--preset all`:
//
//   flock /tmp/kubelint-bench.lock node bench/cli/one-namespace.mjs --a /tmp/r12-base [--b .]
//       [--sizes 750,900,999] [--runs 3] [--presets default,all]
//
// The input is this script's own (deterministic, no third-party files), written to the git-ignored
// bench/corpus/one-namespace/<n>/deployments.yaml. Each run: `node <build>/bin/kubelint.js <file>
// --no-config --format json [--preset all]` timed by bench/cli/rusage.py; prints medians of wall, CPU and
// peak RSS per build, B ÷ A, and whether the last reports of both builds were byte-identical.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertTimer, measureOnce, summarize } from './measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const USAGE = 'usage: one-namespace.mjs --a <built tree> [--b <built tree>] [--sizes 750,900,999] [--runs 3] [--presets default,all]';

function parseArgs(argv) {
  const opts = { a: undefined, b: ROOT, sizes: [750, 900, 999], runs: 3, presets: ['default', 'all'] };
  for (let i = 0; i < argv.length; i++) {
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value\n${USAGE}`);
      return argv[++i];
    };
    if (argv[i] === '--a') opts.a = resolve(v());
    else if (argv[i] === '--b') opts.b = resolve(v());
    else if (argv[i] === '--sizes') opts.sizes = v().split(',').map(Number);
    else if (argv[i] === '--runs') opts.runs = Number(v());
    else if (argv[i] === '--presets') opts.presets = v().split(',');
    else if (argv[i] === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  if (!opts.a) throw new Error(`--a <tree with a built kubelint> is required\n${USAGE}`);
  for (const tree of [opts.a, opts.b]) if (!existsSync(join(tree, 'bin/kubelint.js'))) throw new Error(`${tree} has no bin/kubelint.js`);
  if (opts.sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes positive whole numbers\n${USAGE}`);
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`--runs takes a positive whole number\n${USAGE}`);
  for (const p of opts.presets) if (!['default', 'all'].includes(p)) throw new Error(`--presets takes default and/or all, not ${p}`);
  return opts;
}

/** `n` bare Deployments in namespace `team`: what a repository linted for the first time holds. */
export function deployments(n) {
  const docs = [];
  for (let i = 0; i < n; i++) {
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
  namespace: team
  labels: {app: svc-${i}, tier: ${['web', 'api', 'worker'][i % 3]}}
spec:
  replicas: ${1 + (i % 3)}
  selector: {matchLabels: {app: svc-${i}}}
  template:
    metadata: {labels: {app: svc-${i}}}
    spec:
      containers:
      - name: main
        image: registry.example/svc-${i}:${i % 5 === 0 ? 'latest' : `1.${i % 10}`}
`);
  }
  return docs.join('---\n');
}

function corpusFile(n) {
  const file = join(ROOT, 'bench/corpus/one-namespace', String(n), 'deployments.yaml');
  const text = deployments(n);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return file;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertTimer();
  const out = join(ROOT, 'bench/results/one-namespace');
  mkdirSync(out, { recursive: true });
  const fmt = (x) => x.toFixed(2);
  console.log(`A = ${opts.a}, B = ${opts.b}; ${opts.runs} alternating runs each after a warm-up; uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  console.log('| Deployments | preset | A wall s | B wall s | A CPU s | B CPU s | B÷A CPU | A RSS MiB | B RSS MiB | reports |');
  console.log('|---:|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const n of opts.sizes) {
    const file = corpusFile(n);
    for (const preset of opts.presets) {
      const args = (tree) => [join(tree, 'bin/kubelint.js'), file, '--no-config', '--format', 'json', ...(preset === 'all' ? ['--preset', 'all'] : [])];
      const runs = { a: [], b: [] };
      for (let round = -1; round < opts.runs; round++) {
        for (const side of ['a', 'b']) {
          const r = measureOnce(process.execPath, args(opts[side]), { cwd: ROOT, stdoutFile: join(out, `${side}.json`) });
          if (r.exitCode !== 0 && r.exitCode !== 1) throw new Error(`${opts[side]} exited ${r.exitCode} on ${file}: ${r.stderr}`);
          if (round >= 0) runs[side].push(r);
        }
      }
      const same = readFileSync(join(out, 'a.json')).equals(readFileSync(join(out, 'b.json')));
      const a = summarize(runs.a);
      const b = summarize(runs.b);
      console.log(`| ${n} | ${preset} | ${fmt(a.wall)} | ${fmt(b.wall)} | ${fmt(a.cpu)} | ${fmt(b.cpu)} | ${fmt(b.cpu / a.cpu)}× | ${a.rssMiB.toFixed(0)} | ${b.rssMiB.toFixed(0)} | ${same ? 'identical' : 'DIFFER'} |`);
    }
  }
  console.log(`uptime after: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`one-namespace: ${error.message}`);
    process.exit(2);
  }
}
