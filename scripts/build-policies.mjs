#!/usr/bin/env node
// Compiles policies/ to build/policies/policy.wasm (one entrypoint, kubelint/main) and writes the
// rule catalogue from the packages' METADATA to build/policies/rules.json: kind groups
// (`kinds: [workloads]`) expanded from policies/lib/kinds.rego, options as JSON schemas. METADATA
// is a rule's only source; `npm run docs` derives schemas/rule-options.schema.json and the
// README's rule list from rules.json.
// build/policies/ is committed, so installing kubelint needs no Go and no opa. The build is
// deterministic (relative paths only: opa embeds module file names in the wasm) and
// `--check` verifies that the committed files are exactly what the pinned opa builds:
//   node scripts/build-policies.mjs            build (needs opa: .tools/bin or PATH)
//   node scripts/build-policies.mjs --check    fail when build/policies is stale (needs the pinned opa)
//   node scripts/build-policies.mjs --if-pinned  build only when the pinned opa is in .tools/bin
//                                               (`npm run build`: without it, keep the committed files)
//   --policies <dir> --out <dir>               build another tree (the tests build small ones)
// The entrypoint is generated here from the rule packages found: one guarded, static reference per
// rule. (Iterating data.kubelint.rules dynamically makes the wasm planner materialize the whole
// data tree, lib included, and evaluate every rule even when disabled: 50x slower at 8,000 resources.)
// Fails when the wasm needs a builtin that OPA does not implement natively (the JS host would
// have to provide it, with subtly different semantics).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '@open-policy-agent/opa-wasm';
import { Ajv } from 'ajv';
import { asLists, LIST_RULE } from './policy-lists.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
/** The value after `name` on the command line (removed from args), as an absolute path. */
function takePath(name) {
  const i = args.indexOf(name);
  if (i === -1) return undefined;
  const [, value] = args.splice(i, 2);
  return resolve(value);
}
const policies = takePath('--policies') ?? join(root, 'policies');
const out = takePath('--out') ?? join(root, 'build', 'policies');
const ENTRYPOINT = 'kubelint/main';
const SEVERITIES = new Set(['error', 'warning', 'info']);
const SCOPES = new Set(['resource', 'batch']);

const MODES = new Set(['build', '--check', '--if-pinned']);
const mode = args[0] ?? 'build';
const OUTPUTS = ['main.rego', 'policy.wasm', 'rules.json'];
const FIX = 'npm run build:policies && git add build/policies && git commit';

/** The opa version scripts/setup-tools.sh pins (the one that built the committed bundle). */
function pinnedOpa() {
  const setup = readFileSync(join(root, 'scripts', 'setup-tools.sh'), 'utf8');
  const match = /^OPA_VERSION=v?(\S+)$/m.exec(setup);
  if (!match) fail('OPA_VERSION not found in scripts/setup-tools.sh');
  return match[1];
}

function opaVersion(opa) {
  try {
    return /^Version:\s*(\S+)/m.exec(execFileSync(opa, ['version'], { encoding: 'utf8' }))?.[1];
  } catch {
    return undefined;
  }
}

/** The opa to build with, or undefined (only with --if-pinned) to keep the committed bundle. */
function findOpa(pinned) {
  const local = join(root, '.tools', 'bin', 'opa');
  const candidates = mode === '--if-pinned' ? [local] : [local, 'opa'];
  for (const opa of candidates) {
    const version = opaVersion(opa);
    if (version === undefined) continue;
    if (version === pinned) return opa;
    if (mode === 'build') {
      console.warn(`build-policies: warning: ${opa} is v${version}, the committed bundle is built by v${pinned} (bash scripts/setup-tools.sh installs it); CI will find this build stale`);
      return opa;
    }
  }
  if (mode === '--if-pinned') return undefined;
  if (mode === '--check') fail(`the check needs opa v${pinned} (the pinned version) in .tools/bin or on PATH; run: bash scripts/setup-tools.sh`);
  fail('opa not found in .tools/bin or on PATH; run: bash scripts/setup-tools.sh');
}

