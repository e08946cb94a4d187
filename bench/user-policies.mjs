#!/usr/bin/env node
// Users' policies benchmark (issue #18): 1,000 generated resources linted
//   A  with the built-in rules only,
//   B  plus a 5-rule user bundle (prebuilt: `kubelint policy build`),
//   C  plus the same 5 rules as a Rego folder, compile cache warm (opa must not run: counted),
//   D  the same folder with an empty cache (the one-time compile with opa),
// as fresh processes timed by bench/cli/rusage.py (median of --runs), then in-process the evaluation cost of
// the 5 user rules against 5 comparable built-in rules on the same batch.
//
//   node bench/user-policies.mjs [--runs 5] [--size 1000]      (after `npm run build`)
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertTimer, measureOnce, summarize } from './cli/measure.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i === -1 ? fallback : Number(args[i + 1]);
};
const RUNS = flag('--runs', 5);
const SIZE = flag('--size', 1000);
const BIN = join(ROOT, 'bin', 'kubelint.js');
const OPA = join(ROOT, '.tools', 'bin', 'opa');
const POLICIES = join(ROOT, 'bench', 'user-policies');
const USER_RULES = ['bench-team-label', 'bench-registry', 'bench-latest-tag', 'bench-liveness', 'bench-non-root'];
const BUILTIN_RULES = ['image-tag-pinned', 'liveness-probe', 'readiness-probe', 'run-as-non-root', 'resource-requests'];

assertTimer();
const corpus = join(ROOT, 'bench', 'corpus', String(SIZE));
if (!existsSync(corpus)) execFileSync(process.execPath, [join(ROOT, 'bench', 'corpus.mjs'), '--sizes', String(SIZE), '--no-chart'], { stdio: 'inherit' });

const scratch = mkdtempSync(join(tmpdir(), 'kubelint-user-bench-'));
const cache = join(scratch, 'cache');
const log = join(scratch, 'opa-calls.log');
const countingOpa = join(scratch, 'opa');
writeFileSync(countingOpa, `#!/bin/sh\necho "$1" >> '${log}'\nexec '${OPA}' "$@"\n`);
chmodSync(countingOpa, 0o755);
const opaCalls = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean).length : 0);
const env = { KUBELINT_CACHE_DIR: cache, KUBELINT_OPA: countingOpa };

const bundle = join(scratch, 'bundle.tar.gz');
execFileSync(process.execPath, [BIN, 'policy', 'build', '--no-config', POLICIES, '-o', bundle], { env: { ...process.env, ...env }, stdio: 'inherit' });

// The same 5 rules as the built-in ones, as user rules: each built-in file with its package and id renamed.
const copies = join(scratch, 'copies');
mkdirSync(copies);
for (const id of BUILTIN_RULES) {
  const pkg = id.replaceAll('-', '_');
  const text = readFileSync(join(ROOT, 'policies', 'rules', `${pkg}.rego`), 'utf8')
    .replace(`package kubelint.rules.${pkg}`, `package bench_copy.${pkg}`)
    .replace(`id: ${id}`, `id: copy-${id}`);
  writeFileSync(join(copies, `${pkg}.rego`), text);
}
const copyBundle = join(scratch, 'copies.tar.gz');
execFileSync(process.execPath, [BIN, 'policy', 'build', '--no-config', copies, '-o', copyBundle], { env: { ...process.env, ...env }, stdio: 'inherit' });
const COPY_RULES = BUILTIN_RULES.map((id) => `copy-${id}`);

function series(label, extra, { before } = {}) {
  const runs = [];
  // One warm-up run (page cache, compile cache), then the measured ones.
  for (let i = 0; i <= RUNS; i++) {
    before?.();
    const run = measureOnce(process.execPath, [BIN, '--no-config', '-f', 'json', ...extra, corpus], { cwd: ROOT, stdoutFile: join(scratch, 'out.json'), env });
    if (i > 0) runs.push(run);
  }
  const findings = JSON.parse(readFileSync(join(scratch, 'out.json'), 'utf8')).findings;
  return { label, ...summarize(runs), userFindings: findings.filter((f) => USER_RULES.includes(f.ruleId) || COPY_RULES.includes(f.ruleId)).length, findings: findings.length };
}

