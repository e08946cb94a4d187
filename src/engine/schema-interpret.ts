// A validator that walks a custom resource's schema instead of compiling it. ajv writes ~300 KB
// of code for one large CRD version (crd 1,000 first run: 1.27 of 2.6 s sampled in ajv's code
// generation, 12 schemas); a run that validates a few hundred resources against it is done long
// before that compile pays back. This walks the normalised schema (schemas/normalize.ts: a small,
// closed set of keywords) and reports ajv's errors exactly: the same error objects (instancePath,
// schemaPath, keyword, params, message), in ajv's order (allErrors, strict off, its keyword
// groups: type, untyped keywords, then number/string/array/object keywords), so the report is the
// one ajv's validator gives. A schema using anything else gets no walker (undefined), and is
// compiled by ajv as before. test/engine/schema-interpret compares both on generated schemas.
import { createRequire } from 'node:module';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { BUNDLE_ID, KUBERNETES_FORMATS } from '../schemas/ajv-setup.js';
import { isObject, type JsonSchema } from '../schemas/normalize.js';

// ajv's own runtime helpers, as its generated code uses them (no compiler is loaded). Required
// when a walk first needs one: Node loads them from node_modules (four files, ~1.2 ms), which a run
// without custom resources (the engine imports this module) never needs.
const require = createRequire(import.meta.url);
type AjvRuntime = { equal: (a: unknown, b: unknown) => boolean; ucs2length: (s: string) => number };
let runtime: AjvRuntime | undefined;
function ajvRuntime(): AjvRuntime {
  runtime ??= {
    equal: (require('ajv/dist/runtime/equal') as { default: AjvRuntime['equal'] }).default,
    ucs2length: (require('ajv/dist/runtime/ucs2length') as { default: AjvRuntime['ucs2length'] }).default,
  };
  return runtime;
}
const deepEqual = (a: unknown, b: unknown): boolean => ajvRuntime().equal(a, b);
const ucs2length = (s: string): number => ajvRuntime().ucs2length(s);

/** Every keyword ajv's draft-7 vocabularies know: a schema object with none of them is always valid. */
const AJV_KEYWORDS = new Set([
  '$schema', '$id', '$defs', '$vocabulary', '$comment', 'definitions', '$ref',
  'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf', 'maxLength', 'minLength', 'pattern',
  'maxProperties', 'minProperties', 'required', 'maxItems', 'minItems', 'uniqueItems', 'type', 'nullable', 'const', 'enum',
  'not', 'anyOf', 'oneOf', 'allOf', 'if', 'then', 'else', 'propertyNames', 'additionalProperties', 'dependencies',
  'properties', 'patternProperties', 'additionalItems', 'items', 'contains', 'format',
  'title', 'description', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples',
  'contentMediaType', 'contentEncoding', 'contentSchema',
]);
/** The ones walked here; a schema with any other ajv keyword is left to ajv. */
const WALKED = new Set([
  '$ref', 'type', 'enum', 'not', 'anyOf', 'allOf', 'maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf',
  'format', 'maxLength', 'minLength', 'pattern', 'maxItems', 'minItems', 'items', 'maxProperties', 'minProperties', 'required',
  'additionalProperties', 'properties', 'definitions',
  // no code in ajv either
  'description', 'title', 'default', 'deprecated', 'readOnly', 'writeOnly', 'examples', '$comment',
]);
const JSON_TYPES = new Set(['string', 'number', 'integer', 'boolean', 'null', 'array', 'object']);
const LIMITS = { maximum: ['<=', (d: number, l: number) => d > l], minimum: ['>=', (d: number, l: number) => d < l], exclusiveMaximum: ['<', (d: number, l: number) => d >= l], exclusiveMinimum: ['>', (d: number, l: number) => d <= l] } as const;
type Limit = keyof typeof LIMITS;
const LIMIT_ORDER: Limit[] = ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum'];

