// fast-glob for the synchronous callers (a chart's templates, policy folders, the policy library),
// set up when first used: its module set-up (picomatch, micromatch, its walker and an os.cpus()
// call) ran in every lint, ~1 ms, though a lint of plain folders never globs (load/folder-walk.ts).
// The bundle (scripts/bundle.mjs) inlines the require() of fast-glob; from source (the tests'
// ES modules, where there is no require) it is resolved through createRequire.
import { createRequire } from 'node:module';

type FastGlob = typeof import('fast-glob');

let loaded: FastGlob | undefined;

/** fast-glob, required on the first call. */
export function fastGlob(): FastGlob {
  loaded ??= (typeof require === 'function' ? require('fast-glob') : createRequire(import.meta.url)('fast-glob')) as FastGlob;
  return loaded;
}
