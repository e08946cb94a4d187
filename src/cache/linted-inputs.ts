// Which sets of input files were linted before with this build and cache folder (`rego/inputs/`):
// a hint for when to start the Rego helper thread (parallel/threads.ts). A large input linted
// before finds its Rego results stored (engine/rego-memo.ts): all of them when nothing changed, all
// but an edited namespace's after an edit. A helper started early for such a run evaluated nothing
// and cost its start-up (warm plain 10,000: ~0.08 s CPU, ~5 MiB). With the hint the chunks are
// looked up first, and the helper starts only when enough of them miss (engine/rego.ts).
// An entry is an empty file named by the build and the files' paths, not their contents (an edit
// keeps the hint). Not signed: a forged or stale entry only makes a run look its chunks up before
// starting the helper; nothing a run reports depends on it.
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeDirs } from '../shared/make-dirs.js';
import { pruneFolderOnce } from './prune.js';

const FORMAT = 1;
const DAY = 24 * 60 * 60 * 1000;
/** Sets kept: the newest by when they were first linted, none older than 30 days, looked at once a day at most. */
export const PRUNE_LINTED_INPUTS = { keep: 200, maxAgeMs: 30 * DAY, everyMs: DAY, ext: '.seen' };

/** The cache folder and kubelint's build, as the Rego results store has them. */
export interface LintedInputsHome {
  dir: string;
  version: string;
}

/** The entry of a set of files (their order does not matter). */
export function lintedInputsFile(home: LintedInputsHome, files: readonly string[]): string {
  const name = createHash('sha256').update(JSON.stringify([FORMAT, home.version, [...files].sort()])).digest('hex');
  return path.join(home.dir, 'rego', 'inputs', `${name}.seen`);
}

/**
 * Whether this set of files was linted before (an entry exists); records it when not, so that the
 * next run of the same set knows it. A folder that cannot be written records nothing.
 */
export function lintedBefore(home: LintedInputsHome, files: readonly string[]): boolean {
  const file = lintedInputsFile(home, files);
  if (existsSync(file)) return true;
  try {
    makeDirs(path.dirname(file));
    writeFileSync(file, '', { mode: 0o600 });
    pruneFolderOnce(path.dirname(file), PRUNE_LINTED_INPUTS);
  } catch {
    // read-only or full: the next run starts its helper early again
  }
  return false;
}
