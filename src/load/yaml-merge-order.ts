// `<<` merge keys as kubectl reads them. kubectl decodes YAML with sigs.k8s.io/yaml (go-yaml v2),
// which applies a map's pairs in the order written: a merge overwrites a key set before it, a key
// after it overwrites the merge, and of two `<<` keys in one map the later wins (inside one
// `<<: [*a, *b]` the earlier map wins, as in YAML 1.1). The `yaml` package follows YAML 1.1's merge
// rule instead: every key written in the map wins, and the first merge. The two differ only where a
// `<<` follows another key of its map (mergeOrderMatters). There applyGoMergeOrder rewrites the
// composed document so that `yaml`'s rule gives go-yaml's values and locations: a key the merge
// after it provides is dropped.
//
// Left as YAML 1.1 reads them (the fast path leaves both to this path too): a key to drop whose
// value holds an anchor (a later alias still names it in go-yaml; dropping it would leave the alias
// unresolved), and a map with two `<<` keys, whose later merge go-yaml lets win.
import { isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node, type Pair, type YAMLMap } from 'yaml';

/** A `<<` merge key (`yaml` resolves a plain `<<` key to a symbol when merges are on). */
const isMergePair = (item: unknown): boolean => isPair(item) && isScalar(item.key) && typeof item.key.value === 'symbol';

/** Whether some map of the document has a `<<` after another key: only there do the two rules differ. */
export function mergeOrderMatters(doc: Document): boolean {
  let matters = false;
  visit(doc, {
    Map(_key, map) {
      if (map.items.some((item, i) => i > 0 && isMergePair(item))) {
        matters = true;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return matters;
}

/** Rewrites every map with a `<<` after another key so `yaml` reads it as go-yaml does. */
export function applyGoMergeOrder(doc: Document): void {
  const keysOf = mergedKeys(doc);
  visit(doc, {
    Map(_key, map) {
      if (map.items.some((item, i) => i > 0 && isMergePair(item))) goOrder(map, keysOf);
      return undefined;
    },
  });
}

function goOrder(map: YAMLMap, keysOf: (source: unknown) => Set<string>): void {
  const items = map.items as Pair[];
  // Two `<<` keys: go-yaml's later wins, yaml's first. Reordering them would move aliases past
  // anchors (which they resolve by position): left as YAML 1.1 reads them.
  if (items.filter(isMergePair).length > 1) return;
  // From the end: the keys the merge after each pair provides.
  const providedLater = new Set<string>();
  const kept: Pair[] = [];
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i]!;
    if (isMergePair(item)) {
      for (const name of keysOf(item.value)) providedLater.add(name);
    } else {
      const name = keyName(item.key);
      if (name !== undefined && providedLater.has(name) && !holdsAnchor(item)) continue; // go-yaml: the merge overwrites it
    }
    kept.push(item);
  }
  map.items = kept.reverse();
}

/** The key names a merge value (a map, an alias of one, or a list of them) provides, its own merges' included. */
function mergedKeys(doc: Document): (source: unknown) => Set<string> {
  const known = new Map<YAMLMap, Set<string>>();
  const keysOf = (source: unknown): Set<string> => {
    const node = isAlias(source) ? (source.resolve(doc) as Node | undefined) : (source as Node | undefined);
    if (isSeq(node)) return new Set(node.items.flatMap((item) => [...keysOf(item)]));
    if (!isMap(node)) return new Set();
    let keys = known.get(node);
    if (keys) return keys;
    keys = new Set();
    known.set(node, keys); // a map merging itself ends here
    for (const item of node.items) {
      if (isMergePair(item)) for (const name of keysOf((item as Pair).value)) keys.add(name);
      else if (isPair(item)) {
        const name = keyName(item.key);
        if (name !== undefined) keys.add(name);
      }
    }
    return keys;
  };
  return keysOf;
}

/** A key's name in the JavaScript object `yaml` builds (a null key is ''). */
function keyName(key: unknown): string | undefined {
  if (!isScalar(key)) return undefined;
  return key.value === null ? '' : String(key.value);
}

function holdsAnchor(pair: Pair): boolean {
  let found = false;
  for (const node of [pair.key, pair.value]) {
    if (node === null || typeof node !== 'object') continue;
    if ((node as Node).anchor) return true;
    visit(node as Node, {
      Node(_key, child) {
        if (child.anchor) {
          found = true;
          return visit.BREAK;
        }
        return undefined;
      },
    });
  }
  return found;
}