/** A schema object prepared once: what its keywords need at every validation. */
interface Node {
  schema: JsonSchema;
  /** The schema path of this node's keywords, as ajv writes it ("#/properties/spec"). */
  path: string;
  alwaysValid: boolean;
  /** Only a $ref: ajv validates the target and nothing else. */
  refOnly: boolean;
  ref?: Node;
  types: string[];
  /** The type is checked before any keyword (ajv: not a single type whose keyword group is used). */
  typeFirst: boolean;
  enumValues?: unknown[];
  not?: Node;
  anyOf?: Node[];
  allOf?: Node[];
  number: boolean;
  string: boolean;
  array: boolean;
  object: boolean;
  pattern?: RegExp;
  format?: { name: string; type: string; validate: (value: never) => boolean };
  items?: Node;
  additional?: Node | false;
  properties?: Array<[string, Node, string]>;
  /** Property names, when additional properties are checked against them. */
  names?: Set<string>;
  /** Its checks, once built (checkOf). */
  check?: Check;
  /** A Deferred child not prepared yet: prepares it (the node it gives checks in this one's place). */
  pending?: () => Node;
}

class Unsupported extends Error {}

/**
 * A child schema made when the walker first reaches it (schema-crd-levels.ts): as a property's
 * value, `items` or `additionalProperties`. Its maker must give what the eager form would hold
 * there, and only schemas the walker takes (a refusal then is a clear error, not ajv's fallback).
 */
export class Deferred {
  private made: JsonSchema | undefined;
  constructor(private readonly make: () => JsonSchema) {}
  get schema(): JsonSchema {
    this.made ??= this.make();
    return this.made;
  }
}

/** A validator for `schema` (refs into the bundle's `definitions` as `k8s#/definitions/...`), or undefined when it uses what is not walked here. */
export function interpretedValidator(schema: JsonSchema, definitions: Record<string, JsonSchema>): ValidateFunction | undefined {
  let root: Node;
  const preparer = new Preparer(definitions);
  try {
    root = preparer.node(schema, '#', 'custom');
  } catch (error) {
    if (error instanceof Unsupported) return undefined;
    throw error;
  }
  preparer.share();
  preparer.done = true;
  const check = checkOf(root);
  const validate = ((data: unknown): boolean => {
    const errors: ErrorObject[] = [];
    at.length = 0;
    check(data, errors);
    validate.errors = errors.length === 0 ? null : errors;
    return errors.length === 0;
  }) as ValidateFunction;
  validate.errors = null;
  return validate;
}

/**
 * The bundle definitions prepared for each set of definitions (SchemaValidators gives every CRD
 * reaching the same names one set): ObjectMeta and what it refers to are prepared once per run,
 * not once per CRD version, and their checks are the same closures for every custom resource.
 */
const preparedDefinitions = new WeakMap<Record<string, JsonSchema>, Map<string, Node>>();

class Preparer {
  /** Definitions prepared by an earlier walker of the same set. */
  private readonly shared: Map<string, Node>;
  /** Prepared here: a definition referenced again (or recursively) is one node; shared once all of the schema is prepared. */
  private readonly byName = new Map<string, Node>();
  /** The eager part is prepared: a Deferred child prepared later shares what it adds at once. */
  done = false;

  constructor(private readonly definitions: Record<string, JsonSchema>) {
    let shared = preparedDefinitions.get(definitions);
    if (!shared) preparedDefinitions.set(definitions, (shared = new Map()));
    this.shared = shared;
  }

  /** Offers this schema's definitions to the next walker of the same set (never a half-prepared one: only after success). */
  share(): void {
    for (const [name, node] of this.byName) this.shared.set(name, node);
  }

