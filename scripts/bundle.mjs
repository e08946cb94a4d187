// `npm run build` (last step): bundle the CLI with esbuild, so a cold run compiles a few files
// instead of resolving ~190 package files one by one (bench/CLI.md). Three outputs:
// - dist/bundle/boot.mjs: what bin/kubelint.js imports (src/cli/boot.ts, alone);
// - dist/bundle/kubelint.cjs: the whole CLI in one CommonJS file, which boot compiles through a
//   signed V8 code cache (src/cache/code-cache.ts) — one cached compile instead of many;
// - dist/bundle/kubelint.mjs + chunks: the same as split ESM, boot's fallback without a cache
//   folder (it compiles only the chunks a run needs).
//
// What must stay true of the bundle:
// - Subcommands imported with import() stay lazy: code splitting puts each in its own chunk.
// - Every output file sits in dist/bundle/, two directories below the package root, like the
//   dist/<dir>/*.js files it replaces: modules that find schemas/, dist/schemas-compiled/ and
//   dist/config-validators.cjs through import.meta.url ("../../") resolve the same paths.
// - Packages loaded at run time through createRequire (ajv, opa-wasm) are invisible to esbuild and
//   resolve from node_modules as before; the webhook's Kubernetes client is left external so only
//   `serve` loads it.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/**
 * The CommonJS bundle holds the OPA wasm SDK too (~28 ms to require its ~15 files otherwise):
 * src/policy/opa-sdk.ts requires it at run time (its package exports hide the builtins table
 * the host builtins replace), so here the module is swapped for static requires of the same files.
 */
const sdkRoot = path.dirname(createRequire(import.meta.url).resolve('@open-policy-agent/opa-wasm'));
const bundleOpaSdk = {
  name: 'bundle-opa-sdk',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]policy[\\/]opa-sdk\.ts$/ }, () => ({
      loader: 'js',
      contents: [
        `export const { loadPolicySync } = require(${JSON.stringify(path.join(sdkRoot, 'index.cjs'))});`,
        `export function sdkBuiltins() { return require(${JSON.stringify(path.join(sdkRoot, 'builtins', 'index.js'))}); }`,
      ].join('\n'),
    }));
  },
};

// CommonJS has no import.meta: its url is the file's own (the same folder as the ESM entry's).
// import() is routed through boot.mjs (src/cli/boot.ts), see routeDynamicImports.
const IMPORT_HOOK = '__kubelintImport';
const CJS_BANNER = [
  "const __kubelintModuleUrl = require('node:url').pathToFileURL(__filename).href;",
  `const ${IMPORT_HOOK} = globalThis[Symbol.for('kubelint.import')] ?? ((specifier) => Promise.reject(new Error(\`kubelint: cannot import \${specifier} here\`)));`,
].join('\n');

/**
 * Functions V8 restores from a code cache lose the script's dynamic-import host options (Node 20:
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the import() calls left in the CommonJS bundle
 * (Node built-ins, a trusted .mjs/.ts config through cosmiconfig) call a function boot.mjs
 * defines from a real ES module instead.
 */
function routeDynamicImports(file) {
  const text = readFileSync(file, 'utf8');
  const routed = text.replace(/(?<![\w$.])import\((?=[^)])/g, `${IMPORT_HOOK}(`);
  writeFileSync(file, routed);
}

const COMMON = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', external: EXTERNAL, logLevel: 'warning' };

async function main() {
  rmSync(outdir, { recursive: true, force: true }); // stale chunks from an earlier build
  const started = performance.now();
  await build({ ...COMMON, entryPoints: ['src/cli/boot.ts'], outfile: path.join(outdir, 'boot.mjs'), format: 'esm' });
  await build({
    ...COMMON,
    entryPoints: ['src/cli/entry.ts'],
    outfile: path.join(outdir, 'kubelint.cjs'),
    format: 'cjs',
    external: EXTERNAL.filter((name) => name !== '@open-policy-agent/opa-wasm'),
    plugins: [bundleOpaSdk],
    sourcemap: true,
    define: { 'import.meta.url': '__kubelintModuleUrl' },
    banner: { js: CJS_BANNER },
  });
  routeDynamicImports(path.join(outdir, 'kubelint.cjs'));
  const result = await build({
    ...COMMON,
    entryPoints: { kubelint: 'src/cli/entry.ts' },
    outdir,
    outExtension: { '.js': '.mjs' },
    chunkNames: 'chunk-[hash]',
    splitting: true,
    format: 'esm',
    sourcemap: true,
    banner: { js: BANNER },
    metafile: true,
  });
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.mjs'));
  const bytes = outputs.reduce((sum, [, out]) => sum + out.bytes, 0);
  const entry = outputs.find(([file]) => file.endsWith('/kubelint.mjs'));
  const ms = (performance.now() - started).toFixed(0);
  console.log(
    `dist/bundle/: boot.mjs, kubelint.cjs (${(statSync(path.join(outdir, 'kubelint.cjs')).size / 1024).toFixed(0)} KiB), ` +
      `ESM ${outputs.length} files, ${(bytes / 1024).toFixed(0)} KiB (entry ${((entry?.[1].bytes ?? 0) / 1024).toFixed(0)} KiB), ${ms} ms`,
  );
}

main().catch((error) => {
  console.error(`bundle: ${error.message}`);
  process.exitCode = 2;
});
