// `npm run build` (last step): bundle the CLI with esbuild, so a cold run compiles a few files
// instead of resolving ~190 package files one by one (bench/CLI.md). Three outputs:
// - dist/bundle/boot.cjs: what bin/kubelint.js requires (src/cli/boot.ts, alone; CommonJS, as the
//   bin is: Node's ES module loader costs a cold start ~5 ms), with kubelint.cjs's SHA-256 and size;
// - dist/bundle/kubelint.cjs: the whole CLI in one CommonJS file, which boot compiles through a
//   signed V8 code cache (src/cache/code-cache.ts) — one cached compile instead of many. Written
//   without whitespace (1.6 -> 1.0 MB: every start reads, decodes and checks it; names are kept);
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
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { deferredPackages, lazyPackages } from './lazy-packages.mjs';

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

/**
 * The SDK's builtins for yaml.* (yaml v1, its own copy) and sprintf (sprintf-js) require those
 * packages at load; kubelint withdraws both builtins (src/policy/host-builtins.ts), so they are set
 * up only if ever called.
 */
const SDK_LAZY_PACKAGES = { yaml: ['parse', 'stringify'], 'sprintf-js': ['vsprintf'] };

/**
 * Packages kubelint's own modules import but most lints never call, set up when one of their
 * members is first read: `yaml` composes only the documents the fast path leaves to it (anchors,
 * tags, errors, ...); node:worker_threads (~0.5 ms, six more Node modules) only runs when a large
 * input starts the Rego helper thread (parallel/rego-helper.ts); picomatch only matches the globs of
 * config exemptions and `--changed` patterns.
 */
const DEFERRED_PACKAGES = ['yaml', 'node:worker_threads', 'picomatch'];

// CommonJS has no import.meta: its url is the file's own (the same folder as the ESM entry's).
// import() is routed through boot.cjs (src/cli/boot.ts), see routeDynamicImports.
const IMPORT_HOOK = '__kubelintImport';
/**
 * kubelint.cjs is written already wrapped the way require() wraps a CommonJS file: boot compiles
 * it as it is (src/cache/code-cache.ts WRAPPED_PREFIX, the same text), where `Module.wrap(source)`
 * made V8 flatten a copy of the whole source first (~280 page faults at every start).
 */
const WRAPPED_PREFIX = '(function (exports, require, module, __filename, __dirname) { /* wrapped by the build */';
const CJS_BANNER = [
  "const __kubelintModuleUrl = require('node:url').pathToFileURL(__filename).href;",
  `const ${IMPORT_HOOK} = globalThis[Symbol.for('kubelint.import')] ?? ((specifier) => Promise.reject(new Error(\`kubelint: cannot import \${specifier} here\`)));`,
].join('\n');

/**
 * Functions V8 restores from a code cache lose the script's dynamic-import host options (Node 20:
 * ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING), so the import() calls left in the CommonJS bundle
 * (Node built-ins, a trusted .mjs/.ts config through cosmiconfig) call a function boot.cjs
 * defines instead (a file Node loaded itself, where import() works).
 */
function routeDynamicImports(file) {
  const text = readFileSync(file, 'utf8');
  const routed = text.replace(/(?<![\w$.])import\((?=[^)])/g, `${IMPORT_HOOK}(`);
  writeFileSync(file, routed);
}

/**
 * What boot is built with (define): the bundle's SHA-256 (names the build for the caches,
 * src/cache/build-id.ts, and binds its code cache) and size. Boot decodes the bundle as latin1,
 * so it must be ASCII (esbuild escapes non-ASCII by default): a build that breaks this fails here.
 */
function recordBundle(file) {
  const bytes = readFileSync(file);
  const offending = bytes.findIndex((byte) => byte > 0x7f);
  if (offending !== -1) throw new Error(`${file}: byte ${offending} is not ASCII`);
  return { KUBELINT_BUNDLE_SHA256: JSON.stringify(createHash('sha256').update(bytes).digest('hex')), KUBELINT_BUNDLE_SIZE: String(bytes.length) };
}

const COMMON = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node20', external: EXTERNAL, logLevel: 'warning' };

async function main() {
  rmSync(outdir, { recursive: true, force: true }); // stale chunks from an earlier build
  const started = performance.now();
  const cli = path.join(outdir, 'kubelint.cjs');
  await build({
    ...COMMON,
    entryPoints: ['src/cli/entry.ts'],
    outfile: cli,
    format: 'cjs',
    external: EXTERNAL.filter((name) => name !== '@open-policy-agent/opa-wasm'),
    plugins: [bundleOpaSdk, lazyPackages(sdkRoot, SDK_LAZY_PACKAGES), deferredPackages(path.join(root, 'src'), DEFERRED_PACKAGES)],
    sourcemap: true,
    minifyWhitespace: true,
    minifySyntax: true,
    define: { 'import.meta.url': '__kubelintModuleUrl' },
    banner: { js: `${WRAPPED_PREFIX}\n${CJS_BANNER}` },
    footer: { js: '});' },
  });
  routeDynamicImports(cli);
  await build({
    ...COMMON,
    entryPoints: ['src/cli/boot.ts'],
    outfile: path.join(outdir, 'boot.cjs'),
    format: 'cjs',
    define: { 'import.meta.url': '__kubelintModuleUrl', ...recordBundle(cli) },
    banner: { js: "const __kubelintModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
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
    `dist/bundle/: boot.cjs, kubelint.cjs (${(statSync(path.join(outdir, 'kubelint.cjs')).size / 1024).toFixed(0)} KiB), ` +
      `ESM ${outputs.length} files, ${(bytes / 1024).toFixed(0)} KiB (entry ${((entry?.[1].bytes ?? 0) / 1024).toFixed(0)} KiB), ${ms} ms`,
  );
}

main().catch((error) => {
  console.error(`bundle: ${error.message}`);
  process.exitCode = 2;
});
