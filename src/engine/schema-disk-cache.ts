// The CLI's on-disk caches of validator code. 1) Compiled validators of custom-resource schemas (a CRD's served version, a schema folder's
// file), kept on disk by content: ajv's standalone code in the user's cache folder, signed with
// the user's key like the --cache file (cache/auth.ts). A 2 MB CRD schema costs ajv seconds and
// hundreds of MB to compile; the next run evaluates the stored code instead and never loads ajv's
// compiler. Stored code is ajv's standalone output of the very compile the first run used (the
// same mechanism as the build's precompiled kinds), and the run that compiles validates with that
// stored code too, so cold and warm runs validate alike. That code is compiled through a V8 code
// cache of its own, bound to its MAC (cache/code-cache.ts), so a warm run does not parse it again.
// 2) A V8 code cache for the build's precompiled kind modules (Node 20 has no
// module.enableCompileCache): compiling a kind's ~600 KB module is most of its first use.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { sign, verify } from '../cache/auth.js';
import { compileWithCodeCache, requireWithCodeCache, requireWrapped, type BuiltFile, type CachedModule } from '../cache/code-cache.js';
import { pruneFolderOnce } from '../cache/prune.js';
import { nameBound } from '../cache/signed-file.js';
import { KUBERNETES_FORMATS } from '../schemas/ajv-setup.js';
import type { JsonSchema } from '../schemas/normalize.js';
import { writeFileAtomic } from '../shared/write-atomic.js';
import { compileGarbageOfProcess } from './compile-garbage.js';
import { EXPORT, generateValidatorCode } from './schema-generate.js';

// 2: one function per object level (schema-split.ts); a format-1 file validates alike but compiles whole.
const FORMAT = 2;
const require = createRequire(import.meta.url);

export interface DiskCache {
  dir: string;
  secret: Buffer;
  /** kubelint's build (cache/build-id.ts): generated code is only reused by the kubelint that wrote it. */
  version: string;
}

let disk: DiskCache | undefined;

/** Turns the disk cache on for this process (the CLI does; the webhook keeps validators in memory). */
export function useValidatorDiskCache(cache: DiskCache | undefined): void {
  disk = cache;
}

/** The disk cache, when on: a one-shot CLI run, not a long-lived webhook. */
export function diskCache(): DiskCache | undefined {
  return disk;
}

/**
 * Runs stored validator code (its MAC verified, or just signed) compiled through a V8 code cache
 * of its own: compiling ~300 KB of code per CRD version, and then the functions validation calls,
 * was most of a warm crd run's schema work past validating itself (BENCHMARKS.md r9crd).
 */
function evaluate(code: string, file: string, mac: string, home: DiskCache, storeCache = true): ValidateFunction {
  // The module's own `require` resolves ajv's runtime helpers (ucs2length, equal) like precompiled code.
  const source = `(function (require, formats) {const module = { exports: {} };\nconst exports = module.exports;\n${code}\nreturn module.exports;\n})`;
  const compiled = compileWithCodeCache(source, file, home, mac);
  if (storeCache && !compiled.fromCache) storeWhenDone(file, compiled);
  const validate = ((compiled.value as (req: NodeRequire, formats: unknown) => Record<string, ValidateFunction>)(require, KUBERNETES_FORMATS))[EXPORT];
  if (typeof validate !== 'function') throw new Error('stored validator has no export');
  return validate;
}

/**
 * The validator for `schema()` (strict or relaxed as wanted; derived on a miss only), compiled
 * against the bundle's `definitions` (ObjectMeta): from disk when this exact input was compiled
 * before, else compiled now and stored. `keyText` names the input: the schema's JSON, or what it
 * is derived from by this very build (a CRD version's own JSON, schema-crd.ts). Undefined when the
 * disk cache is off: the caller compiles in memory.
 */
export function cachedValidator(keyText: string, schema: () => JsonSchema, bundleHash: string, strict: boolean, definitions: () => Record<string, JsonSchema>): ValidateFunction | undefined {
  if (!disk) return undefined;
  const file = validatorFile(disk, keyText, bundleHash, strict);
  const stored = readValidator(disk, file);
  if (stored) return stored;
  // The run validates with the stored code too: ajv's instance and its own functions go at once.
  // ajv's output can come out a two-byte string (the crd corpus's CRDs, as parsed, make it so;
  // the same schemas reparsed from JSON do not): twice the memory of the same code read back
  // from disk, kept as the functions' source. Re-decoded it is one byte a character, as warm.
  const code = Buffer.from(generateValidatorCode(schema(), definitions()), 'utf8').toString('utf8');
  compileGarbageOfProcess.compiled();
  const mac = sign(disk.secret, nameBound(file) + code);
  try {
    writeFileAtomic(file, `// mac ${mac}\n${code}`, 0o600);
    pruneFolderOnce(path.dirname(file), PRUNE_VALIDATORS);
  } catch {
    // a read-only cache folder costs the next run time, never this run
  }
  // Its code cache is left to the next run, which reads the code back: a first run's peak (at its
  // end, where the caches are made) is the higher one (crd 1,000: 130 -> 143 MiB with them here).
  return evaluate(code, file, mac, disk, false);
}