  node(schema: unknown, path: string, doc: 'custom' | 'k8s'): Node {
    if (schema instanceof Deferred) return this.later(schema, path, doc);
    if (schema === true) return this.trivial({}, path);
    if (!isObject(schema)) throw new Unsupported();
    const node = this.trivial(schema, path);
    // One pass over the keys: what is refused, and which keyword groups the node uses.
    let keywords = 0;
    let onlyRef = true;
    for (const k in schema) {
      if (!AJV_KEYWORDS.has(k)) continue;
      if (!WALKED.has(k)) throw new Unsupported();
      keywords++;
      if (k !== '$ref') onlyRef = false;
      const group = KEYWORD_GROUP[k];
      if (group === undefined) continue;
      if (NUMERIC.has(k)) number(schema[k]);
      if (k === 'format') node.number = node.string = true;
      else node[group] = true;
    }
    if (keywords === 0) return node;
    node.alwaysValid = false;
    if (schema.$ref !== undefined) {
      node.ref = this.ref(schema.$ref, doc);
      node.refOnly = onlyRef;
      if (onlyRef) return node;
    }
    node.types = typesOf(schema.type);
    if (schema.enum !== undefined) {
      // NaN equals NaN in ajv's deep equal (enums of 200 values and more), never with ===.
      if (!Array.isArray(schema.enum) || schema.enum.length === 0 || schema.enum.some((v) => Number.isNaN(v))) throw new Unsupported();
      node.enumValues = schema.enum;
    }
    if (schema.not !== undefined) node.not = this.node(schema.not, `${path}/not`, doc);
    if (schema.anyOf !== undefined) node.anyOf = this.list(schema.anyOf, `${path}/anyOf`, doc);
    if (schema.allOf !== undefined) node.allOf = this.list(schema.allOf, `${path}/allOf`, doc);
    if (node.string) {
      if (schema.pattern !== undefined) node.pattern = pattern(schema.pattern);
      if (schema.format !== undefined) {
        const format = typeof schema.format === 'string' && Object.hasOwn(KUBERNETES_FORMATS, schema.format) ? KUBERNETES_FORMATS[schema.format as keyof typeof KUBERNETES_FORMATS] : undefined;
        if (!format) throw new Unsupported();
        node.format = { name: schema.format as string, type: format.type, validate: format.validate as (value: never) => boolean };
      }
    }
    if (node.array && schema.items !== undefined) {
      if (Array.isArray(schema.items)) throw new Unsupported();
      node.items = this.node(schema.items, `${path}/items`, doc);
    }
    if (node.object) this.objectKeywords(node, schema, path, doc);
    const only = node.types.length === 1 ? node.types[0] : undefined;
    node.typeFirst = node.types.length > 0 && !(only === 'number' || only === 'string' || only === 'array' || only === 'object' ? node[only] : false);
    return node;
  }

  private objectKeywords(node: Node, schema: JsonSchema, path: string, doc: 'custom' | 'k8s'): void {
    if (schema.required !== undefined && (!Array.isArray(schema.required) || schema.required.some((r) => typeof r !== 'string'))) throw new Unsupported();
    if (schema.properties !== undefined) {
      if (!isObject(schema.properties) || Object.hasOwn(schema.properties, '__proto__')) throw new Unsupported();
      const properties: Array<[string, Node, string]> = [];
      // Own names only, as ajv reads them (Object.keys): a "__proto__" property normalised by
      // assignment becomes the map's prototype, whose keys for-in would list as properties.
      for (const name of Object.keys(schema.properties)) {
        const escaped = escapePointer(name);
        // ajv's schema path URI-encodes the name (escapeFragment); the instance path does not.
        properties.push([name, this.node(schema.properties[name], `${path}/properties/${encodeURIComponent(escaped)}`, doc), `/${escaped}`]);
      }
      node.properties = properties;
    }
    if (schema.additionalProperties !== undefined) {
      const additional = schema.additionalProperties;
      if (additional === false) node.additional = false;
      else if (additional !== true) {
        const child = this.node(additional, `${path}/additionalProperties`, doc);
        if (!child.alwaysValid) node.additional = child;
      }
      node.names = new Set(Object.keys(isObject(schema.properties) ? schema.properties : {}));
    }
  }

