// One wasm instance serves every evaluation (src/policy/wasm-evaluator.ts): the webhook and the
// CLI evaluate review after review, chunk after chunk, on it. Nothing of one input may be seen by
// the next, the data set must survive the memory growing under it, the heap must not creep, and a
// failed evaluation must not poison the ones after it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readTarGz } from '../../src/policy/bundle.js';
import { EMPTY, onlyResult, OTHER, resultJson, WasmEvaluator } from '../../src/policy/wasm-evaluator.js';
import type { LoadedPolicy } from '@open-policy-agent/opa-wasm';
import { OPA } from './helpers.js';

// `echo` shows everything an evaluation can see, `keys` the input's top-level keys; `conflict`
// aborts at run time (two values for one rule).
const POLICY = `package t
import rego.v1

echo := {"input": input, "data": data.d}

keys := {k | some k, _ in input}

conflict := 1 if input.conflict
conflict := 2 if input.conflict

undefined_result := 1 if input.never

size := count(input)
`;

const json = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const resultOf = (set: unknown) => (set as Array<{ result: unknown }>)[0]?.result;
/** A Rego set comes back in the evaluator's order. */
const sorted = (set: unknown) => [...(resultOf(set) as string[])].sort();

describe.skipIf(!existsSync(OPA))('one wasm instance for every evaluation', () => {
  let module: WebAssembly.Module;
  const data = { d: { owner: 'team-a', list: [1, 2, 3] } };

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-wasm-'));
    writeFileSync(path.join(dir, 'p.rego'), POLICY);
    const out = path.join(dir, 'bundle.tar.gz');
    execFileSync(OPA, ['build', '-t', 'wasm', '-e', 't/echo', '-e', 't/keys', '-e', 't/conflict', '-e', 't/undefined_result', '-e', 't/size', '-o', out, path.join(dir, 'p.rego')]);
    const files = await readTarGz(readFileSync(out));
    module = await WebAssembly.compile(new Uint8Array(files.get('policy.wasm')!));
  });

  // As PolicyInstance makes it (a users' policy: no memory limit); heap-bound.test.ts has the limited one.
  const evaluator = () => new WasmEvaluator(module, (policy) => policy.setData(data), { heapLimit: null });

  it('shows each evaluation its own input only, and the data set, also after a large input grew the memory', () => {
    const shared = evaluator();
    const big = { a: Array.from({ length: 40_000 }, (_, i) => ({ name: `item-${i}`, value: i })) };
    expect(resultOf(shared.evaluate(json({ first: true, secret: 'from-review-1' }), 't/echo'))).toEqual({ input: { first: true, secret: 'from-review-1' }, data: data.d });
    const before = shared.memoryBytes;
    expect(sorted(shared.evaluate(json(big), 't/keys'))).toEqual(['a']);
    expect(shared.memoryBytes).toBeGreaterThan(before); // grown in place, not replaced
    expect(resultOf(shared.evaluate(json({ second: 1 }), 't/echo'))).toEqual({ input: { second: 1 }, data: data.d });
    expect(sorted(shared.evaluate(json({ third: 1 }), 't/keys'))).toEqual(['third']);
    expect(shared.instances).toBe(1);
  });

  it('grows the memory ahead of a large evaluation, in one step OPA\'s allocator knows of', () => {
    // Grown from outside only, the memory would stay unused and OPA would grow it again a page
    // at a time (ruinously slow for large inputs): it would end up several input sizes larger.
    const shared = evaluator();
    const input = json({ a: Array.from({ length: 60_000 }, (_, i) => ({ name: `item-${i}` })) });
    expect(input.byteLength).toBeGreaterThan(1_000_000);
    shared.evaluate(input, 't/keys');
    expect(shared.memoryBytes).toBeGreaterThanOrEqual(input.byteLength * 72);
    expect(shared.memoryBytes).toBeLessThan(input.byteLength * 73 + 1_000_000);
  });

  it('gives the same answers in any order as fresh instances do', () => {
    const inputs = [{ x: 'one' }, { y: [1, 2] }, { z: { deep: { er: true } } }, { x: 'one' }];
    const shared = evaluator();
    const inOrder = inputs.map((i) => resultOf(shared.evaluate(json(i), 't/echo')));
    const fresh = inputs.map((i) => resultOf(evaluator().evaluate(json(i), 't/echo')));
    expect(inOrder).toEqual(fresh);
    expect(shared.instances).toBe(1);
  });

  it('resets the heap between evaluations: the same input again needs no more memory', () => {
    const shared = evaluator();
    const input = json({ a: Array.from({ length: 5_000 }, (_, i) => `value-${i}`) });
    shared.evaluate(input, 't/echo');
    const after = shared.memoryBytes;
    for (let i = 0; i < 30; i++) shared.evaluate(input, 't/echo');
    expect(shared.memoryBytes).toBe(after);
  });

  it('replaces the instance after a failed evaluation; later evaluations are unaffected', () => {
    const shared = evaluator();
    expect(resultOf(shared.evaluate(json({ before: 1 }), 't/echo'))).toEqual({ input: { before: 1 }, data: data.d });
    expect(() => shared.evaluate(json({ conflict: true }), 't/conflict')).toThrow(/conflict/);
    expect(resultOf(shared.evaluate(json({ after: 1 }), 't/echo'))).toEqual({ input: { after: 1 }, data: data.d });
    expect(shared.instances).toBe(2);
  });

  it('releases an instance whose memory grew (the next evaluation starts afresh), and keeps a small one', () => {
    const shared = evaluator();
    shared.evaluate(json({ small: 1 }), 't/echo');
    expect(shared.release()).toBe(false);
    expect(resultOf(shared.evaluate(json({ again: 1 }), 't/echo'))).toEqual({ input: { again: 1 }, data: data.d });
    expect(shared.instances).toBe(1); // nothing to give back: reused
    const small = shared.memoryBytes;
    shared.evaluate(json({ a: Array.from({ length: 40_000 }, (_, i) => ({ name: `item-${i}` })) }), 't/keys');
    expect(shared.memoryBytes).toBeGreaterThan(small);
    expect(shared.release()).toBe(true);
    expect(shared.memoryBytes).toBe(0);
    // A fresh instance: the data set is loaded again, no input of before is seen.
    expect(resultOf(shared.evaluate(json({ after: 1 }), 't/echo'))).toEqual({ input: { after: 1 }, data: data.d });
    expect(shared.instances).toBe(2);
    expect(shared.memoryBytes).toBe(small);
  });

  it('reads the result as the SDK does: UTF-8 text, large results whole', () => {
    const shared = evaluator();
    const text = { s: 'naïve ✓ 𝄞 "quoted" \\ end', many: Array.from({ length: 20_000 }, (_, i) => `v-${i}`) };
    expect(resultOf(shared.evaluate(json(text), 't/echo'))).toEqual({ input: text, data: data.d });
    expect(() => shared.evaluate(json({}), 't/nothing')).toThrow('entrypoint t/nothing is not valid in this instance');
  });

  it('gives the result set the SDK gives, for every kind of result and none', () => {
    const shared = evaluator();
    let sdk: LoadedPolicy | undefined;
    const reference = new WasmEvaluator(module, (policy) => {
      policy.setData(data);
      sdk = policy;
    });
    reference.evaluate(json({}), 't/echo');
    const cases: Array<[unknown, string]> = [
      [{ a: [1, 'two', { three: null }], b: true }, 't/echo'],
      [{ x: 1, y: 2, z: 3 }, 't/keys'],
      [{ x: 1, y: 2 }, 't/size'],
      [{ never: false }, 't/undefined_result'],
      [{ never: true }, 't/undefined_result'],
    ];
    for (const [input, entrypoint] of cases) {
      const ours = shared.evaluate(json(input), entrypoint);
      // The SDK's own evaluate: opa_eval, which dumps the whole result set.
      expect(ours).toEqual(sdk!.evaluate(json(input).buffer as ArrayBuffer, entrypoint));
    }
    expect(shared.evaluate(json({ never: false }), 't/undefined_result')).toEqual([]);
    expect(shared.instances).toBe(1);
  });

  it('dumps the one result alone, not the result set around it (dumping a set hashes its element)', () => {
    const dumped: number[] = [];
    let memory: WebAssembly.Memory | undefined;
    const shared = new WasmEvaluator(module, (policy) => {
      policy.setData(data);
      memory = policy.mem;
      const real = (policy.wasmInstance as WebAssembly.Instance).exports as Record<string, (...args: number[]) => number>;
      const exports = { ...real, opa_json_dump: (value: number) => (dumped.push(new Uint8Array(memory!.buffer)[value]!), real.opa_json_dump!(value)) };
      (policy as { wasmInstance: unknown }).wasmInstance = { exports };
    });
    expect(resultOf(shared.evaluate(json({ a: 1 }), 't/echo'))).toEqual({ input: { a: 1 }, data: data.d });
    expect(sorted(shared.evaluate(json({ b: 1 }), 't/keys'))).toEqual(['b']);
    expect(shared.evaluate(json({}), 't/undefined_result')).toEqual([]);
    // OPA's type bytes: 6 an object (echo's result), 7 a set (keys' result); the empty set is not dumped.
    expect(dumped).toEqual([6, 7]);
  });

  it('reads a result set from the memory only when it holds one {"result": X}', () => {
    let policy: LoadedPolicy | undefined;
    new WasmEvaluator(module, (p) => {
      p.setData(data);
      policy = p;
    }).evaluate(json({}), 't/echo');
    const exports = (policy!.wasmInstance as WebAssembly.Instance).exports as Record<string, (...args: number[]) => number>;
    const memory = policy!.mem;
    const valueOf = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      const at = exports.opa_malloc!(bytes.byteLength);
      new Uint8Array(memory.buffer).set(bytes, at);
      return exports.opa_json_parse!(at, bytes.byteLength);
    };
    // Sets written as Rego values: opa_value_parse reads Rego's set syntax.
    const regoValue = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      const at = exports.opa_malloc!(bytes.byteLength);
      new Uint8Array(memory.buffer).set(bytes, at);
      return exports.opa_value_parse!(at, bytes.byteLength);
    };
    const one = regoValue('{{"result": {"r": [1, "x"]}}}');
    const address = onlyResult(memory, one);
    expect(address).toBeGreaterThan(0);
    expect(resultJson(memory, exports.opa_json_dump!(address))).toEqual({ r: [1, 'x'] });
    expect(onlyResult(memory, regoValue('set()'))).toBe(EMPTY);
    expect(onlyResult(memory, regoValue('{{"result": 1}, {"result": 2}}'))).toBe(OTHER); // two results
    expect(onlyResult(memory, regoValue('{{"other": 1}}'))).toBe(OTHER);
    expect(onlyResult(memory, regoValue('{{"result": 1, "more": 2}}'))).toBe(OTHER);
    expect(onlyResult(memory, regoValue('{"resulT"}'))).toBe(OTHER);
    expect(onlyResult(memory, valueOf('[{"result": 1}]'))).toBe(OTHER); // an array, not a set
    expect(onlyResult(memory, 0)).toBe(OTHER);
  });

  it('takes a view into a larger buffer as just the bytes it shows', () => {
    const bytes = json({ a: 1, padding: 'x'.repeat(100) });
    const whole = new Uint8Array(bytes.byteLength + 10);
    whole.set(bytes, 5);
    expect(sorted(evaluator().evaluate(whole.subarray(5, 5 + bytes.byteLength), 't/keys'))).toEqual(['a', 'padding']);
  });
});

describe('resultJson', () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const write = (at: number, text: string) => {
    const bytes = new TextEncoder().encode(text);
    new Uint8Array(memory.buffer).set(bytes, at);
    return bytes.byteLength;
  };

  it('parses the NUL-terminated JSON text at an address, whatever follows', () => {
    const length = write(100, '[{"result":{"r":["é ✓"]}}]');
    new Uint8Array(memory.buffer)[100 + length] = 0;
    write(101 + length, 'garbage');
    expect(resultJson(memory, 100)).toEqual([{ result: { r: ['é ✓'] } }]);
  });

  it('refuses text without an end', () => {
    new Uint8Array(memory.buffer).fill(0x20);
    expect(() => resultJson(memory, 10)).toThrow("the policy's result at 10 has no end");
  });
});
