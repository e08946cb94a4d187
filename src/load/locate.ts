// Turns a JSON path inside a parsed YAML document into a source range.
// Missing fields fall back to the closest ancestor that exists.
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node, type Pair, type YAMLMap } from 'yaml';
import type { JsonPath, SourceRange } from '../types.js';

type Range = [number, number, number];

/** The node a path segment leads to, and the key that introduced it (for ranges). */
interface Step {
  node: Node | null;
  key?: Node | null;
}

function deref(node: unknown, doc: Document): Node | null {
  // An alias stands for its anchor: descend into the anchored node.
  if (isAlias(node)) return (node.resolve(doc) as Node | undefined) ?? null;
  return (node as Node | null) ?? null;
}

function keyName(pair: Pair): string | undefined {
  const key = pair.key;
  if (!isScalar(key)) return undefined;
  // With YAML 1.1 merges on, a `<<` key's value is a symbol; its source text is still `<<`.
  if (typeof key.value === 'symbol') return key.source;
  return key.value === null ? 'null' : String(key.value);
}

/** A map's pairs by key name (the first of each) and its merge sources, built once per map. */
interface MapIndex {
  pairs: Map<string, Pair>;
  merges: Node[];
}

// Many findings in one large map (20,000 keys) must not scan it once per finding.
const mapIndexes = new WeakMap<YAMLMap, MapIndex>();

function indexOfMap(map: YAMLMap): MapIndex {
  let index = mapIndexes.get(map);
  if (!index) {
    index = { pairs: new Map(), merges: [] };
    for (const item of map.items) {
      if (!isPair(item)) continue;
      const name = keyName(item);
      if (name === undefined) continue;
      if (name === '<<') index.merges.push(item.value as Node);
      if (!index.pairs.has(name)) index.pairs.set(name, item);
    }
    mapIndexes.set(map, index);
  }
  return index;
}

/** Finds `segment` in a map, looking through `<<` merge keys the way YAML 1.1 merges. */
function findInMap(map: Node, segment: string, doc: Document, seen = new Set<Node>()): Step | undefined {
  if (!isMap(map) || seen.has(map)) return undefined;
  seen.add(map);
  const { pairs, merges } = indexOfMap(map);
  const item = pairs.get(segment);
  if (item) return { node: (item.value as Node | null) ?? null, key: item.key as Node };
  for (const merge of merges) {
    const sources = isSeq(merge) ? merge.items : [merge];
    for (const source of sources) {
      const found = findInMap(deref(source, doc) as Node, segment, doc, seen);
      if (found) return found;
    }
  }
  return undefined;
}

function child(node: Node | null, segment: string | number, doc: Document): Step | undefined {
  const target = deref(node, doc);
  if (!target) return undefined;
  if (isSeq(target) && typeof segment === 'number') {
    const item = target.items[segment];
    return item === undefined ? undefined : { node: item as Node };
  }
  if (isMap(target)) return findInMap(target, String(segment), doc);
  return undefined;
}

function isCollection(node: Node | null): boolean {
  return isMap(node) || isSeq(node);
}

/**
 * The range shown for a step: a scalar with its key spans `key: value`; a collection under a key
 * shows just the key (one line, not the whole block); a collection item shows its first line.
 */
function rangeOf(step: Step, text: string): [number, number] | undefined {
  const node = step.node;
  const nodeRange = (node as { range?: Range } | null)?.range;
  const keyRange = (step.key as { range?: Range } | null | undefined)?.range;
  if (keyRange) {
    if (!node || isCollection(node)) return [keyRange[0], keyRange[1]];
    return [keyRange[0], nodeRange ? nodeRange[1] : keyRange[1]];
  }
  if (!nodeRange) return undefined;
  if (isCollection(node)) return firstLineOf(text, nodeRange[0], nodeRange[1]);
  return [nodeRange[0], nodeRange[1]];
}

/** A collection's range as shown: from its start to the end of its first line (without a CR). */
export function firstLineOf(text: string, from: number, to: number): [number, number] {
  const lineEnd = text.indexOf('\n', from);
  const end = lineEnd === -1 ? to : Math.min(lineEnd, to);
  return [from, text[end - 1] === '\r' ? end - 1 : end];
}

/** Converts character offsets to a 1-based range; the end column is exclusive. */
export function toSourceRange(lines: LineCounter, start: number, end: number): SourceRange {
  const from = lines.linePos(start);
  const to = lines.linePos(Math.max(start, end));
  return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
}

/**
 * Walks `path` from the document root. Returns the range of the deepest segment that exists
 * and how many segments were found (fewer than path.length means a fallback to an ancestor).
 */
export function locateInDocument(
  doc: Document,
  lines: LineCounter,
  text: string,
  path: JsonPath,
): { range: SourceRange; found: number } | undefined {
  let step: Step = { node: doc.contents as Node | null };
  let best = rangeOf(step, text);
  let found = 0;
  for (const segment of path) {
    const next = child(step.node, segment, doc);
    if (!next) break;
    step = next;
    best = rangeOf(step, text) ?? best;
    found++;
  }
  if (!best) return undefined;
  return { range: toSourceRange(lines, best[0], best[1]), found };
}
