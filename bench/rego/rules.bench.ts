// Where the Rego evaluation's time goes, rule by rule, on a real corpus folder.
// The batch is loaded and chunked exactly as the CLI does (load → identify → buildInput →
// namespaceChunks); the chunks' JSON is made once, then only the wasm evaluation is timed, with
// `input.enabled` set per measurement (the generated entrypoint guards every rule by it, so a rule
// that is not enabled is not evaluated at all):
//   none       enabled = []: the hand-off alone (opa_json_parse of the input, an empty result)
//   all        every rule the default config enables (what a run pays)
//   alone      enabled = [rule]; its cost is alone − none (shared lib work, e.g. lib.workloads,
//              is charged to every rule that uses it)
//   without    enabled = all − [rule] (--loo); all − without is what dropping the rule saves
//              (lib work shared with another rule is not charged to it)
// Every figure is the minimum over --runs of the sum over chunks, in ms of the process's CPU
// (user + system: steadier than wall time on a shared machine), after one warm-up of `all`.
// Also printed: JSON.stringify + TextEncoder of the chunks (the JS side of the hand-off).
//   npx vite-node bench/rego/rules.bench.ts -- [folder] [--runs=3] [--loo] [--top=20] [--only=id,id]
//       [--repeat=id,id|all]  [--preset=all]  [--no-prune]  [--vs=<build dir>]   (the run's presets; default recommended)
//       [--build=<dir with policy.wasm and rules.json>]   (default build/policies)
// The folder defaults to bench/corpus/shapes/plain/1000 (node bench/corpus-gen/shapes.mjs).
import { readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { defaultConfig } from '../../src/config/defaults.js';
import { namespaceChunks, positional } from '../../src/engine/rego.js';
import { WasmEvaluator } from '../../src/policy/wasm-evaluator.js';
import { buildInput, InputParts } from '../../src/engine/rego-input.js';
import { readOptionDefaults } from '../../src/engine/rego-files.js';
import { loadInputs } from '../../src/load/index.js';
import { identifyResources } from '../../src/load/resources.js';
import type { RuleInfo } from '../../src/engine/check.js';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const folder = args.find((a) => !a.startsWith('--')) ?? 'bench/corpus/shapes/plain/1000';
const runs = Number(flag('runs', '3'));
const top = Number(flag('top', '20'));
const buildDir = resolve(flag('build', 'build/policies'));

const catalogue = JSON.parse(readFileSync(join(buildDir, 'rules.json'), 'utf8')) as { entrypoint: string; rules: RuleInfo[] };
// Loaded from inside the folder: bench/corpus is often a symlink, and a named folder whose real
// path leaves the current one is refused.
const cwd = realpathSync(folder);
const config = { ...defaultConfig(cwd), presets: flag('preset', 'recommended').split(',') };
const loaded = await loadInputs(['.'], config, { cwd });
const batch = loaded.batches.flatMap((b) => identifyResources(b.manifests).resources);
const defaults = readOptionDefaults();
// As src/engine/rego.ts builds it: objects cut to what the enabled rules read (--no-prune: whole).
const whole = buildInput(batch, catalogue.rules, defaults, { config }, new InputParts(catalogue.rules, defaults, !args.includes('--no-prune')));
const chunks = [...namespaceChunks(batch, whole.defaultNamespace, { from: 400, size: 400 })].map((members) =>
  members ? { ...whole, resources: positional(whole.resources, members) } : whole,
);

// The JS side of the hand-off: JSON.stringify + TextEncoder of every chunk (CPU, minimum of --runs).
let texts: string[] = [];
let encoded: Uint8Array[] = [];
let stringifyMs = Infinity;
for (let r = 0; r < Number(flag('runs', '3')); r++) {
  const t = process.cpuUsage();
  texts = chunks.map((c) => JSON.stringify({ ...c, enabled: '\u0000' }));
  encoded = texts.map((s) => new TextEncoder().encode(s));
  const used = process.cpuUsage(t);
  stringifyMs = Math.min(stringifyMs, (used.user + used.system) / 1000);
}
const inputBytes = encoded.reduce((n, e) => n + e.byteLength, 0);

// As the Rego check evaluates: one instance per build, grown in place (src/policy/wasm-evaluator.ts).
const instantiate = async (dir: string) => new WasmEvaluator(await WebAssembly.compile(readFileSync(join(dir, 'policy.wasm'))));
const policy = await instantiate(buildDir);

/** The chunks' input bytes with `enabled` set to the given rule ids. */
function inputsFor(enabled: readonly string[]): ArrayBuffer[] {
  return texts.map((s) => new TextEncoder().encode(s.replace('"\\u0000"', JSON.stringify(enabled))).buffer);
}

function cost(enabled: readonly string[], which = policy, reps = runs): { ms: number; findings: number } {
  const inputs = inputsFor(enabled);
  let best = Infinity;
  let findings = 0;
  for (let r = 0; r < reps; r++) {
    findings = 0;
    const start = process.cpuUsage();
    for (const input of inputs) {
      const out = which.evaluate(new Uint8Array(input), catalogue.entrypoint) as Array<{ result: unknown[] | Record<string, unknown[]> }>;
      const result = out[0]!.result; // {rule id: violations}; a list of findings before r11rego
      findings += Array.isArray(result) ? result.length : Object.values(result).flat().length;
    }
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return { ms: best, findings };
}

const all = whole.enabled;
// --repeat=<ids>: only evaluates those rules, --runs times (for `node --cpu-prof`, whose wasm frames
// name the rules' and lib's functions: g0.data.kubelint.rules.<pkg>.violation ...).
// --vs=<build dir>: that build's policy.wasm and this one, evaluating every enabled rule in turn
// (--runs rounds, each the minimum of 3): the A/B of a policy change within one process.
const vs = flag('vs', '');
if (vs) {
  const other = await instantiate(resolve(vs));
  const a: number[] = [];
  const b: number[] = [];
  cost(all, other);
  cost(all);
  for (let r = 0; r < runs; r++) {
    a.push(cost(all, other, 3).ms);
    b.push(cost(all, policy, 3).ms);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  console.log(`A ${vs}: median ${median(a).toFixed(1)} ms, min ${Math.min(...a).toFixed(1)}; B ${buildDir}: median ${median(b).toFixed(1)} ms, min ${Math.min(...b).toFixed(1)}; B÷A ${(median(b) / median(a)).toFixed(2)}× (CPU ms of the evaluations, ${runs} alternating rounds)`);
  process.exit(0);
}
const repeat = flag('repeat', '');
if (repeat) {
  console.log(`${repeat}: ${cost(repeat === 'all' ? all : repeat.split(',')).ms.toFixed(1)} ms`);
  process.exit(0);
}
console.log(`${folder}: ${batch.length} resources, ${chunks.length} evaluation(s), input ${(inputBytes / 1024).toFixed(0)} KiB; ${all.length} rules enabled; ${buildDir}`);
console.log(`node ${process.version}; min of ${runs} runs; JSON.stringify + encode of the chunks: ${stringifyMs.toFixed(1)} ms`);
cost(all); // warm-up: the wasm memory's pages are touched, V8 has tiered the module up
const none = cost([]);
const every = cost(all);
console.log(`none (hand-off only): ${none.ms.toFixed(1)} ms; all: ${every.ms.toFixed(1)} ms, ${every.findings} findings`);

const only = flag('only', '').split(',').filter(Boolean);
const measured = (only.length ? all.filter((id) => only.includes(id)) : all).map((id, n) => {
  // `all` again every few rules: the leave-one-out figures use its minimum over the whole run.
  if (n % 8 === 7) every.ms = Math.min(every.ms, cost(all).ms);
  const alone = cost([id]);
  return { id, alone: alone.ms - none.ms, findings: alone.findings, without: args.includes('--loo') ? cost(all.filter((r) => r !== id)).ms : NaN };
});
every.ms = Math.min(every.ms, cost(all).ms);
console.log(`all, minimum over the run: ${every.ms.toFixed(1)} ms`);
const rows = measured.map((r) => ({ ...r, saves: every.ms - r.without }));
rows.sort((a, b) => b.alone - a.alone);
const sum = rows.reduce((n, r) => n + r.alone, 0);
console.log(`sum of alone costs: ${sum.toFixed(1)} ms (shared lib work counted once per rule)`);
console.log('| rule | alone − none (ms) | share of the sum | findings | all − without (ms) |');
console.log('|---|---:|---:|---:|---:|');
for (const r of rows.slice(0, top)) {
  console.log(`| ${r.id} | ${r.alone.toFixed(1)} | ${((100 * r.alone) / sum).toFixed(1)}% | ${r.findings} | ${Number.isNaN(r.saves) ? '' : r.saves.toFixed(1)} |`);
}
