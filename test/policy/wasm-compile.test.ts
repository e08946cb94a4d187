// The CLI compiles the policies' wasm with a larger tiering budget (src/policy/wasm-compile.ts) and
// puts V8's flag back at once: V8 stamps code caches with a hash of every flag, so a flag left
// changed would make Node's built-in modules compile from source and the CLI's own code cache be
// refused by the next run.
import { spawnSync } from 'node:child_process';
import v8 from 'node:v8';
import { afterEach, describe, expect, it } from 'vitest';
import { readPolicyWasm } from '../../src/engine/rego-files.js';
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
