// The CLI compiles the policies' wasm with a larger tiering budget (src/policy/wasm-compile.ts) and
// puts V8's flag back at once: V8 stamps code caches with a hash of every flag, so a flag left
// changed would make Node's built-in modules compile from source and the CLI's own code cache be
// refused by the next run. kubelint's own policy.wasm is validated lazily in a short run, a user's
// policy whole.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { readPolicyWasm, readRulesFile } from '../../src/engine/rego-files.js';
import { compileWasm, preferShortRun, V8_DEFAULT_TIERING_BUDGET } from '../../src/policy/wasm-compile.js';

afterEach(() => preferShortRun(false));

describe('compileWasm', () => {
  it("restores this Node's V8 default, so the flag hash code caches are checked against is unchanged", () => {
    const options = spawnSync(process.execPath, ['--v8-options'], { encoding: 'utf8' }).stdout;
    expect(options).toContain(`default: --wasm-tiering-budget=${V8_DEFAULT_TIERING_BUDGET}\n`);
    const tag = v8.cachedDataVersionTag();
    preferShortRun();
    const module = compileWasm(new Uint8Array(readPolicyWasm()));
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('opa_eval');
    expect(v8.cachedDataVersionTag()).toBe(tag);
  });

  it('changes the flag only while it compiles (the tag shows a flag left changed)', () => {
    const tag = v8.cachedDataVersionTag();
    v8.setFlagsFromString(`--wasm-tiering-budget=${V8_DEFAULT_TIERING_BUDGET * 10}`);
    const changed = v8.cachedDataVersionTag();
    v8.setFlagsFromString(`--wasm-tiering-budget=${V8_DEFAULT_TIERING_BUDGET}`);
    expect(changed).not.toBe(tag); // what the first test would see had compileWasm not restored it
    expect(v8.cachedDataVersionTag()).toBe(tag);
  });
});

/**
 * (module (func (export "f") (param i32) (result i32) local.get 0 i64.const 1 i32.mul)
 *         (func (export "g") (result i32) i32.const <g>)): f's body does not validate (i32.mul of an i64).
 * Never call f: V8 validating it lazily after the flag was put back stops the process. Each test
 * takes its own `g` (0-63): V8 reuses a module compiled from the same bytes (its native module cache).
 */
const oneInvalidBody = (g: number) =>
  new Uint8Array([
    0, 97, 115, 109, 1, 0, 0, 0, 1, 10, 2, 0x60, 1, 0x7f, 1, 0x7f, 0x60, 0, 1, 0x7f, 3, 3, 2, 0, 1, 7, 9, 2, 1, 102, 0, 0, 1, 103, 0, 1, 10, 14, 2, 7, 0, 0x20, 0, 0x42, 1,
    0x6c, 0x0b, 4, 0, 0x41, g, 0x0b,
  ]);

describe('lazy validation of kubelint\'s own policy.wasm', () => {
  it('the shipped policy.wasm validates whole (what makes validating it lazily safe)', () => {
    expect(WebAssembly.validate(new Uint8Array(readPolicyWasm()))).toBe(true);
  });

  it('a short run validates its own build lazily: a body that is never called is not checked', () => {
    const tag = v8.cachedDataVersionTag();
    preferShortRun();
    const module = compileWasm(oneInvalidBody(7), { ownBuild: true });
    expect(v8.cachedDataVersionTag()).toBe(tag);
    const instance = new WebAssembly.Instance(module);
    expect((instance.exports.g as () => number)()).toBe(7);
  });

  it("a user's policy, and any module outside a short run, is validated whole", () => {
    preferShortRun();
    expect(() => compileWasm(oneInvalidBody(8))).toThrow(WebAssembly.CompileError);
    preferShortRun(false);
    expect(() => compileWasm(oneInvalidBody(9), { ownBuild: true })).toThrow(WebAssembly.CompileError);
  });
});

describe("the build's record of policy.wasm", () => {
  it('rules.json holds the shipped policy.wasm\'s SHA-256 (else the CLI validates it whole, ~3 ms more)', () => {
    expect(readRulesFile().wasmSha256).toBe(createHash('sha256').update(readPolicyWasm()).digest('hex'));
  });
});
