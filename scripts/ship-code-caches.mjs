// `npm run build` (last step): V8 code caches shipped beside the files the build wrote, so a first
// run (an empty cache folder: a fresh CI runner) compiles neither the CLI bundle nor the kinds'
// validator modules (src/cache/code-cache.ts readShippedCodeCache). They come from training runs:
// the built CLI, started as bin/kubelint.js starts it, lints this script's own inputs
// (scripts/code-cache-training.mjs) in fresh cache folders; each process writes its code caches
// there as any first run does (with the functions it called compiled in), and each is copied
// beside its source with a header naming this Node version, architecture and the SHA-256 of the
// source and of the data. Then a fresh process checks that V8 takes every one; a missing, stale or
// refused one fails the build (and `--check`).
//
//   node scripts/ship-code-caches.mjs            # train, write dist/**/*.v8cache, check
//   node scripts/ship-code-caches.mjs --check    # only check what is there (exit 1 when missing, stale or refused)
//   KUBELINT_SHIP_CODE_CACHES=no                 # ship none (scripts/prepare.mjs sets it for an npm install)
//
// Two builds of one commit in one folder ship the same CLI bundle cache, byte for byte: the training
// processes run with a fixed --random-seed (V8 derives its string hash seed from it, and leaves that
// flag out of the flag hash a cache is checked against, so a run without it takes them; a fixed
// --hash-seed also gives the same bytes, but V8 then refuses them without that flag). The CLI
// bundle, the strict and the relaxed kind modules are each trained by a process of their own:
// trained after much else in one process, a few workload modules came out 8-24 bytes apart from
// build to build as garbage collections fell; so trained, the modules' caches come out the same too
// on a quiet or merely busy machine, but not always under a full test run's load. Builds in two
// folders differ: each cache holds its file's absolute path (V8 replaces it when it loads the
// cache). The caches hold V8's compiled bytecode of
// the Node that built them: on another Node version or with other V8 flags a run skips them by their
// header or V8 refuses them, and the run compiles as before.
import { isAscii } from 'node:buffer';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { readShippedCodeCache, shippedCodeCache, storedCodeCache, SHIPPED_SUFFIX } from '../dist/cache/code-cache.js';
import { userKey } from '../dist/cache/auth.js';
import { buildIdentity } from '../dist/cache/build-id.js';
import { BUILT_FILE, builtFile, requirePrecompiled, storeCodeCaches, useValidatorDiskCache } from '../dist/engine/schema-disk-cache.js';
import { exportName, FAST_MODULE_SUFFIX, KUBERNETES_FORMATS } from '../dist/schemas/ajv-setup.js';
import { PRECOMPILED_KINDS } from '../dist/schemas/precompile.js';
import { newestBundledVersion, precompiledDir } from '../dist/schemas/store.js';
import { TEMPLATES, writeTrainingSet } from './code-cache-training.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(root, 'dist', 'bundle', 'kubelint.cjs');

/** The V8 seed of the training processes (see the top of this file): any fixed number gives reproducible caches. */
const TRAINING_SEED = 20;

/** The environment of a training run and of the check: no NODE_OPTIONS, whose V8 flags would be hashed into the caches. */
function cleanEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

/** Every file that gets a shipped cache: the CLI bundle and each precompiled module (both strictnesses). */
function targets(version) {
  const modules = [true, false].flatMap((strict) => {
    const dir = precompiledDir(version, strict);
    const built = JSON.parse(readFileSync(path.join(dir, BUILT_FILE), 'utf8'));
    return Object.keys(built).map((name) => path.join(dir, name));
  });
  return [BUNDLE, ...modules];
}

/**
 * Runs the built CLI in a fresh cache folder, once per argument list in `runs`, in one process
 * (this script's --run mode: the CLI bundle's code cache, written at the end, then holds what all
 * of them compiled), and validates each of `singles` through its kind's own module; resolves to
 * the folder. Anything but reports (exit 0 or 1, quiet stderr) fails the build.
 */
function train(runs, singles) {
  const cacheDir = mkdtempSync(path.join(tmpdir(), 'kubelint-train-'));
  const args = [`--random-seed=${TRAINING_SEED}`, fileURLToPath(import.meta.url), '--run', JSON.stringify({ runs: runs.map((run) => [...run, '--no-config']), singles })];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, env: cleanEnv({ KUBELINT_CACHE_DIR: cacheDir }), stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if ((code === 0 || code === 1) && stderr === '') resolve(cacheDir);
      else reject(new Error(`training runs ${JSON.stringify(runs)} exited ${code}: ${stderr.trim()}`));
    });
  });
}