function fail(message) {
  console.error(`build-policies: ${message}`);
  process.exit(1);
}

function run(opa, args, cwd = root) {
  try {
    return execFileSync(opa, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    fail(`opa ${args[0]} failed:\n${error.stderr || error.message}`);
  }
}

function isKindList(value) {
  return Array.isArray(value) && value.length > 0 && value.every((k) => typeof k === 'string' && k !== '');
}

const PSS_LEVELS = new Set(['baseline', 'restricted']);

/**
 * custom.presets: a list of preset names (the rule's default severity there), or a map of name to
 * a severity or {severity?, options?}. Normalised to {name: {severity, options?}}.
 */
function presetEntries(value, severity, where) {
  const entries = Array.isArray(value) ? value.map((name) => [name, {}]) : value && typeof value === 'object' ? Object.entries(value) : fail(`${where}: custom.presets must be a list or a map`);
  const out = {};
  for (const [name, raw] of entries) {
    if (typeof name !== 'string' || !/^[a-z][a-z0-9-]*$/.test(name)) fail(`${where}: custom.presets: bad preset name ${JSON.stringify(name)}`);
    const entry = typeof raw === 'string' ? { severity: raw } : raw ?? {};
    if (entry.severity !== undefined && !SEVERITIES.has(entry.severity)) fail(`${where}: custom.presets.${name}: severity must be error, warning or info`);
    out[name] = { severity: entry.severity ?? severity, ...(entry.options ? { options: entry.options } : {}) };
  }
  return out;
}

/** The kind groups of policies/lib/kinds.rego, e.g. {workloads: ["Pod", ...]}. */
function kindGroups(opa) {
  const out = JSON.parse(run(opa, ['eval', '--format', 'json', '-d', join(policies, 'lib'), 'data.kubelint.lib.kind_groups']));
  const groups = out.result?.[0]?.expressions?.[0]?.value;
  if (!groups || typeof groups !== 'object') fail('policies/lib/kinds.rego must define kind_groups');
  return groups;
}

/** Kinds with group names (lower case, e.g. `workloads`) replaced by their kinds, in order, once each. */
function expandKinds(where, field, list, groups) {
  const kinds = list.flatMap((k) => {
    if (k === '*' || /^[A-Z]/.test(k)) return [k];
    if (!groups[k]) fail(`${where}: custom.${field} names ${JSON.stringify(k)}, neither a kind (Capitalized) nor a group of policies/lib/kinds.rego (${Object.keys(groups).join(', ')})`);
    return groups[k];
  });
  return [...new Set(kinds)];
}

const ajv = new Ajv({ strict: true, allErrors: true });

/**
 * custom.options ({<name>: JSON schema with description and default}) as the JSON schema of the
 * rule's options object; every default must satisfy its own schema.
 */
function optionsSchema(where, options) {
  if (options === undefined) return undefined;
  if (typeof options !== 'object' || options === null || Object.keys(options).length === 0) fail(`${where}: custom.options must map option names to JSON schemas`);
  for (const [name, property] of Object.entries(options)) {
    if (typeof property?.description !== 'string' || property.default === undefined) fail(`${where}: option ${name} needs a description and a default`);
    let validate;
    try {
      validate = ajv.compile(property);
    } catch (error) {
      fail(`${where}: option ${name} is not a valid JSON schema: ${error.message}`);
    }
    if (!validate(property.default)) fail(`${where}: the default of option ${name} does not match its schema: ${ajv.errorsText(validate.errors)}`);
  }
  return { type: 'object', additionalProperties: false, properties: options };
}

/** Dotted paths of non-empty segments, e.g. spec.selector or podspec.containers.*.ports. */
function isFieldList(value) {
  return Array.isArray(value) && value.length > 0 && value.every((f) => typeof f === 'string' && f.split('.').every((segment) => segment !== ''));
}

/** Turns the package annotations of policies/rules into catalogue entries, checking each one. */
function catalogue(inspected, groups) {
  const rules = [];
  for (const entry of inspected.annotations ?? []) {
    const path = entry.path.map((p) => p.value);
    if (path[1] !== 'kubelint' || path[2] !== 'rules' || entry.annotations.scope !== 'package') continue;
    const { title, description, custom = {} } = entry.annotations;
    const where = `${entry.location.file}:${entry.location.row}`;
    const expectedId = path[3].replaceAll('_', '-');
    if (custom.id !== expectedId) fail(`${where}: custom.id ${JSON.stringify(custom.id)} must be ${JSON.stringify(expectedId)} (the package name with - for _)`);
    if (!title || !description) fail(`${where}: METADATA needs title and description`);
    if (!SEVERITIES.has(custom.severity)) fail(`${where}: custom.severity must be error, warning or info`);
    if (!SCOPES.has(custom.scope)) fail(`${where}: custom.scope must be resource or batch`);
    if (!Array.isArray(custom.kinds)) fail(`${where}: custom.kinds must be a list of kinds`);
    if (typeof custom.remediation !== 'string') fail(`${where}: custom.remediation is required`);
    // The webhook hands a cross-resource rule only the inventory kinds it reads, so they must be declared.
    if (custom.scope === 'batch' && !isKindList(custom.reads)) fail(`${where}: custom.reads must list the kinds a batch rule reads besides the reported object (["*"] for any)`);
    if (custom.scope === 'resource' && custom.reads !== undefined) fail(`${where}: custom.reads is only for batch rules`);
    const presets = custom.presets === undefined ? undefined : presetEntries(custom.presets, custom.severity, where);
    if (custom.podSecurity !== undefined && (typeof custom.podSecurity?.control !== 'string' || !PSS_LEVELS.has(custom.podSecurity?.level))) {
      fail(`${where}: custom.podSecurity must be {control: <upstream check id>, level: baseline|restricted}`);
    }
    // wholeKinds: a rule of every kind (kinds [] or reads ["*"]) that reads only apiVersion, kind and
    // metadata of objects of other kinds names the kinds it reads whole (src/engine/rego-prune.ts).
    const anyKind = custom.kinds.length === 0 || (custom.reads ?? []).includes('*');
    if (custom.wholeKinds !== undefined && (!anyKind || !Array.isArray(custom.wholeKinds))) fail(`${where}: custom.wholeKinds is a list, only for rules of every kind (kinds: [] or reads: ["*"])`);
    // fields: what a batch rule reading other kinds than Namespace reads of any object; a large
    // namespace is evaluated for these rules on objects cut down to them (src/engine/rego-project.ts).
    const crossReads = custom.scope === 'batch' && (custom.reads ?? []).some((kind) => kind !== 'Namespace');
    if (crossReads && !isFieldList(custom.fields)) fail(`${where}: custom.fields must list the dotted paths the rule reads of any object (podspec./podmeta. for a workload's pod spec and pod metadata, * for any key or element)`);
    if (!crossReads && custom.fields !== undefined) fail(`${where}: custom.fields is only for batch rules that read other kinds than Namespace`);
    const options = optionsSchema(where, custom.options);
    if (custom.podSecurityControls !== undefined && !isKindList(custom.podSecurityControls)) fail(`${where}: custom.podSecurityControls must list upstream Pod Security check ids`);
    rules.push({
      id: custom.id,
      title,
      description,
      severity: custom.severity,
      kinds: expandKinds(where, 'kinds', custom.kinds, groups),
      scope: custom.scope,
      ...(custom.reads ? { reads: expandKinds(where, 'reads', custom.reads, groups) } : {}),
      ...(custom.wholeKinds ? { wholeKinds: expandKinds(where, 'wholeKinds', custom.wholeKinds, groups) } : {}),
      ...(custom.fields ? { fields: custom.fields } : {}),
      remediation: custom.remediation,
      ...(presets ? { presets } : {}),
      ...(custom.podSecurityControls ? { podSecurityControls: custom.podSecurityControls } : {}),
      ...(custom.podSecurity ? { podSecurity: { control: custom.podSecurity.control, level: custom.podSecurity.level } } : {}),
      ...(options ? { optionsSchema: options } : {}),
    });
  }
  if (rules.length === 0) fail('no rule packages (kubelint.rules.*) with METADATA found under policies/');
  return rules.sort((a, b) => a.id.localeCompare(b.id));
}

/** Rego source of the aggregating entrypoint kubelint/main over the given rule ids. */
function aggregator(rules) {
  // Each enabled rule's violations as they are, under the rule's id: no finding object built and
  // hashed into one more set per violation (legacy 1,000: a third of the evaluation), and as the
  // array policy-lists.mjs makes of the rule's violation set. A Pod Security rule's violations
  // carry their severity and control; atMost, when present, caps a finding's severity (a rule's
  // informational note).
  const lines = rules.map(({ id }) => `main["${id}"] := data.kubelint.rules.${id.replaceAll('-', '_')}.${LIST_RULE} if enabled["${id}"]\n`);
  return [
    '# Generated by scripts/build-policies.mjs from the rule packages under policies/rules; do not edit.',
    '# Input: {resources: [{index, object}], params: {<rule-id>: options}, enabled: [ids], defaultNamespace, knownKinds?}',
    '# Output: {<enabled rule-id>: [{index, msg, path, atMost?, severity?, podSecurity?}]}',
    'package kubelint',
    '',
    'enabled := {id | some id in input.enabled}',
    '',
    ...lines,
  ].join('\n');
}

/** Where `path` goes in the scratch copy: its path in the repository (what opa records), else its name. */
function inScratch(path) {
  const inRepo = relative(root, path);
  return inRepo.startsWith('..') ? basename(path) : inRepo;
}

/** The policy modules under `from` (tests left out) copied to `to`, each as policy-lists.mjs rewrites it. */
function listedCopy(from, to) {
  for (const name of readdirSync(from, { recursive: true })) {
    if (!name.endsWith('.rego') || name.endsWith('_test.rego')) continue;
    const target = join(to, name);
    mkdirSync(dirname(target), { recursive: true });
    try {
      writeFileSync(target, asLists(readFileSync(join(from, name), 'utf8'), relative(root, join(from, name))));
    } catch (error) {
      fail(error.message);
    }
  }
}

/** Names of builtins the compiled policy imports from the host instead of implementing natively. */
async function hostBuiltins(wasm) {
  const policy = await loadPolicy(wasm, undefined, {});
  const exports = policy.wasmInstance.exports;
  const addr = exports.opa_json_dump(exports.builtins());
  const bytes = new Uint8Array(policy.mem.buffer);
  let end = addr;
  while (bytes[end] !== 0) end++;
  return Object.keys(JSON.parse(Buffer.from(bytes.subarray(addr, end)).toString('utf8')));
}

/** Builds policies/ into build/policies; returns the outputs' bytes by file name. */
async function build(opa) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // Relative paths only (cwd is the repository): opa records module file names in the wasm.
  const groups = kindGroups(opa);
  const rules = catalogue(JSON.parse(run(opa, ['inspect', '-a', '--format', 'json', relative(root, policies)])), groups);
  writeFileSync(join(out, 'main.rego'), aggregator(rules));
  const scratch = mkdtempSync(join(tmpdir(), 'kubelint-policies-'));
  const bundle = join(scratch, 'bundle.tar.gz');
  try {
    // Tests are not part of the shipped policy. opa reads the rule modules as policy-lists.mjs
    // rewrites them, from a copy at the same relative paths (which opa records).
    const [from, main] = [policies, join(out, 'main.rego')].map(inScratch);
    listedCopy(policies, join(scratch, from));
    mkdirSync(dirname(join(scratch, main)), { recursive: true });
    writeFileSync(join(scratch, main), readFileSync(join(out, 'main.rego')));
    run(opa, ['build', '-t', 'wasm', '-e', ENTRYPOINT, '--ignore', '*_test.rego', '-o', bundle, from, main], scratch);
    execFileSync('tar', ['-xzf', bundle, '-C', out, '/policy.wasm'], { stdio: 'ignore' });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  // opa's bundle stores the module as 0600; a shared install must be readable by every user.
  chmodSync(join(out, 'policy.wasm'), 0o644);
  const wasm = readFileSync(join(out, 'policy.wasm'));
  const imported = await hostBuiltins(wasm);
  if (imported.length > 0) {
    fail(`the policy uses builtins not implemented natively in wasm: ${imported.join(', ')}; rewrite them in Rego`);
  }
  // hostBuiltins compiled the wasm whole: these bytes validate, so the CLI may validate them lazily
  // (src/engine/rego.ts compilePolicyWasm) when it finds the same digest.
  const wasmSha256 = createHash('sha256').update(wasm).digest('hex');
  writeFileSync(join(out, 'rules.json'), JSON.stringify({ entrypoint: ENTRYPOINT, wasmSha256, kindGroups: groups, rules }, null, 2) + '\n');
  console.log(`build-policies: ${rules.length} rules -> ${relative(root, out)}/policy.wasm (${wasm.length} bytes), rules.json, main.rego`);
  return readOutputs();
}

function readOutputs() {
  return new Map(OUTPUTS.map((name) => [name, existsSync(join(out, name)) ? readFileSync(join(out, name)) : undefined]));
}

function restore(snapshot) {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [name, bytes] of snapshot) if (bytes) writeFileSync(join(out, name), bytes);
  chmodSync(join(out, 'policy.wasm'), 0o644);
}

