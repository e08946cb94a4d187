// `npm run schemas:compile` (part of `npm run build`, after tsc): ajv standalone code for the
// common kinds of the newest bundled version, strict and relaxed, one module per kind, into
// dist/schemas-compiled/v<version>.<strict|relaxed>/<exportName>.cjs, each kind's yes/no pre-check
// into <exportName>.fast.cjs and the workload kinds' together into g_workloads.fast.cjs, with
// built.json (each module's SHA-256 and size), plus v<version>.index.json
// (the bundle without its definitions, store.ts). A build step, not part of
// the package: it runs the compiled dist/ code so the generated modules match what ships.
import { createHash } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { exportName, FAST_MODULE_SUFFIX } from '../dist/schemas/ajv-setup.js';
import { fastSource, fastSourcesPerKind, precompiledSourcesPerKind } from '../dist/schemas/precompile.js';
import { WORKLOAD_GROUP } from '../dist/schemas/groups.js';
import { BUILT_FILE } from '../dist/engine/schema-disk-cache.js';
import { WRAPPED_PREFIX, WRAPPED_SUFFIX } from '../dist/cache/code-cache.js';
import { COMPILED_DIR, bundleHash, bundleIndexFile, bundleIndexOf, loadBundle, newestBundledVersion, precompiledDir } from '../dist/schemas/store.js';

function main() {
  const version = process.argv[2] ?? newestBundledVersion();
  for (const strict of [true, false]) {
    const started = performance.now();
    const dir = precompiledDir(version, strict);
    // Earlier builds wrote one module of all kinds; clear it and any kind no longer listed.
    rmSync(path.join(COMPILED_DIR, `v${version}.${strict ? 'strict' : 'relaxed'}.cjs`), { force: true });
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const bundle = loadBundle(version);
    const hash = bundleHash(version);
    // Per kind: ajv's module, loaded only for an object the kind's pre-check does not pass, and the
    // pre-check's (src/schemas/fast-validator.ts); the workload kinds' pre-checks also together, for a
    // batch that holds several of them (src/schemas/groups.ts).
    const modules = [...precompiledSourcesPerKind(bundle, hash, strict)].map(([key, body]) => [exportName(key), body]);
    modules.push(...[...fastSourcesPerKind(bundle, hash, strict)].map(([key, body]) => [exportName(key) + FAST_MODULE_SUFFIX, body]));
    modules.push([WORKLOAD_GROUP.file + FAST_MODULE_SUFFIX, fastSource(bundle, hash, strict, WORKLOAD_GROUP.kinds)]);
    let bytes = 0;
    let largest = 0;
    const built = {};
    for (const [name, body] of modules) {
      const file = `${name}.cjs`;
      // Written already wrapped as require() wraps CommonJS: a run compiles the text as it is
      // instead of V8 flattening a wrapped copy of ~500 KB (src/cache/code-cache.ts WRAPPED_PREFIX;
      // run through requireWrapped, not require()).
      const source = `${WRAPPED_PREFIX}${body}${WRAPPED_SUFFIX}`;
      writeFileSync(path.join(dir, file), source);
      bytes += source.length;
      largest = Math.max(largest, source.length);
      built[file] = { sha256: createHash('sha256').update(source).digest('hex'), size: Buffer.byteLength(source) };
    }
    // What a run binds each module's V8 code cache to instead of hashing the module at every start
    // (src/engine/schema-disk-cache.ts builtFile; the CLI bundle's own is recorded in boot.cjs).
    writeFileSync(path.join(dir, BUILT_FILE), JSON.stringify(built));
    const ms = (performance.now() - started).toFixed(0);
    const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
    console.log(`${dir}: ${(modules.length - 1) / 2} kinds and their pre-checks, the workload group's pre-checks, ${kib(bytes)} in all, largest ${kib(largest)}, ${ms} ms`);
  }
  // The bundle without its definitions: a run whose kinds are all precompiled never parses them.
  writeFileSync(bundleIndexFile(version), JSON.stringify(bundleIndexOf(loadBundle(version), bundleHash(version))));
}

try {
  main();
} catch (error) {
  console.error(`schemas:compile: ${error.message}`);
  process.exitCode = 2;
}
