#!/usr/bin/env node
// Where a first run's Rego evaluation spends the main thread, step by step, in a fresh process per
// run: Liftoff compiling each wasm function when first called, a new wasm memory, as the CLI pays it.
// Each run loads the folder and builds the inputs as the CLI does (buildInput, namespace chunks of
// 400; untimed), then times each step with the process's CPU (process.cpuUsage: exact, while
// /proc/thread-self/schedstat moves only at ticks and switches; the main thread runs every step,
// and V8's own threads add what they do meanwhile: GC helpers, --eager's compile) and its wall
// clock, and counts minor page faults per step:
//   compile    WebAssembly.Module of policy.wasm (compileWasm with the CLI's short-run flags)
//   instance   the SDK's instance (loadPolicySync) and the memory grown ahead as WasmEvaluator grows it
//   encode     JSON.stringify + TextEncoder of each chunk's input
//   copy       the input bytes into the wasm memory
//   parse      opa_value_parse (OPA's JSON parser builds the input value) and the context
//   eval       the entrypoint's evaluation (every enabled rule)
//   dump       opa_json_dump of the result and JSON.parse of its text
// The steps are WasmEvaluator's evaluation (src/policy/wasm-evaluator.ts evaluateOnce) taken apart;
// test/bench/eval-parts.test.mjs checks that they give its results.
//
//   flock /tmp/kubelint-bench.lock node bench/rego/eval-parts.mjs [folder] [--runs 9]
//       [--wasm label=path ...]  policy.wasm builds to compare, run alternately (default build/policies)
//       [--enabled all|none|id,id]  the rules the input enables (none: the input's parse and the guards)
//       [--passes N]    N passes over the chunks on one instance; the last is timed (a warm instance)
//       [--prewarm N]   first, another instance evaluates the first chunk's first N resources
//                       (functions compiled lazily by then; the timed instance's memory is new)
//       [--touch]       the memory grown for the first chunk and each of its pages written before it (faulted in)
//       [--eager]       every function compiled at compile time (--no-wasm-lazy-compilation around it)
//       [--units size,split]  the chunks of evaluationUnits({ from: 0, size, split }): local pieces
//                       and cross groups instead of whole namespaces; timed as one total (see --total)
//       [--total]       no step laps (each costs ~0.1 ms): one figure from the first encode to the last dump
// The folder defaults to bench/corpus/shapes/plain/1000. Prints each step's median per variant and
// the heap pointer after the data, then after each chunk's parse and evaluation; exits 1 when the
// variants' results differ.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const STEPS = ['compile', 'instance', 'encode', 'copy', 'parse', 'eval', 'dump'];
const PAGE = 65536;
/** As WasmEvaluator grows the memory ahead: the input and 72 bytes of heap per byte of it. */
const HEAP_PER_INPUT_BYTE = 72;

const dist = (p) => import(join(ROOT, 'dist', p));

/** The process's CPU time in ms (user + system, every thread). */
function cpuMs() {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * One evaluation of `input` (bytes) on the SDK's `policy`, in the steps WasmEvaluator takes
 * (ABI 1.2), calling `lap(step)` after each: the result set's JSON text (the SDK's form,
 * [{"result": ...}]) and the heap pointer after the parse and after the evaluation.
 */
export function evaluateInSteps(policy, input, entrypoint, lap = () => {}) {
  const x = policy.wasmInstance.exports;
  const id = policy.entrypoints[entrypoint];
  if (id === undefined) throw new Error(`the policy has no entrypoint ${entrypoint}`);
  const start = policy.dataHeapPtr;
  const end = start + input.byteLength;
  if (growFor(policy, input.byteLength)) lap('instance');
  new Uint8Array(policy.mem.buffer).set(input, start);
  x.opa_heap_ptr_set(end);
  lap('copy');
  const ctx = x.opa_eval_ctx_new();
  x.opa_eval_ctx_set_input(ctx, x.opa_value_parse(start, input.byteLength));
  x.opa_eval_ctx_set_data(ctx, policy.dataAddr);
  x.opa_eval_ctx_set_entrypoint(ctx, id);
  const parsed = x.opa_heap_ptr_get();
  lap('parse');
  if (x.eval(ctx) !== 0) throw new Error('eval failed');
  const evaluated = x.opa_heap_ptr_get();
  lap('eval');
  const address = x.opa_json_dump(x.opa_eval_ctx_get_result(ctx));
  const bytes = new Uint8Array(policy.mem.buffer);
  const text = new TextDecoder().decode(bytes.subarray(address, bytes.indexOf(0, address)));
  JSON.parse(text);
  lap('dump');
  return { text, parsed, evaluated };
}

/**
 * Grows the memory ahead for an input of `inputBytes`, as WasmEvaluator does: through OPA's
 * allocator, one block at the memory's end, so that OPA's idea of its heap's end grows too. True
 * when it grew.
 */
