// `npm run schemas:compile` (after `npm run build`): ajv standalone code for the common kinds of
// the newest bundled version, strict and relaxed, into dist/schemas-compiled/.
import { mkdirSync, writeFileSync } from 'node:fs';
import { PRECOMPILED_KINDS, precompiledSource } from './precompile.js';
import { COMPILED_DIR, bundleHash, loadBundle, newestBundledVersion, precompiledFile } from './store.js';

function main(): void {
  const version = process.argv[2] ?? newestBundledVersion();
  mkdirSync(COMPILED_DIR, { recursive: true });
  for (const strict of [true, false]) {
    const started = performance.now();
    const source = precompiledSource(loadBundle(version), bundleHash(version), strict);
    const file = precompiledFile(version, strict);
    writeFileSync(file, source);
    const ms = (performance.now() - started).toFixed(0);
    console.log(`${file}: ${PRECOMPILED_KINDS.length} kinds, ${(source.length / 1024).toFixed(0)} KiB, ${ms} ms`);
  }
}

try {
  main();
} catch (error) {
  console.error(`schemas:compile: ${(error as Error).message}`);
  process.exitCode = 2;
}
