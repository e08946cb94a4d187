// What a parsed document may cost before kubelint refuses it (alias bombs, deep nesting): one
// definition for the full path (yaml.ts), which reports the refusals, and the fast path's anchored
// documents (yaml-anchors.ts), which leave any document near a limit to the full path.
import type { ValueShape } from './yaml-guards.js';

/** Aliases allowed per document before it is treated as an alias bomb (the yaml package's own guard). */
export const MAX_ALIAS_COUNT = 100;
/** Deeper documents are refused: no Kubernetes object nests this deep, and checks recurse. */
export const MAX_DEPTH = 200;
/**
 * What aliases may add to a document: its written size times this factor, or the floor below,
 * whichever is larger. Anchors that share a list or a block between containers stay far below;
 * 100 aliases of a 20,000-item list (2,000,000 nodes from a 200 KB file) do not.
 */
export const MAX_ALIAS_EXPANSION = 10;
export const ALIAS_EXPANSION_FLOOR = 100_000;

/** True when aliases expand a document past what MAX_ALIAS_EXPANSION allows. */
export function expandsTooFar(shape: ValueShape): boolean {
  return shape.expanded > Math.max(shape.written * MAX_ALIAS_EXPANSION, ALIAS_EXPANSION_FLOOR);
}