function growFor(policy, inputBytes) {
  const x = policy.wasmInstance.exports;
  const wanted = Math.ceil((policy.dataHeapPtr + inputBytes * (1 + HEAP_PER_INPUT_BYTE)) / PAGE);
  const pages = policy.mem.buffer.byteLength / PAGE;
  if (pages >= wanted) return false;
  x.opa_heap_ptr_set(policy.mem.buffer.byteLength);
  x.opa_malloc((wanted - pages) * PAGE - 64);
  x.opa_heap_ptr_set(policy.dataHeapPtr);
  return true;
}

/** The inputs of the folder's evaluations, as the CLI builds them (or evaluationUnits' with `units`). */
async function chunksOf(folder, enabledArg, units) {
  const [{ defaultConfig }, { namespaceChunks, positional }, { buildInput, InputParts }, { readOptionDefaults, readRulesFile }, { loadInputs }, { identifyResources }] = await Promise.all([
    dist('config/defaults.js'),
    dist('engine/rego.js'),
    dist('engine/rego-input.js'),
    dist('engine/rego-files.js'),
    dist('load/index.js'),
    dist('load/resources.js'),
  ]);
  const cwd = realpathSync(folder);
  const config = defaultConfig(cwd);
  const loaded = await loadInputs(['.'], config, { cwd });
  const batch = loaded.batches.flatMap((b) => identifyResources(b.manifests).resources);
  const { rules, entrypoint } = readRulesFile();
  const defaults = readOptionDefaults();
  const whole = buildInput(batch, rules, defaults, { config }, new InputParts(rules, defaults, true));
  const enabled = enabledArg === 'all' ? whole.enabled : enabledArg === 'none' ? [] : enabledArg.split(',');
  const inputs = [];
  if (!units) {
    for (const members of namespaceChunks(batch, whole.defaultNamespace, { from: 400, size: 400 })) inputs.push({ ...whole, enabled, ...(members ? { resources: positional(whole.resources, members) } : {}) });
    return { inputs, entrypoint };
  }
  const { evaluationUnits, crossGroups, groupKinds, isCrossResource } = await dist('engine/rego-chunks.js');
  const { Projector } = await dist('engine/rego-project.js');
  const on = rules.filter((r) => enabled.includes(r.id));
  const groups = crossGroups(on.filter(isCrossResource)).map((group) => ({ ids: group.map((r) => r.id), projector: Projector.for(group, []), kinds: groupKinds(group, []) }));
  const local = on.filter((r) => !isCrossResource(r)).map((r) => r.id);
  for (const unit of evaluationUnits(batch, whole.defaultNamespace, { from: 0, ...units }, { local: local.length > 0, crossGroups: groups.map((g) => g.kinds) })) {
    const indexes = unit.context ? [...unit.members, ...unit.context] : unit.members;
    const group = groups[unit.group];
    if (unit.rules === 'cross') inputs.push({ ...whole, enabled: group.ids, resources: positional(whole.resources, indexes, group.projector && ((o) => group.projector.project(o))) });
    else inputs.push({ ...whole, enabled: unit.rules === 'all' ? enabled : local, resources: positional(whole.resources, indexes) });
  }
  return { inputs, entrypoint };
}