/** The committed version of each output, when the package is a git work tree (else undefined). */
function committed() {
  try {
    const top = execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (resolve(top) !== root) return undefined;
    return new Map(OUTPUTS.map((name) => {
      try {
        return [name, execFileSync('git', ['show', `HEAD:build/policies/${name}`], { cwd: root, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })];
      } catch {
        return [name, undefined];
      }
    }));
  } catch {
    return undefined;
  }
}

function differing(expected, actual) {
  return OUTPUTS.filter((name) => !(expected.get(name) && actual.get(name) && expected.get(name).equals(actual.get(name))));
}

/** --check: rebuild, compare with the working tree and HEAD, put the working tree back. */
async function check(opa, pinned) {
  const snapshot = readOutputs();
  const fresh = await build(opa);
  restore(snapshot);
  const stale = differing(fresh, snapshot);
  const head = committed();
  const uncommitted = head ? differing(fresh, head) : [];
  if (stale.length === 0 && uncommitted.length === 0) {
    console.log(`build-policies: build/policies is exactly what opa v${pinned} builds from policies/`);
    return;
  }
  const files = [...new Set([...stale, ...uncommitted])];
  const which = `${files.join(', ')} ${files.length === 1 ? 'differs' : 'differ'}`;
  const where = stale.length > 0 ? 'build/policies' : 'the committed build/policies (HEAD)';
  fail(`${where} is stale: ${which} from what opa v${pinned} builds from policies/.\nRebuild and commit it: ${FIX}`);
}

if (!MODES.has(mode)) fail(`unknown argument ${mode}; use --check or --if-pinned (or none to build)`);
const pinned = pinnedOpa();
const opa = findOpa(pinned);
if (opa === undefined) {
  if (!existsSync(join(out, 'policy.wasm'))) fail('build/policies/policy.wasm is missing and the pinned opa is not in .tools/bin; run: bash scripts/setup-tools.sh');
  console.log(`build-policies: using the committed build/policies (opa v${pinned} is not in .tools/bin)`);
} else if (mode === '--check') {
  await check(opa, pinned);
} else {
  await build(opa);
}
