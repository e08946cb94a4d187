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
import { parseArgs } from 'node:util';
import { assertTimer, measureOnce, summarize } from './measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const USAGE = 'usage: heavy-namespace.mjs --a <built tree> [--b <built tree>] [--inputs wide-300x20,...] [--runs 3] [--presets all,default]';

function options(argv) {
  const { values } = parseArgs({
    args: argv,
    options: { a: { type: 'string' }, b: { type: 'string' }, inputs: { type: 'string' }, runs: { type: 'string' }, presets: { type: 'string' }, help: { type: 'boolean' } },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  if (!values.a) throw new Error(`--a <tree with a built kubelint> is required\n${USAGE}`);
  const opts = {
    a: resolve(values.a),
    b: resolve(values.b ?? ROOT),
    inputs: (values.inputs ?? 'wide-300x20,wide-599x5,env-599x40').split(','),
    runs: Number(values.runs ?? 3),
    presets: (values.presets ?? 'all').split(','),
  };
  const built = [opts.a, opts.b].find((tree) => !existsSync(join(tree, 'bin/kubelint.js')));
  if (built) throw new Error(`${built} has no bin/kubelint.js`);
  opts.inputs.forEach(parseInput);
  if (!(Number.isInteger(opts.runs) && opts.runs >= 1)) throw new Error(`--runs takes a positive whole number\n${USAGE}`);
  const preset = opts.presets.find((p) => p !== 'default' && p !== 'all');
  if (preset) throw new Error(`--presets takes default and/or all, not ${preset}`);
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
metadata: {name: svc-${i}, namespace: team, labels: {app: svc-${i}}}
spec:
  template:
    metadata: {labels: {app: svc-${i}}}
    spec:
      containers:
${containers.join('\n')}
  selector: {matchLabels: {app: svc-${i}}}
  replicas: ${1 + (i % 3)}
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

/** Both builds on one file, alternating after a warm-up each: their medians and whether the last reports match. */
function alternate(file, preset, opts, out) {
  const argv = (tree) => [join(tree, 'bin/kubelint.js'), file, '--no-config', '--format', 'json'].concat(preset === 'all' ? ['--preset', 'all'] : []);
  const sides = { a: [], b: [] };
  for (let round = 0; round <= opts.runs; round++) {
    for (const side of Object.keys(sides)) {
      const run = measureOnce(process.execPath, argv(opts[side]), { cwd: ROOT, stdoutFile: join(out, `${side}.json`) });
      if (![0, 1].includes(run.exitCode)) throw new Error(`${opts[side]} exited ${run.exitCode} on ${file}: ${run.stderr}`);
      if (round > 0) sides[side].push(run); // round 0 warms the page cache and the code caches
    }
  }
  return { a: summarize(sides.a), b: summarize(sides.b), same: readFileSync(join(out, 'a.json')).equals(readFileSync(join(out, 'b.json'))) };
}

function main() {
  const opts = options(process.argv.slice(2));
  assertTimer();
  const out = join(ROOT, 'bench/results/heavy-namespace');
  mkdirSync(out, { recursive: true });
  const load = () => execFileSync('uptime', { encoding: 'utf8' }).trim();
  const s2 = (x) => x.toFixed(2);
  console.log(`A = ${opts.a}, B = ${opts.b}; ${opts.runs} alternating runs each after a warm-up; uptime: ${load()}`);
  const header = ['input', 'preset', 'A wall s', 'B wall s', 'A CPU s', 'B CPU s', 'B÷A CPU', 'A RSS MiB', 'B RSS MiB', 'reports'];
  console.log(`| ${header.join(' | ')} |\n|${header.map((h, i) => (i < 2 || i === 9 ? '---' : '---:')).join('|')}|`);
  for (const name of opts.inputs) {
    for (const preset of opts.presets) {
      const { a, b, same } = alternate(corpusFile(name), preset, opts, out);
      const cells = [name, preset, s2(a.wall), s2(b.wall), s2(a.cpu), s2(b.cpu), `${s2(b.cpu / a.cpu)}×`, a.rssMiB.toFixed(0), b.rssMiB.toFixed(0), same ? 'identical' : 'DIFFER'];
      console.log(`| ${cells.join(' | ')} |`);
    }
  }
  console.log(`uptime after: ${load()}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`heavy-namespace: ${error.message}`);
    process.exit(2);
  }
}
