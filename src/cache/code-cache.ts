// CommonJS files compiled through a V8 code cache kept in the user's cache folder (Node 20 has no
// module.enableCompileCache): the CLI bundle (cli/boot.ts) and the precompiled kind validators
// (engine/schema-disk-cache.ts). V8 checks a code cache against its source's length only, so a
// cache accepted blindly could run other code than the file holds: each cache file is signed with
// the per-user key (auth.ts) and names the SHA-256 of the source it was made from (for the CLI
// bundle: the SHA-256 the build recorded, bound to the file's identity, see readSource). Anything
// missing, foreign, stale or refused by V8 compiles from source as if there were no cache.
// The build also ships a code cache beside each file it wrote (scripts/ship-code-caches.mjs), used
// when the user's folder has none for the file: a first run (a fresh CI runner) then compiles
// neither the CLI nor the kinds' validators. It is as trusted as the JavaScript beside it (same
// folder, same installer), so it is not signed, but it names the Node version, architecture and
// SHA-256 of the source it was made from, and the source is hashed before it is used.
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { stampOfDescriptor } from './file-stamps.js';
import { pruneFolderOnce } from './prune.js';
import { readSignedBytes, writeSignedParts } from './signed-file.js';
import { withDefaultFlags } from '../shared/v8-flags.js';

const FORMAT = 3;

/** Where boot.ts leaves the SHA-256 of the CLI bundle it runs (build-id.ts): a global, as boot and the bundle share no module. */
export const RUNNING_BUNDLE_HASH: unique symbol = Symbol.for('kubelint.bundleHash') as never;
/**
 * The first line of a file the build wrote already wrapped as require() wraps CommonJS (the CLI
 * bundle, scripts/bundle.mjs; the precompiled kind modules, scripts/precompile-schemas.mjs):
 * compiled as it is. `Module.wrap(source)` is a concatenation V8 flattens into a copy of the whole
 * source before compiling (~280 page faults for the bundle, ~130 for a workload kind's module).
 */
export const WRAPPED_PREFIX = '(function (exports, require, module, __filename, __dirname) { /* wrapped by the build */\n';
/** What closes a wrapped file after its CommonJS body. */
export const WRAPPED_SUFFIX = '\n});\n';
const HASH_BYTES = 64; // hex SHA-256 of the source

export interface CodeCacheHome {
  /** The user's cache folder (config/paths.ts defaultCacheDir). */
  dir: string;
  secret: Buffer;
}

export interface CachedModule {
  exports: unknown;
  /** V8 compiled from a cache: the user's (signed, for this source) or the build's shipped one (for this source and Node), accepted by V8. */
  fromCache: boolean;
  /** What the writer of the accepted cache said of it (see store); undefined without one. */
  label: number | undefined;
  /** SHA-256 of the file's source. */
  sourceHash: string;
  /** Writes this script's code cache now: the functions compiled so far are in it. */
  store(label: number): void;
}

/**
 * Code caches kept: the CLI bundle's, the kind modules' and one per stored CRD validator (up to
 * ~280 KB), the newest by when they were written; room for every validator kept (PRUNE_VALIDATORS)
 * and the kinds, so a run never prunes what it uses. Listed when one is written (a few per run that
 * compiled something new), so no `.pruned` marker is needed.
 */
export const PRUNE_CODE_CACHES = { keep: 1000, ext: '.bin' };

/** One cache file per file path, Node version and architecture: a rebuilt file overwrites its entry. */
export function codeCacheFile(dir: string, file: string): string {
  const id = createHash('sha256').update(JSON.stringify([FORMAT, process.version, process.arch, file])).digest('hex');
  return path.join(dir, 'v8', `${id}.bin`);
}

/** The stored code cache and its label, when signed by this user's key for exactly this source (`sourceHash`: what readSource binds to). */
export function readCodeCache(cacheFile: string, secret: Buffer, sourceHash: string): { data: Buffer; label: number } | undefined {
  const entry = readEntry(cacheFile, secret, sourceHash);
  return entry?.label === SHIPPED_NOTE ? undefined : entry;
}

/** The user's entry for this source: a code cache, or a note naming the shipped one (SHIPPED_NOTE). */
function readEntry(cacheFile: string, secret: Buffer, sourceHash: string): { data: Buffer; label: number } | undefined {
  const body = readSignedBytes(cacheFile, secret);
  if (body === undefined || body.length <= HASH_BYTES + 1) return undefined;
  if (body.subarray(0, HASH_BYTES).toString('latin1') !== sourceHash) return undefined;
  return { label: body[HASH_BYTES]!, data: body.subarray(HASH_BYTES + 1) };
}

export function writeCodeCache(cacheFile: string, secret: Buffer, sourceHash: string, label: number, data: Buffer): void {
  try {
    // The hash and label, then V8's data as it is: joining them (and the MAC) copied the CLI's ~740 KB twice.
    writeSignedParts(cacheFile, secret, [Buffer.from(sourceHash, 'latin1'), Buffer.from([label]), data]);
    pruneFolderOnce(path.dirname(cacheFile), PRUNE_CODE_CACHES);
  } catch {
    // speed only: a read-only cache folder costs the next run time, never this run
  }
}

