// Which cache folder (KUBELINT_CACHE_DIR) a benchmarked kubelint run gets, for bench/cli/ab.mjs and
// peers.mjs. kubelint keeps compiled CRD validators, V8 code caches and parsed large files there,
// so a run with a warm folder and one with an empty folder (a CI job on a fresh runner) differ.
//   first: a new, empty folder for every run, removed after it;
//   second (ab.mjs only): a new folder for every run, filled by exactly one untimed run before it
//          (the run that stores the parsed documents of texts seen for the second time);
//   warm:  one folder per key (a build, a tool on a shape), filled by the warm-up run;
//   undefined: the user's own folder, as kubelint finds it (the benchmarks' default).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CACHE_MODES = ['first', 'warm'];
/** ab.mjs runs the untimed run `second` needs; peers.mjs does not. */
export const AB_CACHE_MODES = [...CACHE_MODES, 'second'];

/** What a mode means, in a sentence for tables and logs. */
export function describeCacheMode(mode) {
  if (mode === 'first') return 'an empty cache folder for every kubelint run (a first run, as on a fresh CI runner)';
  if (mode === 'warm') return 'a cache folder per build, filled by the warm-up run';
  if (mode === 'second') return 'a new cache folder for every kubelint run, filled by exactly one untimed run before it (a second run: texts seen twice are stored)';
  if (mode === undefined) return "the user's cache folder";
  throw new Error(`unknown cache mode ${mode}; use ${AB_CACHE_MODES.join(' or ')}`);
}

/** A short name for table headings: "first runs", "warm runs". */
export function cacheModeLabel(mode) {
  describeCacheMode(mode);
  return mode === undefined ? 'runs with the user\'s cache folder' : `${mode} runs`;
}

/** Throws a clear error for anything but one of `modes` (first, warm) or nothing. */
export function checkCacheMode(mode, modes = CACHE_MODES) {
  if (mode !== undefined && !modes.includes(mode)) throw new Error(`--cache is ${modes.join(' or ')}, got ${mode}`);
  return mode;
}

/**
 * The cache folders of one benchmark: `forRun(key)` gives the env of a run, `done` to call after
 * it and `primes` (mode second: run kubelint once, untimed, with that env first); `close()` removes
 * the warm folders. Folders live under `base` (the OS's temp folder).
 */
export function cacheFolders(mode, base = tmpdir()) {
  checkCacheMode(mode, AB_CACHE_MODES);
  const warm = new Map();
  return {
    forRun(key) {
      if (mode === 'first' || mode === 'second') {
        const dir = mkdtempSync(join(base, `kubelint-${mode}-`));
        return { env: { KUBELINT_CACHE_DIR: dir }, primes: mode === 'second' ? 1 : 0, done: () => rmSync(dir, { recursive: true, force: true }) };
      }
      if (mode === 'warm') {
        if (!warm.has(key)) warm.set(key, mkdtempSync(join(base, 'kubelint-warm-')));
        return { env: { KUBELINT_CACHE_DIR: warm.get(key) }, primes: 0, done: () => {} };
      }
      return { env: {}, primes: 0, done: () => {} };
    },
    close() {
      for (const dir of warm.values()) rmSync(dir, { recursive: true, force: true });
      warm.clear();
    },
  };
}