  /** A node that is prepared on its first check; until then it may or may not be always valid (checked either way). */
  private later(deferred: Deferred, path: string, doc: 'custom' | 'k8s'): Node {
    const node = this.trivial({}, path);
    node.alwaysValid = false;
    node.pending = () => {
      let prepared: Node;
      try {
        prepared = this.node(deferred.schema, path, doc);
      } catch (error) {
        if (error instanceof Unsupported) throw new Error(`the schema at ${path} cannot be walked`);
        throw error;
      }
      if (this.done) this.share();
      return prepared;
    };
    return node;
  }

  private trivial(schema: JsonSchema, path: string): Node {
    return { schema, path, alwaysValid: true, refOnly: false, types: [], typeFirst: false, number: false, string: false, array: false, object: false };
  }

  private list(value: unknown, path: string, doc: 'custom' | 'k8s'): Node[] {
    if (!Array.isArray(value)) throw new Unsupported();
    return value.map((s, i) => this.node(s, `${path}/${i}`, doc));
  }

  /**
   * `k8s#/definitions/X` anywhere, `#/definitions/X` inside the bundle's definitions; nothing else.
   * ajv inlines a definition holding no $ref, its errors' schema path starting at the $ref as
   * written ("#/definitions/...Time/format"); it calls one that holds refs ("#/required"). Such a
   * definition is one node per way it is written.
   */
  private ref(ref: unknown, doc: 'custom' | 'k8s'): Node {
    if (typeof ref !== 'string') throw new Unsupported();
    const prefix = ref.startsWith(`${BUNDLE_ID}#/definitions/`) ? `${BUNDLE_ID}#/definitions/` : doc === 'k8s' && ref.startsWith('#/definitions/') ? '#/definitions/' : undefined;
    const name = prefix && ref.slice(prefix.length);
    if (!name || /[~%/]/.test(name) || !Object.hasOwn(this.definitions, name)) throw new Unsupported();
    const definition = this.definitions[name]!;
    const inlined = !hasRefMemo(definition);
    const key = inlined ? ref : name;
    let node = this.shared.get(key) ?? this.byName.get(key);
    if (!node) {
      const path = inlined ? ref : '#';
      // Placed before it is filled, so a definition that refers to itself ends.
      node = this.trivial({}, path);
      this.byName.set(key, node);
      Object.assign(node, this.node(definition, path, 'k8s'));
    }
    return node;
  }
}

/** The keyword group (ajv's rules by data type) of each walked keyword that has one; format is in two. */
const KEYWORD_GROUP: Record<string, 'number' | 'string' | 'array' | 'object' | undefined> = {
  __proto__: null as never,
  maximum: 'number', minimum: 'number', exclusiveMaximum: 'number', exclusiveMinimum: 'number', multipleOf: 'number',
  maxLength: 'string', minLength: 'string', pattern: 'string', format: 'string',
  maxItems: 'array', minItems: 'array', items: 'array',
  maxProperties: 'object', minProperties: 'object', required: 'object', additionalProperties: 'object', properties: 'object',
};

/** Keywords whose value ajv takes as a number. */
const NUMERIC = new Set([...LIMIT_ORDER, 'multipleOf', 'maxLength', 'minLength', 'maxItems', 'minItems', 'maxProperties', 'minProperties']);

/** The patterns compiled so far: generated CRDs repeat a few (names, quantities) across many fields. */
const patterns = new Map<string, RegExp>();

/** ajv's RegExp for a pattern (unicode); one ajv cannot compile is left to ajv, which reports it. */
function pattern(source: unknown): RegExp {
  if (typeof source !== 'string') throw new Unsupported();
  let regexp = patterns.get(source);
  if (!regexp) {
    try {
      regexp = new RegExp(source, 'u');
    } catch {
      throw new Unsupported();
    }
    patterns.set(source, regexp);
  }
  return regexp;
}

function number(value: unknown): void {
  if (typeof value !== 'number') throw new Unsupported();
}

/** A keyword's number as ajv's params carry it: written into its code as a literal, where -0 reads back as 0. */
function literal<T extends number | undefined>(value: T): T {
  return (value === 0 ? 0 : value) as T;
}

