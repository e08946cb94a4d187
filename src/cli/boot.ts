// How bin/kubelint.js starts the CLI (bundled alone as dist/bundle/boot.cjs, scripts/bundle.mjs).
// Most of a small run is V8 parsing and compiling kubelint's JavaScript, so the CLI runs from a
// one-file CommonJS bundle (dist/bundle/kubelint.cjs) compiled through a V8 code cache in the
// user's cache folder, signed with the per-user key (cache/code-cache.ts). Without a usable cache
// folder it imports the split ESM bundle (dist/bundle/kubelint.mjs), which compiles only the
// chunks the run needs. Nothing here sets the exit code: the bin does.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { userKey } from '../cache/auth.js';
import { requireWithCodeCache, RUNNING_BUNDLE_HASH, type BuiltFile } from '../cache/code-cache.js';
import { defaultCacheDir } from '../config/paths.js';
import type { CliIO } from './io.js';

/** What cli/entry.ts exports. */
export interface CliModule {
  execute(argv: string[], io: CliIO): Promise<number>;
  processIO(): CliIO;
  runState: { engineLoaded: boolean };
}

/** The label of a code cache written after a lint: it holds the lint path's functions. */
const LINTED = 1;

// What scripts/bundle.mjs recorded of kubelint.cjs as it wrote it (esbuild `define`); absent when
// this module runs from source (tests), where the bundle is hashed at start as before.
declare const KUBELINT_BUNDLE_SHA256: string | undefined;
declare const KUBELINT_BUNDLE_SIZE: number | undefined;
const BUILT: BuiltFile | undefined =
  typeof KUBELINT_BUNDLE_SHA256 === 'string' && typeof KUBELINT_BUNDLE_SIZE === 'number' ? { sha256: KUBELINT_BUNDLE_SHA256, size: KUBELINT_BUNDLE_SIZE } : undefined;

/**
 * The CLI from `<bundleDir>/kubelint.cjs` through the code cache, with `finish` to call once the
 * run is done: it stores the code cache (the functions compiled by then are in it) when there was
 * none that V8 accepted, or when the stored one came from a run that did not lint and this one did.
 * Undefined when there is no such bundle or no cache key (the caller imports the ESM bundle).
 */
export function loadCachedCli(bundleDir: string, env: NodeJS.ProcessEnv, built: BuiltFile | undefined = BUILT): { cli: CliModule; finish(): void } | undefined {
  const file = path.join(bundleDir, 'kubelint.cjs');
  const secret = existsSync(file) ? userKey(env) : undefined;
  if (!secret) return undefined;
  const loaded = requireWithCodeCache(file, { dir: defaultCacheDir(env), secret }, built);
  (globalThis as Record<symbol, unknown>)[RUNNING_BUNDLE_HASH] = loaded.sourceHash;
  const cli = loaded.exports as CliModule;
  const finish = (): void => {
    const label = cli.runState.engineLoaded ? LINTED : 0;
    if (!loaded.fromCache || (loaded.label !== LINTED && label === LINTED)) loaded.store(label);
  };
  return { cli, finish };
}

/** import() for the CommonJS bundle (scripts/bundle.mjs routes its import() calls here): from a file Node itself loaded, it works. */
(globalThis as Record<symbol, unknown>)[Symbol.for('kubelint.import')] = (specifier: string) => import(specifier);

/** Runs the CLI for argv; resolves to the exit code. */
export async function runCli(argv: string[]): Promise<number> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  let cached: ReturnType<typeof loadCachedCli>;
  try {
    // `serve` is long-running (start-up does not count) and its Kubernetes client is an ES module
    // that CommonJS cannot require: it runs from the ESM bundle.
    cached = argv[0] === 'serve' ? undefined : loadCachedCli(here, process.env);
  } catch {
    cached = undefined; // an unreadable bundle file: the ESM bundle below
  }
  const cli = cached?.cli ?? ((await import(pathToFileURL(path.join(here, 'kubelint.mjs')).href)) as CliModule);
  const code = await cli.execute(argv, cli.processIO());
  cached?.finish();
  return code;
}