/** The label of a shipped cache a run used, as compileWithCodeCache reports it for a later run (see SHIPPED_NOTE): below any label a run stores. */
export const SHIPPED_COPY = 0;

/**
 * The label of a note in the user's folder instead of a cache: the shipped cache of this source
 * verified, and the identity (device, inode, size, modification and change times) of the file it
 * was read from. A later run reads that file without hashing it or the source again, as long as it
 * is the same file: an edit or a replacement changes its change time, which no one can set back
 * (the CLI bundle's own binding, readSource, rests on the same). A signed copy of the ~800 KB
 * cache did the same job; writing it cost a first run at plain 100 ~6 ms of its main thread.
 */
const SHIPPED_NOTE = 255;

/** A file's bytes and identity (its stamp, file-stamps.ts), read through one descriptor. */
function readWithIdentity(file: string): { bytes: Buffer; identity: string } {
  const fd = openSync(file, 'r');
  try {
    return { identity: stampOfDescriptor(fd), bytes: readFileSync(fd) };
  } finally {
    closeSync(fd);
  }
}

/** Where the build ships the code cache of a file it wrote: next to it. */
export const SHIPPED_SUFFIX = '.v8cache';
const SHIPPED_MAGIC = 'kubelint-code-cache';
const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/**
 * The shipped cache's first line: what it is, the Node and architecture it is for, the SHA-256 of
 * its source, the SHA-256 of V8's data after the line (V8 takes a damaged cache of the right
 * length: it does not checksum it), and the label of the run that made it.
 */
function shippedHeader(sourceHash: string, dataHash: string, label: number): string {
  return `${SHIPPED_MAGIC} ${FORMAT} ${process.version} ${process.arch} ${sourceHash} ${dataHash} ${label}\n`;
}

/** A shipped code cache: made by this Node (the build's), for the source whose SHA-256 is `sourceHash`. */
export function shippedCodeCache(sourceHash: string, label: number, data: Uint8Array): Buffer {
  if (!/^[0-9a-f]{64}$/.test(sourceHash) || !Number.isInteger(label) || label < 0 || label > 9) throw new Error(`shippedCodeCache: bad source hash or label (${sourceHash}, ${label})`);
  return Buffer.concat([Buffer.from(shippedHeader(sourceHash, sha256(data), label), 'latin1'), data]);
}

/**
 * The code cache shipped beside `file`, when it was made by this Node version and architecture
 * from exactly `source` (hashed here: a file edited after the build compiles afresh) and its data
 * is whole. Missing, damaged, truncated, for another Node or other bytes: undefined.
 */
export function readShippedCodeCache(file: string, source: Uint8Array): { data: Buffer; label: number; identity: string } | undefined {
  let read: { bytes: Buffer; identity: string };
  try {
    read = readWithIdentity(file + SHIPPED_SUFFIX);
  } catch {
    return undefined;
  }
  const parts = shippedParts(read.bytes);
  if (!parts || read.bytes.toString('latin1', 0, parts.headerEnd) !== shippedHeader(sha256(source), sha256(parts.data), parts.label)) return undefined;
  return { data: parts.data, label: parts.label, identity: read.identity };
}

/** A shipped cache file's header end, label and data, unchecked. */
function shippedParts(raw: Buffer): { headerEnd: number; label: number; data: Buffer } | undefined {
  const newline = raw.indexOf(0x0a);
  if (newline < 0 || newline > 512) return undefined;
  const data = raw.subarray(newline + 1);
  const label = Number(raw.toString('latin1', newline - 1, newline));
  if (!Number.isInteger(label) || data.length === 0) return undefined;
  return { headerEnd: newline + 1, label, data };
}

/** The shipped cache beside `file` that a note verified, when the file is still the one it read (`identity`): not hashed again. */
function notedShippedCache(file: string, identity: string): { data: Buffer; label: number } | undefined {
  try {
    const read = readWithIdentity(file + SHIPPED_SUFFIX);
    const parts = read.identity === identity ? shippedParts(read.bytes) : undefined;
    return parts && { data: parts.data, label: SHIPPED_COPY };
  } catch {
    return undefined;
  }
}

/**
 * The code cache the user's folder holds for `file` as it is now (what the build ships after a
 * training run, scripts/ship-code-caches.mjs), with its label; undefined without one that verifies.
 */
export function storedCodeCache(file: string, home: CodeCacheHome, built?: BuiltFile): { data: Buffer; label: number } | undefined {
  return readCodeCache(codeCacheFile(home.dir, file), home.secret, readSource(file, built).binding);
}

/** A file as the build wrote it: its SHA-256 and size (scripts/bundle.mjs records them for the CLI bundle). */
export interface BuiltFile {
  sha256: string;
  size: number;
}

/**
 * The file's bytes and what its code cache is bound to. With `built` and the size the build
 * wrote, the build's SHA-256 names the source (hashing the 1 MB bundle at every start cost ~2 ms),
 * and the cache is bound to it and to this very file's size, mtime, ctime and inode: a file edited or
 * replaced after the build (even to the same length) never meets a cache made from the old one.
 * Otherwise the source's own SHA-256.
 */
