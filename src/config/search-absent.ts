// Proves, with one directory listing per searched folder, that cosmiconfig's search (load.ts)
// would find no config file, so that a run in a repository without one never loads cosmiconfig:
// its modules, its meta-config search and parse-json's code frame were ~10 ms of a ~80 ms cold
// run (BENCHMARKS.md, issue #22 round 5). Conservative: whatever it is unsure of (a candidate name
// in any letter case, a package.json that is not a plain JSON object or has the key, a folder it
// cannot list, a meta config) answers false, and cosmiconfig searches exactly as before.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface SearchPlaces {
  /** The file names cosmiconfig looks for in each folder (besides package.json). */
  files: readonly string[];
  /** The package.json key it reads (cosmiconfig's packageProp: the module name). */
  packageProp: string;
}

/** Lower-cased names in a folder, or undefined when it cannot be listed. */
function listing(dir: string): Set<string> | undefined {
  try {
    return new Set(readdirSync(dir).map((name) => name.toLowerCase()));
  } catch {
    return undefined;
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

/**
 * cosmiconfig 9 first searches `processCwd` alone for its meta config (package.json/package.yaml's
 * "cosmiconfig" key, .config/config.*), which can change the search places.
 */
function noMetaConfig(processCwd: string): boolean {
  const names = listing(processCwd);
  if (!names || names.has('.config') || names.has('package.yaml')) return false;
  return !names.has('package.json') || jsonObjectWithout(path.join(processCwd, 'package.json'), 'cosmiconfig');
}

/**
 * True when cosmiconfig's 'project' search from `cwd` finds nothing: it looks in each folder from
 * `cwd` up and stops after the first one holding a package.json or package.yaml (or at the root).
 */
export function configCannotBeFound(cwd: string, processCwd: string, places: SearchPlaces): boolean {
  if (!noMetaConfig(processCwd)) return false;
  const candidates = places.files.map((name) => name.toLowerCase());
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const names = listing(dir);
    if (!names || candidates.some((name) => names.has(name))) return false;
    if (names.has('package.json') && !jsonObjectWithout(path.join(dir, 'package.json'), places.packageProp)) return false;
    if (stopsHere(dir, names) || path.dirname(dir) === dir) return true;
  }
}

/**
 * cosmiconfig stops where `stat` finds package.json or package.yaml: the exact name, symlinks
 * followed. The lower-cased listing would also stop at a PACKAGE.YAML or a dangling link, where
 * cosmiconfig goes on to the parent folder and may find a config there.
 */
function stopsHere(dir: string, names: Set<string>): boolean {
  return ['package.json', 'package.yaml'].some((name) => names.has(name) && existsSync(path.join(dir, name)));
}