async function ship(version) {
  const started = performance.now();
  const work = mkdtempSync(path.join(tmpdir(), 'kubelint-training-'));
  const folders = [];
  try {
    // Trained from source: a run that found the caches of an earlier build would write none.
    for (const file of targets(version)) rmSync(file + SHIPPED_SUFFIX, { force: true });
    const all = writeTrainingSet(work, PRECOMPILED_KINDS);
    // The CLI bundle's cache: the whole set in the default format, then relaxed. Each strictness's
    // modules: the set in that strictness (the pre-check modules it loads), then each kind's own
    // modules (a batch of one workload kind loads its pre-check's; an object the pre-check does not
    // pass loads ajv's) with its object validated. One process each: see the top of this file.
    // (Adding the other formats and ~500 resources made a 4% larger bundle cache that cost first
    // runs at 100 resources 0-12% CPU and gained nothing at 1,000: BENCHMARKS.md r11ship.)
    const singles = (strict) => PRECOMPILED_KINDS.map((key) => ({ key, strict }));
    const bundleFolder = await train([[all], [all, '--no-strict']], []);
    folders.push(bundleFolder);
    const strictFolder = await train([[all]], singles(true));
    folders.push(strictFolder);
    const relaxedFolder = await train([[all, '--no-strict']], singles(false));
    folders.push(relaxedFolder);
    const relaxedDir = path.resolve(precompiledDir(version, false));
    let bytes = 0;
    const missing = [];
    for (const file of targets(version)) {
      const source = readFileSync(file);
      const sha256 = createHash('sha256').update(source).digest('hex');
      // What the runs bound their caches to: the build's record of the file (boot.cjs holds the bundle's, built.json the modules').
      const built = file === BUNDLE ? { sha256, size: source.length } : builtFile(file);
      const dir = file === BUNDLE ? bundleFolder : path.dirname(file) === relaxedDir ? relaxedFolder : strictFolder;
      const found = storedCodeCache(file, { dir, secret: userKey({ KUBELINT_CACHE_DIR: dir }) }, built);
      if (!found) {
        missing.push(path.relative(root, file));
        continue;
      }
      const shipped = shippedCodeCache(sha256, found.label, found.data);
      writeFileSync(file + SHIPPED_SUFFIX, shipped);
      bytes += shipped.length;
    }
    if (missing.length > 0) throw new Error(`no training run compiled ${missing.join(', ')}: scripts/code-cache-training.mjs must lint an object that loads it`);
    const ms = (performance.now() - started).toFixed(0);
    console.log(`code caches: ${targets(version).length} files, ${(bytes / 1024).toFixed(0)} KiB shipped beside them, trained in ${ms} ms`);
  } finally {
    for (const dir of [work, ...folders]) rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Problems with the shipped caches, checked in a fresh process without NODE_OPTIONS (as a user's run
 * reads them): a file without one, one made from other bytes or another Node, one V8 refuses.
 */
function check(version) {
  const result = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--accepts', version], { env: cleanEnv(), encoding: 'utf8' });
  if (result.status !== 0) return [result.stderr.trim() || `check exited ${result.status}`];
  return JSON.parse(result.stdout);
}

/** The child side of check(): compiles each file with its shipped cache, once (V8 reuses a script it compiled before in the same process). */
function accepts(version) {
  const problems = [];
  for (const file of targets(version)) {
    const source = readFileSync(file);
    const shipped = readShippedCodeCache(file, source);
    if (!shipped) {
      problems.push(`${path.relative(root, file)}: no shipped code cache for this source and Node ${process.version} ${process.arch}`);
      continue;
    }
    // Decoded as code-cache.ts decodes it: V8 checks the cache against the string's length.
    const text = isAscii(source) ? source.toString('latin1') : source.toString('utf8');
    const script = new vm.Script(text, { filename: file, cachedData: shipped.data });
    if (script.cachedDataRejected) problems.push(`${path.relative(root, file)}: V8 refuses its shipped code cache`);
  }
  process.stdout.write(JSON.stringify(problems));
}

/**
 * The child side of train(): the CLI as bin/kubelint.js starts it (dist/bundle/boot.cjs), run once
 * per argument list; then each single kind's own module required and its training object checked,
 * the modules' caches stored as a run stores them (engine/schema-disk-cache.ts).
 */
async function runAll({ runs, singles }) {
  const { loadCachedCli } = createRequire(import.meta.url)(path.join(root, 'dist', 'bundle', 'boot.cjs'));
  const loaded = loadCachedCli(path.join(root, 'dist', 'bundle'), process.env);
  if (!loaded) throw new Error('the CLI bundle or a cache key is missing');
  let worst = 0;
  for (const argv of runs) worst = Math.max(worst, await loaded.cli.execute(argv, loaded.cli.processIO()));
  loaded.finish();
  useValidatorDiskCache({ dir: process.env.KUBELINT_CACHE_DIR, secret: userKey(process.env), version: buildIdentity() });
  const version = newestBundledVersion();
  for (const { key, strict } of singles) {
    const name = exportName(key);
    const load = (file) => requirePrecompiled(path.join(precompiledDir(version, strict), `${file}.cjs`)).load(KUBERNETES_FORMATS)[name];
    // The kind's pre-check (src/schemas/fast-validator.ts), as a batch of that one kind loads it, and
    // ajv's module, which a run loads for an object the pre-check does not pass: the training
    // object's paths compiled, as a run validates one whole object with a mistake somewhere.
    const [fast, validate] = [load(name + FAST_MODULE_SUFFIX), load(name)];
    if (typeof fast !== 'function' || typeof validate !== 'function') throw new Error(`${name}: no validator in its precompiled modules`);
    if (!fast(TEMPLATES[key]()) || !validate(TEMPLATES[key]())) throw new Error(`${name}: the training object does not pass its pre-check and ajv`);
  }
  storeCodeCaches();
  process.exitCode = worst;
}

async function main() {
  const [mode, arg] = process.argv.slice(2);
  if (mode === '--accepts') return accepts(arg);
  if (mode === '--run') return runAll(JSON.parse(arg));
  const version = newestBundledVersion();
  if (mode !== undefined && mode !== '--check') throw new Error(`unknown option ${mode} (usage: ship-code-caches.mjs [--check])`);
  if (mode === undefined && process.env.KUBELINT_SHIP_CODE_CACHES === 'no') {
    // scripts/prepare.mjs for an install: a run compiles and stores its own, as without this step.
    for (const file of targets(version)) rmSync(file + SHIPPED_SUFFIX, { force: true });
    console.log('code caches: none shipped (KUBELINT_SHIP_CODE_CACHES=no)');
    return;
  }
  if (mode === undefined) await ship(version);
  const problems = check(version);
  if (problems.length > 0) {
    console.error(`code caches:\n  ${problems.join('\n  ')}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(`ship-code-caches: ${error.message}`);
  process.exitCode = 2;
});
