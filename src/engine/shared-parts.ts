// What many findings of one lint call have in common, kept once. A first run on a legacy repository
// has 10-15 findings per workload (54,000 at 10,000 resources), and each finding used to carry its
// own display path (a chain of concatenations, ~250 bytes, for a few dozen distinct paths) and its
// own copy of its resource's reference (BENCHMARKS.md r9findings).
import type { JsonPath, Resource, ResourceRef } from '../types.js';
import { formatPath } from './path.js';

export class SharedParts {
  private readonly shown = new Map<string, string>();
  /** By the array itself: the Rego findings' paths are shared arrays (SharedPaths), so most are found here without a key string. */
  private readonly shownOf = new Map<JsonPath, string>();
  private readonly refs = new Map<Resource, ResourceRef>();

  /** formatPath of a path, one string per distinct path. Paths are never mutated (JsonPath is read-only). */
  shownPath(path: JsonPath): string {
    let text = this.shownOf.get(path);
    if (text !== undefined) return text;
    // JSON keeps ["0"] and [0], or ["a.b"] and ["a", "b"], apart.
    const key = JSON.stringify(path);
    text = this.shown.get(key);
    if (text === undefined) {
      text = formatPath(path);
      this.shown.set(key, text);
    }
    this.shownOf.set(path, text);
    return text;
  }

  /** The finding's reference to a resource, one object per resource. Never mutate what it returns. */
  ref(resource: Resource): ResourceRef {
    let ref = this.refs.get(resource);
    if (ref === undefined) {
      const { apiVersion, kind, name, namespace } = resource;
      ref = namespace === undefined ? { apiVersion, kind, name } : { apiVersion, kind, name, namespace };
      this.refs.set(resource, ref);
    }
    return ref;
  }
}

/** How many leading segments of `path` exist in `object`: a segment exists when `in` finds it. */
export function existingDepth(object: unknown, path: readonly (string | number)[]): number {
  let node: unknown = object;
  let depth = 0;
  for (const segment of path) {
    if (node === null || typeof node !== 'object' || !(segment in (node as object))) break;
    node = (node as Record<string | number, unknown>)[segment];
    depth++;
  }
  return depth;
}

/** A node of SharedPaths' tree: the path that ends here, once asked for, and the longer ones. */
interface PathNode {
  path?: JsonPath;
  next?: Map<string | number, PathNode>;
}

/**
 * Rego's result paths, one array per distinct path. The policy's results come back as JSON, every
 * violation with its own path array and segment strings (54,000 of them on the legacy shape for 25
 * distinct display paths: ~10 MB at the run's peak, BENCHMARKS.md r9findings). A tree of segments
 * finds the shared array with one Map lookup per segment: no key string is built per violation.
 * Map keys keep the segments' types apart (the item 0 is not the key "0"). Never mutate what it returns.
 */
export class SharedPaths {
  private readonly root: PathNode = {};

  /** `path` as the array every equal path shares. */
  whole(path: readonly (string | number)[]): JsonPath {
    const node = this.nodeOf(path, path.length);
    return (node.path ??= path.slice());
  }

  /**
   * The longest prefix of `path` that exists in `object` (where a finding about a missing field
   * points, as rego.ts existingPrefix), and the whole path; both shared.
   */
  existing(object: unknown, path: readonly (string | number)[]): { kept: JsonPath; whole: JsonPath } {
    const depth = existingDepth(object, path);
    const whole = this.whole(path);
    if (depth === path.length) return { kept: whole, whole };
    const prefix = this.nodeOf(path, depth);
    return { kept: (prefix.path ??= path.slice(0, depth)), whole };
  }

  private nodeOf(path: readonly (string | number)[], depth: number): PathNode {
    let node = this.root;
    for (let i = 0; i < depth; i++) {
      const segment = path[i]!;
      const next = (node.next ??= new Map());
      let child = next.get(segment);
      if (!child) next.set(segment, (child = {}));
      node = child;
    }
    return node;
  }
}