function typesOf(type: unknown): string[] {
  if (type === undefined) return [];
  const types = Array.isArray(type) ? type : [type];
  if (!types.every((t) => typeof t === 'string' && JSON_TYPES.has(t))) throw new Unsupported();
  return types as string[];
}

const refFree = new WeakMap<object, boolean>();
const hasRefMemo = (definition: JsonSchema): boolean => {
  let found = refFree.get(definition);
  if (found === undefined) refFree.set(definition, (found = hasRef(definition)));
  return found;
};

/** Whether ajv finds a $ref anywhere in `schema` (its inlineRef: a schema without one is inlined where referenced). */
function hasRef(schema: unknown): boolean {
  if (typeof schema !== 'object' || schema === null) return false;
  for (const key in schema) {
    if (key === '$ref') return true;
    if (hasRef((schema as Record<string, unknown>)[key])) return true;
  }
  return false;
}

function escapePointer(key: string): string {
  return key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key;
}

/** ajv's check of one JSON type (strictNumbers off, as ajv-setup's strict: false makes it). */
function isType(type: string, data: unknown): boolean {
  switch (type) {
    case 'null': return data === null;
    case 'array': return Array.isArray(data);
    case 'object': return Boolean(data) && typeof data === 'object' && !Array.isArray(data);
    case 'integer': return typeof data === 'number' && !((data as number) % 1) && !Number.isNaN(data);
    case 'number': return typeof data === 'number';
    default: return typeof data === type;
  }
}

type Check = (data: unknown, errors: ErrorObject[]) => void;
const NOTHING: Check = () => {};

/** The instance path of the value being checked, one "/segment" an entry: joined only for an error. */
const at: string[] = [];
const INDEXES = Array.from({ length: 64 }, (_, i) => `/${i}`);
const indexStep = (i: number): string => INDEXES[i] ?? `/${i}`;

function error(errors: ErrorObject[], node: Node, keyword: string, params: Record<string, unknown>, message: string): void {
  errors.push({ instancePath: at.join(''), schemaPath: `${node.path}/${keyword}`, keyword, params, message });
}

function typeError(node: Node, errors: ErrorObject[]): void {
  const type = node.schema.type as string | string[];
  error(errors, node, 'type', { type }, `must be ${String(type)}`);
}

/** The node's checks as one closure, built once per node (a definition referenced again shares it). */
function checkOf(node: Node): Check {
  node.check ??= node.alwaysValid ? NOTHING : node.refOnly ? refCheck(node.ref!) : node.pending ? pendingCheck(node, node.pending) : buildCheck(node);
  return node.check;
}

/**
 * A child's check for its parent's slot: a Deferred child is prepared on the first call (then
 * null when it turns out always valid, as an eager parent would have left it out).
 */
function slotCheck(node: Node): Check | null {
  if (!node.pending) return checkOf(node);
  const prepared = node.pending();
  return prepared.alwaysValid ? null : checkOf(prepared);
}

/** Prepares a Deferred child on its first check, then checks as the prepared node does. */
function pendingCheck(node: Node, prepare: () => Node): Check {
  let check: Check | undefined;
  return (data, errors) => {
    if (!check) {
      check = checkOf(prepare());
      node.check = check;
    }
    check(data, errors);
  };
}

/** Calls the target's check when run: the target may be a definition still being built (recursion). */
function refCheck(target: Node): Check {
  return (data, errors) => (target.check ?? checkOf(target))(data, errors);
}

