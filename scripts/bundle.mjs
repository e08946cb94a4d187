// `npm run build` (last step): bundle the CLI into dist/bundle/kubelint.mjs with esbuild, so a cold
// run compiles a few files instead of resolving ~190 package files one by one (bench/CLI.md).
//
// What must stay true of the bundle:
// - Subcommands imported with import() stay lazy: code splitting puts each in its own chunk.
// - Every output file sits in dist/bundle/, two directories below the package root, like the
//   dist/<dir>/*.js files it replaces: modules that find schemas/, dist/schemas-compiled/ and
//   dist/config-validators.cjs through import.meta.url ("../../") resolve the same paths.
// - Packages loaded at run time through createRequire (ajv, opa-wasm) are invisible to esbuild and
//   resolve from node_modules as before; the webhook's Kubernetes client is left external so only
//   `serve` loads it.
import { rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'bundle');

/** Never bundled: loaded lazily at run time, large, or optional peers of a bundled package. */
const EXTERNAL = [
  '@kubernetes/client-node', // serve only
  'ajv', 'ajv/*', // required on first compile through createRequire; precompiled code requires its runtime
  '@open-policy-agent/opa-wasm',
  'typescript', // cosmiconfig's loader for .ts config files, imported only for such a file
];

// Bundled CommonJS packages call require() for Node built-ins; ESM output has no require.
const BANNER = [
  "import { createRequire as __kubelintCreateRequire } from 'node:module';",
  'const require = __kubelintCreateRequire(import.meta.url);',
].join('\n');

async function main() {
  rmSync(outdir, { recursive: true, force: true }); // stale chunks from an earlier build
  const started = performance.now();
  const result = await build({
    absWorkingDir: root,
    entryPoints: { kubelint: 'src/cli/entry.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: true,
    external: EXTERNAL,
    banner: { js: BANNER },
    metafile: true,
    logLevel: 'warning',
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  const bytes = outputs.reduce((sum, [, out]) => sum + out.bytes, 0);
  const entry = outputs.find(([file]) => file.endsWith('/kubelint.mjs'));
  const ms = (performance.now() - started).toFixed(0);
  console.log(
    `dist/bundle/: ${outputs.length} files, ${(bytes / 1024).toFixed(0)} KiB ` +
      `(entry ${((entry?.[1].bytes ?? 0) / 1024).toFixed(0)} KiB), ${ms} ms`,
  );
}

main().catch((error) => {
  console.error(`bundle: ${error.message}`);
  process.exitCode = 2;
});
