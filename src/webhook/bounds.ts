// Bounded work per review: before any rule sees an object, one iterative walk (no recursion, so
// no stack to overflow) checks it against size limits and repairs lone UTF-16 surrogates. Rule
// cost grows with containers and list lengths (some rules compare list items pairwise), so a
// review within these limits evaluates in a bounded time; one over them is answered without
// evaluation, by mode (policy.ts; the choice is in manifests/kubelint-webhook/README.md).
import type { ReviewLimits } from '../config/types.js';
import type { AdmissionRequest, Exceeded } from './review.js';

export type { ReviewLimits };

export const DEFAULT_REVIEW_LIMITS: ReviewLimits = {
  maxDepth: 200,
  maxArrayItems: 1_000,
  maxContainers: 100,
  maxValues: 20_000,
};

const CONTAINER_LISTS = ['containers', 'initContainers', 'ephemeralContainers'] as const;

/** A JSON-path-like location for messages: spec.template.spec.containers. */
function dotted(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('') || '(the object)';
}

type Container = Record<string, unknown> | unknown[];


/** The `webhook.limits` key that sets each limit (named in the answer, for the operator). */
export const LIMIT_KEYS: Record<Exceeded['limit'], keyof ReviewLimits> = {
  depth: 'maxDepth',
  'array-items': 'maxArrayItems',
  containers: 'maxContainers',
  values: 'maxValues',
};

/**
 * Walks `object` once: returns the first limit it exceeds, or undefined. Strings holding a lone
 * surrogate (`"\ud800"` in the JSON) are replaced in place by their well-formed form (U+FFFD),
 * as the API server's Go decoder stores them; keys too.
 */
export function checkObject(object: Record<string, unknown>, limits: ReviewLimits): Exceeded | undefined {
  let values = 0;
  const tooMany = (): Exceeded => ({ limit: 'values', message: `the object has more than ${limits.maxValues} values, over the limit` });
  // Each entry: a container to visit, its depth, and the path to it (kept for messages only).
  const stack: Array<{ node: Container; depth: number; path: (string | number)[] }> = [{ node: object, depth: 1, path: [] }];
  while (stack.length > 0) {
    const { node, depth, path } = stack.pop()!;
    if (depth > limits.maxDepth) return { limit: 'depth', message: `${dotted(path)} is nested deeper than the limit of ${limits.maxDepth} levels` };
    if (Array.isArray(node)) {
      if (node.length > limits.maxArrayItems) return { limit: 'array-items', message: `${dotted(path)} has ${node.length} items, over the limit of ${limits.maxArrayItems}` };
      values += node.length;
      if (values > limits.maxValues) return tooMany();
      for (let i = 0; i < node.length; i++) {
        const item = node[i];
        if (typeof item === 'string') node[i] = wellFormed(item);
        else if (item !== null && typeof item === 'object') stack.push({ node: item as Container, depth: depth + 1, path: [...path, i] });
      }
      continue;
    }
    repairKeys(node);
    const containers = CONTAINER_LISTS.reduce((n, key) => n + (Array.isArray(node[key]) ? (node[key] as unknown[]).length : 0), 0);
    if (containers > limits.maxContainers) return { limit: 'containers', message: `${dotted(path)} has ${containers} containers, over the limit of ${limits.maxContainers} per pod` };
    for (const key of Object.keys(node)) {
      values++;
      const value = node[key];
      if (typeof value === 'string' && !(value as Es2024String).isWellFormed()) setOwn(node, key, wellFormed(value));
      else if (value !== null && typeof value === 'object') stack.push({ node: value as Container, depth: depth + 1, path: [...path, key] });
    }
    if (values > limits.maxValues) return tooMany();
  }
  return undefined;
}

// String.prototype.isWellFormed/toWellFormed (Node 20, ES2024; not in this project's TS lib).
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };

function wellFormed(text: string): string {
  return (text as Es2024String).isWellFormed() ? text : (text as Es2024String).toWellFormed();
}

/** Rebuilds an object whose keys hold lone surrogates, keeping key order. */
function repairKeys(node: Record<string, unknown>): void {
  const keys = Object.keys(node);
  if (keys.every((k) => (k as Es2024String).isWellFormed())) return;
  const entries = keys.map((k) => [wellFormed(k), node[k]] as const);
  for (const k of keys) delete node[k];
  for (const [k, v] of entries) setOwn(node, k, v);
}

/** Assignment that also works for a key named "__proto__" (JSON.parse makes it an own property). */
function setOwn(node: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/**
 * Checks a request's objects: an object over a limit is marked (`exceeds`) for the policy to
 * answer without evaluating; an oldObject over one is dropped, so nothing compares or evaluates
 * it (an UPDATE's violations then all count as new).
 */
export function boundRequest(request: AdmissionRequest, limits: ReviewLimits): void {
  const exceeds = request.object ? checkObject(request.object, limits) : undefined;
  if (exceeds) request.exceeds = exceeds;
  if (request.oldObject && checkObject(request.oldObject, limits)) request.oldObject = undefined;
}
