#!/usr/bin/env node
// Inputs that defeat a resource count as the bound of one Rego evaluation: one namespace of fewer
// than 600 resources (DEFAULT_CHUNKING.split, rego.ts), so it is evaluated whole, whose objects are
// large or carry many findings each. Shapes (all this script's own, deterministic):
//   wide-<n>x<c>   n Deployments of c bare containers each (ports, env; no limits, probes, security)
//   env-<n>x<e>    n Deployments of one container with e env entries and e ports
// Times two builds on each, alternating run by run, `--preset all` by default:
//
//   flock /tmp/kubelint-bench.lock node bench/cli/heavy-namespace.mjs --a /tmp/r13-base [--b .]
//       [--inputs wide-300x20,wide-599x5,env-599x40] [--runs 3] [--presets all,default]
//
// Files go to the git-ignored bench/corpus/heavy-namespace/<input>/deployments.yaml. Prints medians
// of wall, CPU and peak RSS per build, B ÷ A, and whether the last reports were byte-identical.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertGnuTime, measureOnce, summarize } from './measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const USAGE = 'usage: heavy-namespace.mjs --a <built tree> [--b <built tree>] [--inputs wide-300x20,...] [--runs 3] [--presets all,default]';

function parseArgs(argv) {
  const opts = { a: undefined, b: ROOT, inputs: ['wide-300x20', 'wide-599x5', 'env-599x40'], runs: 3, presets: ['all'] };
  for (let i = 0; i < argv.length; i++) {
    const v = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value\n${USAGE}`);
      return argv[++i];
    };
    if (argv[i] === '--a') opts.a = resolve(v());
    else if (argv[i] === '--b') opts.b = resolve(v());
    else if (argv[i] === '--inputs') opts.inputs = v().split(',');
    else if (argv[i] === '--runs') opts.runs = Number(v());
    else if (argv[i] === '--presets') opts.presets = v().split(',');
    else if (argv[i] === '--help') {
      console.log(USAGE);
      process.exit(0);
    } else throw new Error(`unknown option ${argv[i]}\n${USAGE}`);
  }
  if (!opts.a) throw new Error(`--a <tree with a built kubelint> is required\n${USAGE}`);
  for (const tree of [opts.a, opts.b]) if (!existsSync(join(tree, 'bin/kubelint.js'))) throw new Error(`${tree} has no bin/kubelint.js`);
  for (const input of opts.inputs) parseInput(input);
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error(`--runs takes a positive whole number\n${USAGE}`);
  for (const p of opts.presets) if (!['default', 'all'].includes(p)) throw new Error(`--presets takes default and/or all, not ${p}`);
  return opts;
}

/** `wide-300x20` -> { kind: 'wide', n: 300, m: 20 }; anything else is an error. */
export function parseInput(name) {
  const match = /^(wide|env)-(\d+)x(\d+)$/.exec(name);
  if (!match || Number(match[2]) < 1 || Number(match[3]) < 1) throw new Error(`--inputs takes wide-<n>x<containers> or env-<n>x<entries>, not ${name}`);
  return { kind: match[1], n: Number(match[2]), m: Number(match[3]) };
}

function container(i, c, env, ports) {
  const lines = [`      - name: c${c}`, `        image: registry.example/svc-${i}-c${c}:${(i + c) % 5 === 0 ? 'latest' : `1.${c % 10}`}`];
  if (ports > 0) {
    lines.push('        ports:');
    for (let p = 0; p < ports; p++) lines.push(`        - {name: p${p}, containerPort: ${8000 + c * 50 + p}}`);
  }
  if (env > 0) {
    lines.push('        env:');
    for (let e = 0; e < env; e++) lines.push(`        - {name: VAR_${e}, value: "v-${i}-${e}"}`);
  }
  return lines.join('\n');
}

/** The input's YAML: one namespace `team`, one document per Deployment. */
export function heavyDeployments(name) {
  const { kind, n, m } = parseInput(name);
  const docs = [];
  for (let i = 0; i < n; i++) {
    const containers = kind === 'wide'
      ? Array.from({ length: m }, (_, c) => container(i, c, 2, 2))
      : [container(i, 0, m, m)];
    docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: svc-${i}
  namespace: team
  labels: {app: svc-${i}}
spec:
  replicas: ${1 + (i % 3)}
  selector: {matchLabels: {app: svc-${i}}}
  template:
    metadata: {labels: {app: svc-${i}}}
    spec:
      containers:
${containers.join('\n')}
`);
  }
  return docs.join('---\n');
}

function corpusFile(name) {
  const file = join(ROOT, 'bench/corpus/heavy-namespace', name, 'deployments.yaml');
  const text = heavyDeployments(name);
  if (!existsSync(file) || readFileSync(file, 'utf8') !== text) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return file;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertGnuTime();
  const out = join(ROOT, 'bench/results/heavy-namespace');
  mkdirSync(out, { recursive: true });
  const fmt = (x) => x.toFixed(2);
  console.log(`A = ${opts.a}, B = ${opts.b}; ${opts.runs} alternating runs each after a warm-up; uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
  console.log('| input | preset | A wall s | B wall s | A CPU s | B CPU s | B÷A CPU | A RSS MiB | B RSS MiB | reports |');
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const name of opts.inputs) {
    const file = corpusFile(name);
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
      console.log(`| ${name} | ${preset} | ${fmt(a.wall)} | ${fmt(b.wall)} | ${fmt(a.cpu)} | ${fmt(b.cpu)} | ${fmt(b.cpu / a.cpu)}× | ${a.rssMiB.toFixed(0)} | ${b.rssMiB.toFixed(0)} | ${same ? 'identical' : 'DIFFER'} |`);
    }
  }
  console.log(`uptime after: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`heavy-namespace: ${error.message}`);
    process.exit(2);
  }
}