function buildCheck(node: Node): Check {
  const s = node.schema;
  const steps: Check[] = [];
  if (node.typeFirst) {
    const types = node.types;
    steps.push((data, errors) => {
      for (const t of types) if (isType(t, data)) return;
      typeError(node, errors);
    });
  }
  if (node.ref) steps.push(refCheck(node.ref));
  if (node.enumValues) {
    const values = node.enumValues;
    steps.push((data, errors) => {
      for (const v of values) if (typeof v === 'object' && v !== null ? deepEqual(data, v) : data === v) return;
      error(errors, node, 'enum', { allowedValues: values }, 'must be equal to one of the allowed values');
    });
  }
  if (node.not) {
    const inner = checkOf(node.not);
    steps.push((data, errors) => {
      const scratch: ErrorObject[] = [];
      inner(data, scratch);
      if (scratch.length === 0) error(errors, node, 'not', {}, 'must NOT be valid');
    });
  }
  if (node.anyOf && !node.anyOf.some((b) => b.alwaysValid)) {
    const branches = node.anyOf.map(checkOf);
    steps.push((data, errors) => {
      const before = errors.length;
      for (const branch of branches) {
        const count = errors.length;
        branch(data, errors);
        if (errors.length === count) {
          errors.length = before;
          return;
        }
      }
      error(errors, node, 'anyOf', {}, 'must match a schema in anyOf');
    });
  }
  if (node.allOf) for (const branch of node.allOf) if (!branch.alwaysValid) steps.push(checkOf(branch));
  const single = node.typeFirst ? undefined : node.types.length === 1 ? node.types[0] : undefined;
  if (node.number) steps.push(numberCheck(node, single === 'number'));
  if (node.string) steps.push(stringCheck(node, single === 'string'));
  if (node.array) steps.push(arrayCheck(node, single === 'array'));
  if (node.object) steps.push(objectCheck(node, single === 'object'));
  if (steps.length === 1) return steps[0]!;
  return (data, errors) => {
    for (const step of steps) step(data, errors);
  };
}

function formatStep(node: Node, group: string): ((data: never, errors: ErrorObject[]) => void) | undefined {
  const format = node.format;
  if (!format || format.type !== group) return undefined;
  return (data, errors) => {
    if (!format.validate(data)) error(errors, node, 'format', { format: format.name }, `must match format "${format.name}"`);
  };
}

function numberCheck(node: Node, typeHere: boolean): Check {
  const s = node.schema;
  const limits = LIMIT_ORDER.filter((k) => s[k] !== undefined).map((k) => [k, literal(s[k] as number), ...LIMITS[k]] as const);
  const m = literal(s.multipleOf as number | undefined);
  const format = formatStep(node, 'number');
  return (data, errors) => {
    if (typeof data !== 'number') {
      if (typeHere) typeError(node, errors);
      return;
    }
    for (const [k, limit, op, fails] of limits) {
      if (fails(data, limit) || Number.isNaN(data)) error(errors, node, k, { comparison: op, limit }, `must be ${op} ${limit}`);
    }
    if (m !== undefined) {
      const res = data / m;
      if (m === 0 || res !== parseInt(String(res), 10)) error(errors, node, 'multipleOf', { multipleOf: m }, `must be multiple of ${m}`);
    }
    format?.(data as never, errors);
  };
}

function stringCheck(node: Node, typeHere: boolean): Check {
  const s = node.schema;
  const max = literal(s.maxLength as number | undefined);
  const min = literal(s.minLength as number | undefined);
  const pattern = node.pattern;
  const format = formatStep(node, 'string');
  return (data, errors) => {
    if (typeof data !== 'string') {
      if (typeHere) typeError(node, errors);
      return;
    }
    if (max !== undefined && ucs2length(data) > max) error(errors, node, 'maxLength', { limit: max }, `must NOT have more than ${max} characters`);
    if (min !== undefined && ucs2length(data) < min) error(errors, node, 'minLength', { limit: min }, `must NOT have fewer than ${min} characters`);
    if (pattern && !pattern.test(data)) error(errors, node, 'pattern', { pattern: s.pattern }, `must match pattern "${s.pattern as string}"`);
    format?.(data as never, errors);
  };
}

