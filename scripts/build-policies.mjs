#!/usr/bin/env node
// Compiles policies/ to build/policies/policy.wasm (one entrypoint, kubelint/main) and writes the
// rule catalogue from the packages' METADATA to build/policies/rules.json.
// Fails when the wasm needs a builtin that OPA does not implement natively (the JS host would
// have to provide it, with subtly different semantics).
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPolicy } from '@open-policy-agent/opa-wasm';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const policies = join(root, 'policies');
const out = join(root, 'build', 'policies');
const ENTRYPOINT = 'kubelint/main';
const SEVERITIES = new Set(['error', 'warning', 'info']);
const SCOPES = new Set(['resource', 'batch']);

function findOpa() {
  const local = join(root, '.tools', 'bin', 'opa');
  if (existsSync(local)) return local;
  try {
    execFileSync('opa', ['version'], { stdio: 'ignore' });
    return 'opa';
  } catch {
    fail('opa not found in .tools/bin or on PATH; run: bash scripts/setup-tools.sh');
  }
}

function fail(message) {
  console.error(`build-policies: ${message}`);
  process.exit(1);
}

function run(opa, args) {
  try {
    return execFileSync(opa, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    fail(`opa ${args[0]} failed:\n${error.stderr || error.message}`);
  }
}

/** Turns the package annotations of policies/rules into catalogue entries, checking each one. */
function catalogue(inspected) {
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
    rules.push({
      id: custom.id,
      title,
      description,
      severity: custom.severity,
      kinds: custom.kinds,
      scope: custom.scope,
      remediation: custom.remediation,
    });
  }
  if (rules.length === 0) fail('no rule packages (kubelint.rules.*) with METADATA found under policies/');
  return rules.sort((a, b) => a.id.localeCompare(b.id));
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

const opa = findOpa();
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const bundle = join(out, 'bundle.tar.gz');
// Tests are not part of the shipped policy.
run(opa, ['build', '-t', 'wasm', '-e', ENTRYPOINT, '--ignore', '*_test.rego', '-o', bundle, policies]);
execFileSync('tar', ['-xzf', bundle, '-C', out, '/policy.wasm'], { stdio: 'ignore' });
// opa's bundle stores the module as 0600; a shared install must be readable by every user.
chmodSync(join(out, 'policy.wasm'), 0o644);
rmSync(bundle);
const wasm = readFileSync(join(out, 'policy.wasm'));
const imported = await hostBuiltins(wasm);
if (imported.length > 0) {
  fail(`the policy uses builtins not implemented natively in wasm: ${imported.join(', ')}; rewrite them in Rego`);
}
const rules = catalogue(JSON.parse(run(opa, ['inspect', '-a', '--format', 'json', policies])));
writeFileSync(join(out, 'rules.json'), JSON.stringify({ entrypoint: ENTRYPOINT, rules }, null, 2) + '\n');
console.log(`build-policies: ${rules.length} rules -> ${join('build', 'policies')}/policy.wasm (${wasm.length} bytes), rules.json`);