const results = [];
results.push(series('A built-in rules only', []));
results.push(series('B + 5-rule user bundle (prebuilt)', ['--policy', bundle]));
results.push(series('E + 5 built-in rules copied as a user bundle', ['--policy', copyBundle]));
// `policy build` above compiled the folder into the cache: no run of C may call opa.
const callsBefore = opaCalls();
results.push(series('C + 5 rules as a Rego folder, cache warm', ['--policy', POLICIES]));
const warmSeriesOpaCalls = opaCalls() - callsBefore;
const D = series('D + the folder, empty cache (compiles)', ['--policy', POLICIES], { before: () => rmSync(cache, { recursive: true, force: true }) });
results.push(D);

// D's runs each compiled; one more run after them finds the cache warm again.
const c0 = opaCalls();
measureOnce(process.execPath, [BIN, '--no-config', '--policy', POLICIES, corpus], { cwd: ROOT, stdoutFile: join(scratch, 'out2.json'), env });
const warmRunOpaCalls = opaCalls() - c0;
const coldRunOpaCalls = (c0 - callsBefore - warmSeriesOpaCalls) / (RUNS + 1);

// In-process: the same batch, only 5 user rules on vs only 5 built-in rules on.
const { resolveConfig } = await import(join(ROOT, 'dist', 'config', 'load.js'));
const { linterFor } = await import(join(ROOT, 'dist', 'engine', 'checks.js'));
const { loadInputs } = await import(join(ROOT, 'dist', 'load', 'index.js'));
const { identifyResources } = await import(join(ROOT, 'dist', 'load', 'resources.js'));
process.env.KUBELINT_CACHE_DIR = cache;
process.env.KUBELINT_OPA = countingOpa;
const base = await resolveConfig({ cwd: ROOT, configFile: false });
const config = { ...base, policies: [bundle, copyBundle] };
const linter = await linterFor(config, { cwd: ROOT });
const loaded = await loadInputs([corpus], config, { cwd: ROOT });
const batch = identifyResources(loaded.manifests).resources;
const only = (ids) => ({ ...config, rules: Object.fromEntries([...linter.rules.keys()].map((id) => [id, { severity: ids.includes(id) ? 'error' : 'off' }])) });
function perLint(ids) {
  const cfg = only(ids);
  linter.lint(batch, [], cfg); // warm
  const times = [];
  let count = 0;
  for (let i = 0; i < 15; i++) {
    const t = performance.now();
    count = linter.lint(batch, [], cfg).length;
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { ms: times[7], findings: count };
}
const inProcess = { resources: batch.length, user: perLint(USER_RULES), copies: perLint(COPY_RULES), builtin: perLint(BUILTIN_RULES), none: perLint([]) };

const f = (n) => n.toFixed(2);
console.log(`\nnode ${process.version}, ${SIZE} resources (bench/corpus/${SIZE}), median of ${RUNS} fresh processes after one warm-up\n`);
console.log('| run | wall s | CPU s | RSS MiB | user-rule findings | all findings |');
console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
for (const r of results) console.log(`| ${r.label} | ${f(r.wall)} (${f(r.wallMin)}–${f(r.wallMax)}) | ${f(r.cpu)} | ${r.rssMiB.toFixed(0)} | ${r.userFindings} | ${r.findings} |`);
console.log(`\nopa invocations: C (warm cache, ${RUNS + 1} runs) ${warmSeriesOpaCalls}; D (empty cache) ${coldRunOpaCalls} per run; a warm run after D ${warmRunOpaCalls}`);
console.log(`\nin-process linter.lint over the same ${inProcess.resources} resources (median of 15):`);
console.log(`  5 user rules only:     ${f(inProcess.user.ms)} ms (${inProcess.user.findings} findings)`);
console.log(`  the same 5 built-in rules as user rules: ${f(inProcess.copies.ms)} ms (${inProcess.copies.findings} findings)`);
console.log(`  5 built-in rules only: ${f(inProcess.builtin.ms)} ms (${inProcess.builtin.findings} findings) [${BUILTIN_RULES.join(', ')}]`);
console.log(`  no rule on:            ${f(inProcess.none.ms)} ms`);
rmSync(scratch, { recursive: true, force: true });
if (warmRunOpaCalls !== 0 || warmSeriesOpaCalls !== 0) {
  console.error('FAIL: a run with a warm compile cache invoked opa');
  process.exit(1);
}