/** The validator stored for `keyText` (cachedValidator), if there is one that verifies; never compiles. */
export function storedValidator(keyText: string, bundleHash: string, strict: boolean): ValidateFunction | undefined {
  return disk && readValidator(disk, validatorFile(disk, keyText, bundleHash, strict));
}

function validatorFile(home: DiskCache, keyText: string, bundleHash: string, strict: boolean): string {
  return path.join(home.dir, 'validators', `${cacheFileName(keyText, bundleHash, strict)}.js`);
}

/** The name (no extension) of what is stored for `keyText` by this build, ajv and bundle, strict or not. */
export function cacheFileName(keyText: string, bundleHash: string, strict: boolean): string {
  const home = disk;
  if (!home) throw new Error('the validator disk cache is off');
  const ajvVersion = (require('ajv/package.json') as { version: string }).version;
  return createHash('sha256').update(JSON.stringify([FORMAT, home.version, ajvVersion, bundleHash, strict])).update('\u0000').update(keyText).digest('hex');
}

/**
 * Stored validators kept (up to ~300 KB each, one per CRD version or schema file in use): the newest
 * by when they were made; 500 is room for installs with hundreds of custom kinds in use, so warm runs
 * do not compile their own validators again. Listed when one is written (after a compile that costs
 * far more); a pruned one is compiled again.
 */
export const PRUNE_VALIDATORS = { keep: 500, ext: '.js' };

function readValidator(home: DiskCache, file: string): ValidateFunction | undefined {
  try {
    const [header, ...rest] = readFileSync(file, 'utf8').split('\n');
    const code = rest.join('\n');
    const mac = header?.replace(/^\/\/ mac /, '');
    if (mac !== undefined && verify(home.secret, nameBound(file) + code, mac)) return evaluate(code, file, mac, home);
  } catch {
    // missing, damaged, or foreign: the caller compiles (and overwrites)
  }
  return undefined;
}

const pending = new Map<string, Pick<CachedModule, 'store'>>();
let listening = false;

/** One beforeExit listener for every module and validator of the run (a listener each would warn past ten). */
function storeWhenDone(file: string, loaded: Pick<CachedModule, 'store'>): void {
  if (!listening) {
    listening = true;
    process.once('beforeExit', () => {
      listening = false;
      storeCodeCaches();
    });
  }
  pending.set(file, loaded);
}

/** Writes the code caches of what the run compiled without one: at its end, so they hold the functions it ran. */
export function storeCodeCaches(): void {
  for (const loaded of pending.values()) loaded.store(0);
  pending.clear();
}

/** The file beside the precompiled modules where the build records each one's SHA-256 and size (scripts/precompile-schemas.mjs). */
export const BUILT_FILE = 'built.json';
const builtByDir = new Map<string, Record<string, BuiltFile> | undefined>();

/**
 * What the build recorded of a precompiled module, read once per folder: its code cache is then
 * bound to that hash and to the file's size, mtime, ctime and inode (cache/code-cache.ts readSource), as
 * the CLI bundle's is, instead of hashing a ~500 KB module at every start. Undefined without a
 * record: the module is hashed as before.
 */
export function builtFile(file: string): BuiltFile | undefined {
  const dir = path.dirname(file);
  if (!builtByDir.has(dir)) {
    let record: Record<string, BuiltFile> | undefined;
    try {
      record = JSON.parse(readFileSync(path.join(dir, BUILT_FILE), 'utf8')) as Record<string, BuiltFile>;
    } catch {
      record = undefined;
    }
    builtByDir.set(dir, record);
  }
  const record = builtByDir.get(dir);
  const name = path.basename(file);
  const entry = record && Object.hasOwn(record, name) ? record[name] : undefined;
  return typeof entry?.sha256 === 'string' && typeof entry.size === 'number' ? entry : undefined;
}

/**
 * Requires a precompiled kind module, compiled from V8's code cache when this user has one for
 * this exact source and Node (cache/code-cache.ts); else compiles it and, once the run is done (so
 * the functions the validation compiled lazily are in it), stores the code cache, signed like the rest.
 * The build writes the modules already wrapped (scripts/precompile-schemas.mjs), so they are run
 * through requireWrapped without a cache, never through require().
 */
export function requirePrecompiled(file: string): unknown {
  if (!disk) return requireWrapped(file);
  try {
    const loaded = requireWithCodeCache(file, disk, builtFile(file));
    if (!loaded.fromCache) storeWhenDone(file, loaded);
    return loaded.exports;
  } catch {
    return requireWrapped(file);
  }
}
