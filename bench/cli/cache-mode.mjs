// Which cache folder (KUBELINT_CACHE_DIR) a benchmarked kubelint run gets, for bench/cli/ab.mjs and
// peers.mjs. kubelint keeps compiled CRD validators, V8 code caches and parsed large files there,
// so a run with a warm folder and one with an empty folder (a CI job on a fresh runner) differ.
//   first: a new, empty folder for every run, removed after it;
//   warm:  one folder per key (a build, a tool on a shape), filled by the warm-up run;
//   undefined: the user's own folder, as kubelint finds it (the benchmarks' default).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CACHE_MODES = ['first', 'warm'];

/** What a mode means, in a sentence for tables and logs. */
export function describeCacheMode(mode) {
  if (mode === 'first') return 'an empty cache folder for every kubelint run (a first run, as on a fresh CI runner)';
  if (mode === 'warm') return 'a cache folder per build, filled by the warm-up run';
  if (mode === undefined) return "the user's cache folder";
  throw new Error(`unknown cache mode ${mode}; use ${CACHE_MODES.join(' or ')}`);
}

/** A short name for table headings: "first runs", "warm runs". */
export function cacheModeLabel(mode) {
  describeCacheMode(mode);
  return mode === undefined ? 'runs with the user\'s cache folder' : `${mode} runs`;
}

/** Throws a clear error for anything but first, warm or nothing. */
export function checkCacheMode(mode) {
  if (mode !== undefined && !CACHE_MODES.includes(mode)) throw new Error(`--cache is ${CACHE_MODES.join(' or ')}, got ${mode}`);
  return mode;
}

/**
 * The cache folders of one benchmark: `forRun(key)` gives the env of a run and `done` to call
 * after it; `close()` removes the warm folders. Folders live under `base` (the OS's temp folder).
 */
export function cacheFolders(mode, base = tmpdir()) {
  checkCacheMode(mode);
  const warm = new Map();
  return {
    forRun(key) {
      if (mode === 'first') {
        const dir = mkdtempSync(join(base, 'kubelint-first-'));
        return { env: { KUBELINT_CACHE_DIR: dir }, done: () => rmSync(dir, { recursive: true, force: true }) };
      }
      if (mode === 'warm') {
        if (!warm.has(key)) warm.set(key, mkdtempSync(join(base, 'kubelint-warm-')));
        return { env: { KUBELINT_CACHE_DIR: warm.get(key) }, done: () => {} };
      }
      return { env: {}, done: () => {} };
    },
    close() {
      for (const dir of warm.values()) rmSync(dir, { recursive: true, force: true });
      warm.clear();
    },
  };
}
