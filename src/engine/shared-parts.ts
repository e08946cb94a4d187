// What many findings of one lint call have in common, kept once. A first run on a legacy repository
// has 10-15 findings per workload (54,000 at 10,000 resources), and each finding used to carry its
// own display path (a chain of concatenations, ~250 bytes, for a few dozen distinct paths) and its
// own copy of its resource's reference (BENCHMARKS.md r9findings).
import type { JsonPath, Resource, ResourceRef } from '../types.js';
import { formatPath } from './path.js';

export class SharedParts {
  private readonly shown = new Map<string, string>();
  private readonly refs = new Map<Resource, ResourceRef>();

  /** formatPath of a path, one string per distinct path. */
  shownPath(path: JsonPath): string {
    // JSON keeps ["0"] and [0], or ["a.b"] and ["a", "b"], apart.
    const key = JSON.stringify(path);
    let text = this.shown.get(key);
    if (text === undefined) {
      text = formatPath(path);
      this.shown.set(key, text);
    }
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
