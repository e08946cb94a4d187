// bench/rego/eval-parts.mjs: its steps are WasmEvaluator's evaluation taken apart (same results on
// the shipped policy), a run prints one row per variant and says whether their results agree, and
// bad options are refused with a message.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateInSteps, parseArgs, STEPS } from '../../bench/rego/eval-parts.mjs';
import { loadPolicySync } from '../../src/policy/opa-sdk.ts';
import { WasmEvaluator } from '../../src/policy/wasm-evaluator.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'bench/rego/eval-parts.mjs');
const WASM = join(ROOT, 'build/policies/policy.wasm');
const { entrypoint, rules } = JSON.parse(readFileSync(join(ROOT, 'build/policies/rules.json'), 'utf8'));

const scratch = mkdtempSync(join(tmpdir(), 'eval-parts-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** In each of `namespaces` namespaces a Deployment with a latest image, a twice-defined env var and no probes, and a Service selecting nothing. */
function input(enabled, namespaces = 2) {
  const deployment = (ns, name) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels: { app: name } },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'main', image: 'nginx:latest', env: [{ name: 'A', value: '1' }, { name: 'A', value: '2' }] }] } } },
  });
  const service = (ns) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { selector: { app: 'nothing' }, ports: [{ port: 80, targetPort: 8080 }] } });
  const objects = Array.from({ length: namespaces }, (_, i) => [deployment(`ns${i}`, `app${i}`), service(`ns${i}`)]).flat();
  return {
    resources: objects.map((object, index) => ({ index, object })),
    params: {},
    enabled,
    defaultNamespace: 'default',
    podSecurity: { namespaces: {} },
  };
}

describe('evaluateInSteps', () => {
  const module = new WebAssembly.Module(readFileSync(WASM));
  const ids = rules.map((r) => r.id);

  it("gives WasmEvaluator's result set, step by step, the memory grown ahead as it grows it", () => {
    // ~110 KB of input: more than the first 5 MiB of memory hold with the heap estimated for it.
    const bytes = new TextEncoder().encode(JSON.stringify(input(ids, 200)));
    const expected = new WasmEvaluator(module).evaluate(bytes, entrypoint);
    const steps = [];
    const { text, parsed, evaluated } = evaluateInSteps(loadPolicySync(module, { initial: 80 }), bytes, entrypoint, (step) => steps.push(step));
    expect(JSON.parse(text)).toEqual(expected);
    // The input has findings (the test would pass on two empty results otherwise).
    expect(Object.values(expected[0].result).flat().length).toBeGreaterThan(600);
    expect(steps).toEqual(['instance', 'copy', 'parse', 'eval', 'dump']);
    expect(evaluated).toBeGreaterThan(parsed);
  });

  it('reuses one instance for the next inputs, as the evaluator does (same results, no growth for smaller ones)', () => {
    const policy = loadPolicySync(module, { initial: 80 });
    const evaluator = new WasmEvaluator(module);
    for (const [enabled, namespaces] of [[ids, 200], [ids, 2], [['env-duplicate'], 2], [[], 2]]) {
      const bytes = new TextEncoder().encode(JSON.stringify(input(enabled, namespaces)));
      const steps = [];
      const { text } = evaluateInSteps(policy, bytes, entrypoint, (step) => steps.push(step));
      expect(JSON.parse(text)).toEqual(evaluator.evaluate(bytes, entrypoint));
      expect(steps).toEqual([...(namespaces === 200 ? ['instance'] : []), 'copy', 'parse', 'eval', 'dump']);
    }
  });

  it('refuses an entrypoint the policy does not have', () => {
    expect(() => evaluateInSteps(loadPolicySync(module, { initial: 80 }), new TextEncoder().encode('{}'), 'kubelint/nothing')).toThrow('the policy has no entrypoint kubelint/nothing');
  });
});

describe('eval-parts.mjs', () => {
  it('prints a row of every step per variant and says their results agree', () => {
    const folder = join(scratch, 'manifests');
    rmSync(folder, { recursive: true, force: true });
    spawnSync('mkdir', ['-p', folder]);
    writeFileSync(join(folder, 'app.yaml'), input([]).resources.map((r) => JSON.stringify(r.object)).join('\n---\n') + '\n');
    const out = spawnSync(process.execPath, [SCRIPT, folder, '--runs', '1', '--wasm', `a=${WASM}`, '--wasm', `b=${WASM}`], { encoding: 'utf8' });
    expect(out.stderr).toBe('');
    expect(out.status).toBe(0);
    expect(out.stdout).toContain('results identical across variants');
    const rows = out.stdout.split('\n').filter((line) => /^\| [ab] \|/.test(line));
    expect(rows).toHaveLength(2);
    // A cell per step and the sum, each "CPU / wall" in ms, then the heap pointers.
    for (const row of rows) expect(row).toMatch(new RegExp(`^\\| [ab] (\\| \\d+\\.\\d / \\d+\\.\\d ){${STEPS.length + 1}}\\| [\\d., ]+ \\|$`));
  });

  it('refuses bad options with a message (exit 2)', () => {
    for (const [args, message] of [
      [['--wasm', 'nolabel'], '--wasm takes label=path, not nolabel'],
      [['--runs', '0'], '--runs takes a whole number of at least 1, not 0'],
      [['--units', '100'], '--units takes size,split'],
      [['--frobnicate'], 'unknown option --frobnicate'],
      [['--passes'], '--passes needs a value'],
    ]) {
      expect(() => parseArgs(args)).toThrow(message);
      const out = spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
      expect(out.status).toBe(2);
      expect(out.stderr).toBe(`eval-parts: ${message}\n`);
    }
  });
});
