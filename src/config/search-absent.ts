// Proves, by looking up the very names cosmiconfig's search (load.ts) would read, that it would
// find no config file, so that a run in a repository without one never loads cosmiconfig: its
// modules, its meta-config search and parse-json's code frame were ~10 ms of a ~80 ms cold run
// (BENCHMARKS.md, issue #22 round 5). Each folder costs one stat per name, whatever else it holds
// (listing the folders instead cost 15-35 ms from a folder of /tmp with 19,000 entries), and the
// file system answers as it answers cosmiconfig (letter case, symlinks). Conservative: whatever it
// is unsure of (a name that exists or cannot be looked up, a package.json that is not a plain JSON
// object or has the key, a meta config) answers false, and cosmiconfig searches exactly as before.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface SearchPlaces {
  /** The file names cosmiconfig looks for in each folder (besides package.json). */
  files: readonly string[];
  /** The package.json key it reads (cosmiconfig's packageProp: the module name). */
  packageProp: string;
}

/** Whether `file` exists (symlinks followed, as fs.stat does); undefined when that cannot be known. */
function exists(file: string): boolean | undefined {
  try {
    statSync(file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' || code === 'ENOTDIR' ? false : undefined;
  }
}

/** Whether `file` is a JSON object without an own `key` (what cosmiconfig reads as "no config here"). */
function jsonObjectWithout(file: string, key: string): boolean {
  try {
    const value: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value) && !Object.hasOwn(value, key);
  } catch {
    return false; // unreadable or not JSON: cosmiconfig reports it as before
  }
}

/** Whether `dir` holds no package.json, or one without `key`. */
function packageJsonWithout(dir: string, key: string): boolean {
  const file = path.join(dir, 'package.json');
  const found = exists(file);
  return found === false || (found === true && jsonObjectWithout(file, key));
}

/**
 * cosmiconfig 9 first searches `processCwd` alone for its meta config (package.json/package.yaml's
 * "cosmiconfig" key, .config/config.*), which can change the search places.
 */
function noMetaConfig(processCwd: string): boolean {
  return exists(path.join(processCwd, '.config')) === false && exists(path.join(processCwd, 'package.yaml')) === false && packageJsonWithout(processCwd, 'cosmiconfig');
}

/**
 * True when cosmiconfig's 'project' search from `cwd` finds nothing: it reads package.json and the
 * candidate names in each folder from `cwd` up, and stops after the first folder where `stat` finds
 * a package.json or package.yaml (or at the root).
 */
export function configCannotBeFound(cwd: string, processCwd: string, places: SearchPlaces): boolean {
  if (!noMetaConfig(processCwd)) return false;
  let dir = path.resolve(cwd);
  try {
    if (!statSync(dir).isDirectory()) return false;
  } catch {
    return false;
  }
  for (; ; dir = path.dirname(dir)) {
    if (!packageJsonWithout(dir, places.packageProp)) return false;
    if (places.files.some((name) => exists(path.join(dir, name)) !== false)) return false;
    if (exists(path.join(dir, 'package.json')) || exists(path.join(dir, 'package.yaml')) || path.dirname(dir) === dir) return true;
  }
}