function readSource(file: string, built: BuiltFile | undefined): { bytes: Buffer; sourceHash: string; binding: string } {
  const fd = openSync(file, 'r');
  try {
    const stat = fstatSync(fd); // the file read below, not whatever the path names a moment later
    const bytes = readFileSync(fd);
    if (built && bytes.length === built.size) {
      // ctime too: an edit in place whose mtime is set back (touch -d, cp -p, rsync --inplace) keeps
      // size, mtime and inode, but no one can set the ctime back.
      const binding = createHash('sha256').update(JSON.stringify([built.sha256, stat.size, stat.mtimeMs, stat.ctimeMs, stat.ino])).digest('hex');
      return { bytes, sourceHash: built.sha256, binding };
    }
    const sourceHash = createHash('sha256').update(bytes).digest('hex');
    return { bytes, sourceHash, binding: sourceHash };
  } finally {
    closeSync(fd);
  }
}

/** Runs a CommonJS file like require() does (fresh, not in require.cache), compiled from the cache when it verifies. */
export function requireWithCodeCache(file: string, home: CodeCacheHome, built?: BuiltFile): CachedModule {
  const { bytes, sourceHash, binding } = readSource(file, built);
  const source = decodeSource(bytes);
  const code = source.startsWith(WRAPPED_PREFIX) ? source : Module.wrap(source);
  const compiled = compileWithCodeCache(code, file, home, binding, () => readShippedCodeCache(file, bytes));
  return { ...compiled, exports: callWrapper(compiled.value, file), sourceHash };
}

/**
 * Evaluates `code` (a script whose value is a function to call) compiled from the code cache of
 * `file` when one is stored for `binding`: 64 hex characters that name this exact source (its
 * SHA-256, or a MAC the caller verified over it); else from `shipped`, the build's cache of the
 * file, when there is one for it. `store` writes the cache of what has run so far.
 */
export function compileWithCodeCache(
  code: string,
  file: string,
  home: CodeCacheHome,
  binding: string,
  shipped?: () => { data: Buffer; label: number; identity?: string } | undefined,
): Omit<CachedModule, 'exports' | 'sourceHash'> & { value: unknown } {
  const cacheFile = codeCacheFile(home.dir, file);
  const entry = readEntry(cacheFile, home.secret, binding);
  const own = entry?.label === SHIPPED_NOTE ? undefined : entry;
  const noted = entry?.label === SHIPPED_NOTE && shipped ? notedShippedCache(file, entry.data.toString('latin1')) : undefined;
  const verified = own ?? noted ? undefined : shipped?.();
  const stored = own ?? noted ?? verified;
  // No dynamic-import option: functions restored from a code cache lose it (Node 20), so files run
  // here must not call import() (the CLI bundle routes it through boot, scripts/bundle.mjs).
  // Under V8's default flags: a flag the run changed (shared/v8-flags.ts) changes the hash V8 checks caches against.
  const script = withDefaultFlags(() => new vm.Script(code, { filename: file, ...(stored ? { cachedData: stored.data } : {}) }));
  const fromCache = stored !== undefined && !script.cachedDataRejected;
  // A shipped cache V8 took is noted in the user's folder (SHIPPED_NOTE), signed and bound like the
  // user's own: later runs then neither hash the source nor the cache (~4 ms less on every one),
  // and see it labelled 0 (SHIPPED_COPY), so a caller that stores a labelled cache when the stored
  // one's label is lower (cli/boot.ts) replaces it by one made for the user's own inputs on the
  // next run; compiling that on the first run cost it ~14 ms (BENCHMARKS.md r11ship).
  if (fromCache && verified?.identity !== undefined) writeCodeCache(cacheFile, home.secret, binding, SHIPPED_NOTE, Buffer.from(verified.identity, 'latin1'));
  return {
    value: script.runInThisContext(),
    fromCache,
    label: fromCache ? stored.label : undefined,
    store: (label) => writeCodeCache(cacheFile, home.secret, binding, label, withDefaultFlags(() => script.createCachedData())),
  };
}

/**
 * Runs a CommonJS file without a code cache (no cache folder, or the cache failed): a file the
 * build wrote wrapped is compiled as it is (require() would only evaluate the wrapper function,
 * never call it), any other file goes through require().
 */
export function requireWrapped(file: string): unknown {
  const source = decodeSource(readFileSync(file));
  if (!source.startsWith(WRAPPED_PREFIX)) return createRequire(file)(file);
  return callWrapper(vm.runInThisContext(source, { filename: file }), file);
}

/** esbuild and ajv write ASCII: decoding it as latin1 gives the same string ~4x faster than UTF-8 (5 ms for the CLI bundle). */
function decodeSource(bytes: Buffer): string {
  return isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
}

/** Calls a CommonJS wrapper function as require() does; its module's exports. */
function callWrapper(wrapper: unknown, file: string): unknown {
  const mod = { exports: {} as unknown };
  (wrapper as (...args: unknown[]) => void)(mod.exports, createRequire(file), mod, file, path.dirname(file));
  return mod.exports;
}
