// Lists a CRD declares `x-kubernetes-list-type: map` (keyed by `x-kubernetes-list-map-keys`) or
// `set`: the API server refuses a custom resource in which two items of such a list have the same
// keys (map) or are equal (set). JSON schema cannot say this, so ajv and the walker pass it; this
// reads the CRD's own schema (its structural part: properties, additionalProperties, items) and
// checks those lists only, as apiextensions-apiserver's listtype validation does:
// - each repeated key or item is reported once, at its second occurrence;
// - a map item's key fields are compared as the API server sees them after defaulting: a missing
//   key (or a null one the schema does not make nullable) takes the key property's default, else
//   stays unset, and unset equals unset;
// - a map list holding an item that is neither an object nor null is not checked (the schema
//   check reports its type; the API server stops at it too); nor is a map list without keys (the
//   API server refuses such a CRD);
// - atomic lists are not checked; lists nested in lists are.
import type { JsonPath } from '../types.js';
import { isObject, type JsonSchema } from '../schemas/normalize.js';
import { display, type SchemaProblem } from './schema-errors.js';

/**
 * The part of a schema that leads to a list of type map or set; undefined where none is below.
 * Plain data (V8-serializable): a stored walker carries its version's (schema-walked-store.ts).
 */
export interface ListNode {
  /** Property names and their nodes, side by side. */
  properties?: { names: string[]; nodes: ListNode[] };
  additional?: ListNode;
  items?: ListNode;
  /** This node is such a list: its check. */
  list?: { type: 'set' } | { type: 'map'; keys: readonly KeyField[] };
}

interface KeyField {
  name: string;
  /** The key property's default (the API server fills a missing key with it before validating). */
  default?: unknown;
  /** null is a value of the key, not an absent key. */
  nullable: boolean;
}

/** Each CRD version's schema read once (by its object: the batch's parse, or a schema folder's file). */
const memo = new WeakMap<object, ListNode | null>();

/** The lists of type map or set in `raw` (a CRD version's openAPIV3Schema), or undefined when it has none. */
export function listTypesOf(raw: JsonSchema): ListNode | undefined {
  let node = memo.get(raw);
  if (node === undefined) memo.set(raw, (node = listNode(raw, 0) ?? null));
  return node ?? undefined;
}

/** Deeper than any real CRD: a schema nested further is not read (a guard, not a limit users meet). */
const MAX_DEPTH = 256;

function listNode(schema: unknown, depth: number): ListNode | undefined {
  if (!isObject(schema) || depth > MAX_DEPTH) return undefined;
  // Most nodes lead to no list of type map or set: nothing is made for them.
  let properties: ListNode['properties'];
  const written = schema.properties;
  if (isObject(written)) {
    for (const name in written) {
      if (!Object.hasOwn(written, name)) continue;
      const child = listNode(written[name], depth + 1);
      if (!child) continue;
      properties ??= { names: [], nodes: [] };
      properties.names.push(name);
      properties.nodes.push(child);
    }
  }
  const additional = listNode(schema.additionalProperties, depth + 1);
  const items = listNode(schema.items, depth + 1);
  const list = schema['x-kubernetes-list-type'] === undefined ? undefined : listCheck(schema);
  if (!properties && !additional && !items && !list) return undefined;
  const node: ListNode = {};
  if (properties) node.properties = properties;
  if (additional) node.additional = additional;
  if (items) node.items = items;
  if (list) node.list = list;
  return node;
}

function listCheck(schema: JsonSchema): ListNode['list'] {
  const type = schema['x-kubernetes-list-type'];
  if (type === 'set') return { type: 'set' };
  if (type !== 'map') return undefined;
  const names = schema['x-kubernetes-list-map-keys'];
  if (!Array.isArray(names) || names.length === 0 || !names.every((n) => typeof n === 'string')) return undefined;
  const item = isObject(schema.items) && isObject(schema.items.properties) ? schema.items.properties : {};
  const keys = (names as string[]).map((name): KeyField => {
    const property = Object.hasOwn(item, name) ? item[name] : undefined;
    const field: KeyField = { name, nullable: isObject(property) && property.nullable === true };
    if (isObject(property) && property.default !== undefined) field.default = property.default;
    return field;
  });
  return { type: 'map', keys };
}

/** The duplicates in `object`'s lists of type map or set, as schema problems (sorted by the caller). */
export function duplicateListItems(object: unknown, node: ListNode): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  visit(object, node, [], out);
  return out;
}

