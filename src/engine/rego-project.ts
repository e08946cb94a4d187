// Objects reduced to the facts the cross-resource rules compare, for evaluating those rules over a
// large namespace at once: the wasm policy's memory grows with every object it parses, and most of
// a workload (its containers' env, resources, security contexts) is read by no cross-resource rule.
import type { WorkloadKind } from '../workloads/kinds.js';
import { BUILTIN_POD_SPEC_PATHS } from '../workloads/kinds.js';
import type { RuleInfo } from './check.js';

type Obj = Record<string, unknown>;

/** A tree of kept paths: a leaf keeps the value whole; `*` stands for every key or array element. */
interface Node {
  whole: boolean;
  children: Map<string, Node>;
}

/** What every object keeps: rules find objects by kind, name and namespace (lib.namespace). */
const ALWAYS = ['apiVersion', 'kind', 'metadata.name', 'metadata.namespace'];

/**
 * Cuts objects down to the `fields` the given rules declare (METADATA `custom.fields`, dotted paths
 * with `*` for any key or element; `podspec.` and `podmeta.` stand for a workload's pod spec and
 * pod metadata wherever its kind keeps them). A workload keeps its pod spec, as an empty object at
 * least: lib.workloads lists only objects whose pod spec is an object. Arrays keep their length
 * and order, so a rule's path into one still points at the same element. Custom workload kinds
 * are kept whole. test/engine/rego-project.test.ts evaluates every rule alone with and without
 * the projection on every fixture: a declaration that misses a field the rule reads fails there.
 */
export class Projector {
  private readonly byKind = new Map<string, Node>();
  private readonly custom: ReadonlySet<string>;

  private constructor(
    private readonly fields: readonly string[],
    workloadKinds: readonly WorkloadKind[],
  ) {
    this.custom = new Set(workloadKinds.map((k) => k.kind));
  }

  /** A projector for these rules; undefined when one of them declares no fields (it may read anything). */
  static for(rules: readonly RuleInfo[], workloadKinds: readonly WorkloadKind[]): Projector | undefined {
    if (rules.some((r) => r.fields === undefined)) return undefined;
    return new Projector([...new Set(rules.flatMap((r) => r.fields!))], workloadKinds);
  }

  project(object: Obj): Obj {
    const kind = typeof object.kind === 'string' ? object.kind : '';
    if (this.custom.has(kind)) return object;
    let tree = this.byKind.get(kind);
    if (!tree) this.byKind.set(kind, (tree = this.treeFor(kind)));
    return keep(object, tree) as Obj;
  }

  private treeFor(kind: string): Node {
    const root = node();
    for (const path of ALWAYS) add(root, path.split('.'));
    const spec = BUILTIN_POD_SPEC_PATHS.get(kind);
    const meta = spec && (kind === 'Pod' ? ['metadata'] : [...spec.slice(0, -1), 'metadata']);
    if (spec) add(root, [...spec], false);
    for (const field of this.fields) {
      const [head, ...rest] = field.split('.');
      if (head === 'podspec' || head === 'podmeta') {
        if (spec) add(root, [...(head === 'podspec' ? spec : meta!), ...rest]);
      } else add(root, [head!, ...rest]);
    }
    spreadStars(root);
    return root;
  }
}

const node = (): Node => ({ whole: false, children: new Map() });

/** Adds a path; `leaf` false adds the containers along it only (kept as empty objects when present). */
function add(root: Node, path: readonly string[], leaf = true): void {
  let at = root;
  for (const segment of path) {
    if (at.whole) return; // an ancestor is kept whole already
    let next = at.children.get(segment);
    if (!next) at.children.set(segment, (next = node()));
    at = next;
  }
  if (leaf) {
    at.whole = true;
    at.children.clear();
  }
}

/** A key named beside `*` keeps what `*` keeps too (keep() takes the named child alone). */
function spreadStars(at: Node): void {
  const star = at.children.get('*');
  for (const [key, child] of at.children) {
    if (star && key !== '*') merge(child, star);
    spreadStars(child);
  }
}

function merge(into: Node, from: Node): void {
  if (into.whole) return;
  if (from.whole) {
    into.whole = true;
    into.children.clear();
    return;
  }
  for (const [key, child] of from.children) {
    let target = into.children.get(key);
    if (!target) into.children.set(key, (target = node()));
    merge(target, child);
  }
}

/**
 * The value with only the tree's paths. A value of another type than the path expects (a list
 * where a map was declared, a scalar) is kept as it is: the rule then reads the same thing.
 */
function keep(value: unknown, at: Node): unknown {
  if (at.whole || value === null || typeof value !== 'object') return value;
  const star = at.children.get('*');
  if (Array.isArray(value)) return star ? value.map((element) => keep(element, star)) : value;
  const out: Obj = {};
  // In the object's own key order, as the whole object would be handed over.
  for (const key in value as Obj) {
    const child = at.children.get(key) ?? star;
    if (child) out[key] = keep((value as Obj)[key], child);
  }
  return out;
}