function arrayCheck(node: Node, typeHere: boolean): Check {
  const s = node.schema;
  const max = literal(s.maxItems as number | undefined);
  const min = literal(s.minItems as number | undefined);
  const itemsNode = node.items && !node.items.alwaysValid ? node.items : undefined;
  // Prepared on the first item when the items schema is Deferred; null when always valid.
  let items: Check | null | undefined = itemsNode && !itemsNode.pending ? checkOf(itemsNode) : undefined;
  return (data, errors) => {
    if (!Array.isArray(data)) {
      if (typeHere) typeError(node, errors);
      return;
    }
    if (max !== undefined && data.length > max) error(errors, node, 'maxItems', { limit: max }, `must NOT have more than ${max} items`);
    if (min !== undefined && data.length < min) error(errors, node, 'minItems', { limit: min }, `must NOT have fewer than ${min} items`);
    if (itemsNode && data.length > 0) {
      items ??= slotCheck(itemsNode);
      if (items === null) return;
      for (let i = 0; i < data.length; i++) {
        at.push(indexStep(i));
        items(data[i], errors);
        at.pop();
      }
    }
  };
}

function objectCheck(node: Node, typeHere: boolean): Check {
  const s = node.schema;
  const maxProps = literal(s.maxProperties as number | undefined);
  const minProps = literal(s.minProperties as number | undefined);
  const required = (s.required as string[] | undefined) ?? [];
  const names = node.names;
  const additionalNode = node.additional === false ? undefined : node.additional;
  // false: none allowed; a check; null: any allowed; undefined: a Deferred schema not prepared yet.
  let additional: Check | false | null | undefined = node.additional === false ? false : additionalNode ? (additionalNode.pending ? undefined : checkOf(additionalNode)) : null;
  const props = (node.properties ?? []).filter(([, child]) => !child.alwaysValid);
  const propNames = props.map(([name]) => name);
  const propNodes = props.map(([, child]) => child);
  // Each slot's check: a Deferred child's is made on its first value (null when always valid).
  const propChecks: Array<Check | null | undefined> = propNodes.map((child) => (child.pending ? undefined : checkOf(child)));
  const propSteps = props.map(([, , step]) => step);
  // A field named as an Object.prototype member (`valueOf`, `constructor`) is read only when the
  // object holds it: `{}` inherits one, and the API server sees none (ajv: OWN_PROPERTIES).
  const propInherited = propNames.map((name) => name in Object.prototype);
  const requiredInherited = required.map((name) => name in Object.prototype);
  return (data, errors) => {
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      if (typeHere) typeError(node, errors);
      return;
    }
    const object = data as Record<string, unknown>;
    if (maxProps !== undefined && Object.keys(object).length > maxProps) error(errors, node, 'maxProperties', { limit: maxProps }, `must NOT have more than ${maxProps} properties`);
    if (minProps !== undefined && Object.keys(object).length < minProps) error(errors, node, 'minProperties', { limit: minProps }, `must NOT have fewer than ${minProps} properties`);
    for (let i = 0; i < required.length; i++) {
      const name = required[i]!;
      if ((requiredInherited[i] && !Object.hasOwn(object, name)) || object[name] === undefined) error(errors, node, 'required', { missingProperty: name }, `must have required property '${name}'`);
    }
    if (names !== undefined && additional !== null) {
      for (const key in object) {
        if (names.has(key)) continue;
        if (additional === false) error(errors, node, 'additionalProperties', { additionalProperty: key }, 'must NOT have additional properties');
        else {
          additional ??= slotCheck(additionalNode!);
          if (additional === null) break;
          at.push(`/${escapePointer(key)}`);
          additional(object[key], errors);
          at.pop();
        }
      }
    }
    for (let i = 0; i < propNames.length; i++) {
      const name = propNames[i]!;
      const value = propInherited[i] && !Object.hasOwn(object, name) ? undefined : object[name];
      if (value === undefined) continue;
      let check = propChecks[i];
      if (check === undefined) check = propChecks[i] = slotCheck(propNodes[i]!);
      if (check === null) continue;
      at.push(propSteps[i]!);
      check(value, errors);
      at.pop();
    }
  };
}