function visit(value: unknown, node: ListNode, path: Array<string | number>, out: SchemaProblem[]): void {
  if (Array.isArray(value)) {
    if (node.list) checkList(value, node.list, path, out);
    if (node.items) {
      for (let i = 0; i < value.length; i++) {
        path.push(i);
        visit(value[i], node.items, path, out);
        path.pop();
      }
    }
    return;
  }
  if (!isObject(value)) return;
  if (node.additional) {
    for (const key of Object.keys(value)) {
      path.push(key);
      visit(value[key], node.additional, path, out);
      path.pop();
    }
  }
  if (node.properties) {
    const { names, nodes } = node.properties;
    for (let i = 0; i < names.length; i++) {
      const name = names[i]!;
      const child = value[name];
      // An inherited value ("constructor") holds no list: visit finds nothing in it.
      if (child === undefined) continue;
      path.push(name);
      visit(child, nodes[i]!, path, out);
      path.pop();
    }
  }
}

function checkList(list: readonly unknown[], check: NonNullable<ListNode['list']>, path: JsonPath, out: SchemaProblem[]): void {
  const n = list.length;
  if (n < 2) return;
  if (check.type === 'map') {
    for (let i = 0; i < n; i++) if (list[i] !== null && !isObject(list[i])) return;
  }
  // As Go compares them: scalars by type and value (===: 1 and "1" differ, NaN equals nothing),
  // objects and lists by their JSON with sorted keys (one token object per text, equal to no scalar).
  const ids = new Array<unknown>(n);
  let tokens: Map<string, object> | undefined;
  for (let i = 0; i < n; i++) {
    const value = check.type === 'set' ? list[i] : keyIdentity(list[i] as JsonSchema | null, check.keys);
    if (typeof value !== 'object' || value === null) ids[i] = value;
    else {
      const text = canonical(value);
      tokens ??= new Map();
      let token = tokens.get(text);
      if (!token) tokens.set(text, (token = {}));
      ids[i] = token;
    }
  }
  // The second occurrence of each value: short lists (nearly all) compared pairwise, no Map made.
  if (n <= 8) {
    for (let i = 1; i < n; i++) {
      let earlier = 0;
      for (let j = 0; j < i; j++) if (ids[j] === ids[i]) earlier++;
      if (earlier === 1) report(list, i, check, path, out);
    }
    return;
  }
  const seen = new Map<unknown, number>();
  for (let i = 0; i < n; i++) {
    const id = ids[i];
    if (typeof id === 'number' && Number.isNaN(id)) continue; // a Map would find NaN equal to NaN
    const times = seen.get(id) ?? 0;
    seen.set(id, times + 1);
    if (times === 1) report(list, i, check, path, out);
  }
}

function report(list: readonly unknown[], i: number, check: NonNullable<ListNode['list']>, path: JsonPath, out: SchemaProblem[]): void {
  const at = [...path, i];
  if (check.type === 'set') {
    out.push({ path: at, message: `${display(at)}duplicate value ${brief(list[i])}: the list is x-kubernetes-list-type set; the API server refuses it` });
    return;
  }
  const key = keyOf(list[i] as JsonSchema | null, check.keys);
  const unset = Object.keys(key).length === 0 ? ' (no key field set)' : '';
  out.push({
    path: at,
    message: `${display(at)}duplicate key ${brief(key)}${unset}: the list is x-kubernetes-list-type map keyed by ${check.keys.map((k) => k.name).join(', ')}; the API server refuses it`,
  });
}

/** An item that sets no key field: equal to every other such item, to nothing else. */
const UNSET = Symbol('unset key');

/** What a map item is compared by: with one key, its value (no object made); else keyOf. */
function keyIdentity(item: JsonSchema | null, keys: readonly KeyField[]): unknown {
  if (keys.length !== 1) return keyOf(item, keys);
  const value = keyValue(item, keys[0]!);
  return value === undefined ? UNSET : value; // null (a nullable key) is a value
}

/** A map item's key fields as the API server compares them: after defaulting, unset ones left out. */
function keyOf(item: JsonSchema | null, keys: readonly KeyField[]): JsonSchema {
  const key: JsonSchema = {};
  for (const field of keys) {
    const value = keyValue(item, field);
    if (value !== undefined) key[field.name] = value;
  }
  return key;
}

/** One key field of a map item after defaulting; undefined when unset. */
function keyValue(item: JsonSchema | null, field: KeyField): unknown {
  if (item === null) return undefined; // a null item is not defaulted
  let value = Object.hasOwn(item, field.name) ? item[field.name] : undefined;
  if (value === null && !field.nullable) value = undefined; // pruned, then defaulted
  return value === undefined ? field.default : value;
}

/** JSON with object keys sorted (Go's encoding of a map): equal values, equal text. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value) && !(value instanceof Date)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  // Go never finds NaN equal to NaN (a map key): each one is its own value.
  if (typeof value === 'number' && Number.isNaN(value)) return `NaN${nanCount++}`;
  return JSON.stringify(value) ?? 'null';
}
let nanCount = 0;

function brief(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