async function child(folder, wasmPath, opts) {
  const { inputs, entrypoint } = await chunksOf(folder, opts.enabled, opts.units);
  const [{ compileWasm, preferShortRun }, { loadPolicySync }, { withFlag }] = await Promise.all([dist('policy/wasm-compile.js'), dist('policy/opa-sdk.js'), dist('shared/v8-flags.js')]);
  const wasm = readFileSync(wasmPath);
  const t = Object.fromEntries(STEPS.map((s) => [s, 0]));
  const wall = Object.fromEntries(STEPS.map((s) => [s, 0]));
  const faults = Object.fromEntries(STEPS.map((s) => [s, 0]));
  let at = cpuMs();
  let wallAt = performance.now();
  let faultsAt = process.resourceUsage().minorPageFault;
  const restart = () => {
    at = cpuMs();
    wallAt = performance.now();
    faultsAt = process.resourceUsage().minorPageFault;
  };
  const lap = (step) => {
    const now = cpuMs();
    const wallNow = performance.now();
    const nowFaults = process.resourceUsage().minorPageFault;
    t[step] += now - at;
    wall[step] += wallNow - wallAt;
    faults[step] += nowFaults - faultsAt;
    at = now;
    wallAt = wallNow;
    faultsAt = nowFaults;
  };
  preferShortRun();
  const compile = () => compileWasm(wasm, { ownBuild: true });
  const module = opts.eager ? withFlag('--no-wasm-lazy-compilation', '--wasm-lazy-compilation', compile) : compile();
  lap('compile');
  if (opts.prewarm > 0) {
    const warm = loadPolicySync(module, { initial: 80 });
    evaluateInSteps(warm, new TextEncoder().encode(JSON.stringify({ ...inputs[0], resources: inputs[0].resources.slice(0, opts.prewarm) })), entrypoint);
    restart();
  }
  const policy = loadPolicySync(module, { initial: 80 });
  lap('instance');
  const digest = createHash('sha256');
  const heap = [policy.dataHeapPtr];
  const inner = opts.total ? () => {} : lap;
  for (let pass = 1; pass <= opts.passes; pass++) {
    const timed = pass === opts.passes;
    if (timed && pass > 1) {
      for (const s of STEPS) t[s] = wall[s] = faults[s] = 0;
      restart();
    }
    for (const input of inputs) {
      const bytes = new TextEncoder().encode(JSON.stringify(input));
      inner('encode');
      if (opts.touch && pass === 1 && heap.length === 1) {
        // Untimed: the memory grown for this input (the others are of its size), each page written once.
        growFor(policy, bytes.byteLength);
        const all = new Uint8Array(policy.mem.buffer);
        for (let p = policy.dataHeapPtr; p < all.length; p += 4096) all[p] = 0;
        restart();
      }
      const { text, parsed, evaluated } = evaluateInSteps(policy, bytes, entrypoint, inner);
      if (timed) {
        digest.update(text);
        heap.push(parsed, evaluated);
      }
    }
  }
  if (opts.total) lap('eval');
  process.stdout.write(JSON.stringify({ t, wall, faults, heap, digest: digest.digest('hex') }));
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export function parseArgs(argv) {
  const opts = { folder: join(ROOT, 'bench/corpus/shapes/plain/1000'), runs: 9, variants: [], enabled: 'all', passes: 1, prewarm: 0, touch: false, eager: false, units: undefined, total: false };
  const count = (name, value, least) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < least) throw new Error(`${name} takes a whole number of at least ${least}, not ${value}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`);
      return argv[++i];
    };
    if (arg === '--runs') opts.runs = count(arg, value(), 1);
    else if (arg === '--passes') opts.passes = count(arg, value(), 1);
    else if (arg === '--prewarm') opts.prewarm = count(arg, value(), 1);
    else if (arg === '--enabled') opts.enabled = value();
    else if (arg === '--touch') opts.touch = true;
    else if (arg === '--eager') opts.eager = true;
    else if (arg === '--total') opts.total = true;
    else if (arg === '--units') {
      const [size, split] = value().split(',').map((v) => count('--units', v, 1));
      if (split === undefined) throw new Error('--units takes size,split');
      opts.units = { size, split };
      opts.total = true;
    } else if (arg === '--wasm') {
      const spec = value();
      const at = spec.indexOf('=');
      if (at <= 0 || at === spec.length - 1) throw new Error(`--wasm takes label=path, not ${spec}`);
      opts.variants.push({ label: spec.slice(0, at), path: resolve(spec.slice(at + 1)) });
    } else if (arg.startsWith('--')) throw new Error(`unknown option ${arg}`);
    else opts.folder = resolve(arg);
  }
  if (opts.variants.length === 0) opts.variants.push({ label: 'build', path: join(ROOT, 'build/policies/policy.wasm') });
  return opts;
}

function parent(opts) {
  const results = new Map(opts.variants.map((v) => [v.label, []]));
  for (let r = 0; r < opts.runs; r++) {
    for (const v of opts.variants) {
      const out = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', v.path, JSON.stringify(opts)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (out.status !== 0) throw new Error(`${v.label} (${v.path}): ${out.stderr.trim()}`);
      results.get(v.label).push(JSON.parse(out.stdout));
    }
  }
  const digests = new Set([...results.values()].flat().map((r) => r.digest));
  const shown = opts.total ? ['compile', 'instance', 'eval'] : STEPS;
  console.log(`${opts.folder}: ${opts.runs} runs per variant, alternating; enabled ${opts.enabled}; results ${digests.size === 1 ? 'identical' : 'DIFFER'} across variants`);
  console.log(`process CPU ms / wall ms of each step, medians${opts.total ? ' (eval: every step from the first encode to the last dump)' : ''}`);
  console.log(`| variant | ${shown.join(' | ')} | sum | heap pointer MiB (data; each chunk parsed, evaluated) |`);
  console.log(`|---|${shown.map(() => '---:').join('|')}|---:|---|`);
  const cell = (rs, pick) => `${median(rs.map((r) => pick(r.t))).toFixed(1)} / ${median(rs.map((r) => pick(r.wall))).toFixed(1)}`;
  for (const [label, rs] of results) {
    const cells = shown.map((s) => cell(rs, (x) => x[s]));
    const sum = cell(rs, (x) => STEPS.reduce((n, s) => n + x[s], 0));
    const heap = rs[0].heap.slice(0, 7).map((h) => (h / 1048576).toFixed(1)).join(', ') + (rs[0].heap.length > 7 ? ', ...' : '');
    console.log(`| ${label} | ${cells.join(' | ')} | ${sum} | ${heap} |`);
  }
  for (const [label, rs] of results) console.log(`${label}: minor page faults, medians: ${shown.map((s) => `${s} ${median(rs.map((r) => r.faults[s]))}`).join(', ')}`);
  if (digests.size !== 1) process.exitCode = 1;
}

const isMain = process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
if (isMain) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    const opts = JSON.parse(argv[2]);
    await child(opts.folder, argv[1], opts);
  } else {
    try {
      parent(parseArgs(argv));
    } catch (error) {
      console.error(`eval-parts: ${error.message}`);
      process.exitCode = 2;
    }
  }
}
