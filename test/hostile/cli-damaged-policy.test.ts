// An installed build/policies/policy.wasm damaged inside a function body (a bad disk, a truncated
// copy, an edit). A short run validates kubelint's own wasm lazily, and V8 stops the process with
// a fatal check (SIGTRAP, no message) when a lazily compiled body does not validate. The bytes are
// validated lazily only when they are the ones the build recorded in rules.json; any others are
// validated whole, and a damaged file is a clear error, exit 2. The shipped bin in a copy of the
// install (dist/ copied: the package root is found from dist's real path). Needs `npm run build`.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { PRIVILEGED_POD } from '../helpers/privileged-pod.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs();

/** The unsigned LEB128 at `at`: [value, the offset after it]. */
function leb(bytes: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let byte: number;
  do {
    byte = bytes[at++]!;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, at];
}

/** A copy of the wasm whose every function body starts with 0xff (no such opcode); the module's sections are intact. */
function damageBodies(wasm: Buffer): Buffer {
  const bytes = Buffer.from(wasm);
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at]!;
    const [size, start] = leb(bytes, at + 1);
    if (id === 10) {
      let [count, body] = leb(bytes, start);
      for (; count > 0; count--) {
        const [length, from] = leb(bytes, body);
        let [groups, code] = leb(bytes, from);
        for (; groups > 0; groups--) code = leb(bytes, code)[1] + 1; // a count of locals, their type
        if (code < from + length - 1) bytes[code] = 0xff;
        body = from + length;
      }
    }
    at = start + size;
  }
  return bytes;
}

function install(policyWasm: Buffer): string {
  const root = tempDir('kubelint-damaged-');
  for (const part of ['bin', 'dist', 'build', 'package.json']) cpSync(path.join(REPO_ROOT, part), path.join(root, part), { recursive: true });
  for (const part of ['schemas', 'node_modules']) symlinkSync(path.join(REPO_ROOT, part), path.join(root, part));
  writeFileSync(path.join(root, 'build', 'policies', 'policy.wasm'), policyWasm);
  return root;
}

function lint(root: string) {
  const project = tempDir('kubelint-damaged-project-');
  mkdirSync(path.join(project, 'cache'));
  writeFileSync(path.join(project, 'pod.yaml'), PRIVILEGED_POD);
  return spawnSync(process.execPath, [path.join(root, 'bin', 'kubelint.js'), 'pod.yaml', '--format', 'json'], {
    cwd: project,
    encoding: 'utf8',
    env: { ...process.env, KUBELINT_CACHE_DIR: path.join(project, 'cache') },
  });
}

describe('a damaged policy.wasm in an install', () => {
  const shipped = readFileSync(path.join(REPO_ROOT, 'build', 'policies', 'policy.wasm'));

  it('damaged function bodies: a clear error naming the file, exit 2, never a V8 abort', () => {
    const run = lint(install(damageBodies(shipped)));
    expect(run.signal).toBeNull();
    expect(run.stderr).toContain(`build/policies/policy.wasm is damaged (WebAssembly.Module(): Compiling function #`);
    expect(run.stderr).toContain('reinstall kubelint or rebuild it with `npm run build:policies`');
    expect(run.status).toBe(2);
  }, 60_000);

  it('the bytes the build recorded lint as before', () => {
    const run = lint(install(shipped));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((f) => f.ruleId)).toContain('no-privileged');
  }, 60_000);
});
