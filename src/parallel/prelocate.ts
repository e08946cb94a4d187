// Locations found while the main thread waits for the Rego helper (rego-helper.ts finish). At
// 10,000 resources the main thread ran out of its own checks 130-190 ms before the helper's last
// chunk, then spent ~110 ms locating the findings (most of them Rego's) after it: locating the
// findings of the chunks already back fills that wait instead. Locating is deterministic, so a
// location found early is the one finish would find.
import type { JsonPath, Location, Manifest, Resource } from '../types.js';
import { SharedPaths } from '../engine/shared-parts.js';

/**
 * Locations found ahead, per manifest: its paths and their locations in turn. A manifest has a few
 * findings; a Map per manifest held ~3 MiB at plain 10,000 (median of 4 runs), this list ~1.
 * Empty in a run without a helper.
 */
const found = new WeakMap<Manifest, Array<JsonPath | Location>>();

/** The location of `path` in `manifest` found ahead, if it was. */
export function prelocated(manifest: Manifest, path: JsonPath): Location | undefined {
  const entries = found.get(manifest);
  if (!entries) return undefined;
  // The shared path (SharedPaths) is found by identity; an equal copy by its segments.
  for (let i = 0; i < entries.length; i += 2) if (entries[i] === path || samePath(entries[i] as JsonPath, path)) return entries[i + 1] as Location;
  return undefined;
}

/** Locates `path` in `manifest` now (its range and note read, so nothing is left for later) and keeps it. */
export function prelocate(manifest: Manifest, path: JsonPath): void {
  let entries = found.get(manifest);
  if (!entries) found.set(manifest, (entries = []));
  else if (prelocated(manifest, path)) return;
  const { file, range, note } = manifest.locate(path);
  entries.push(path, note === undefined ? { file, range } : { file, range, note });
}

/** Same segments, of the same types (a key "1" is not the item 1). */
function samePath(a: JsonPath, b: JsonPath): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A finding of one chunk: a position in the chunk's resources and a path in that object. */
export interface ChunkFinding {
  index: number;
  path: readonly (string | number)[];
}

/**
 * Work for the waits of one batch's Rego evaluation: each call locates the findings of one chunk
 * whose outcome has come back, and says whether there was one. `results(i)` reads chunk i's
 * findings from its outcome (undefined: none yet, or a failed chunk, left to the evaluation);
 * `members(i)` maps a position in chunk i to a batch index (undefined: the whole batch). A
 * finding's location path is the one engine.ts locates: its resource's base path, then its path
 * (a missing field's path included: the closest existing ancestor is what locate falls back to).
 * A resource at the root of its manifest is located at `paths.whole(path)`: the array its
 * violation will carry (rego-results.ts decodeChunk), kept instead of a copy per finding.
 */
export function chunkLocator(
  batch: readonly Resource[],
  chunks: number,
  members: (chunk: number) => readonly number[] | undefined,
  results: (chunk: number) => readonly ChunkFinding[] | undefined,
  paths: SharedPaths = new SharedPaths(),
): () => boolean {
  const done = new Uint8Array(chunks);
  let from = 0;
  return () => {
    while (from < chunks && done[from]) from++;
    for (let chunk = from; chunk < chunks; chunk++) {
      if (done[chunk]) continue;
      const found = results(chunk);
      if (!found) continue;
      done[chunk] = 1;
      const positions = members(chunk);
      // By resource, as finish locates them: the locator keeps only the last few documents' indexes.
      for (const { index, path } of [...found].sort((a, b) => a.index - b.index)) {
        // A position past the members is a context object: the unit holding it reports it.
        const at = positions ? positions[index] : index;
        const resource = at === undefined ? undefined : batch[at];
        if (resource?.manifest) prelocate(resource.manifest, resource.basePath.length === 0 ? paths.whole(path) : [...resource.basePath, ...path]);
      }
      return true;
    }
    return false;
  };
}
