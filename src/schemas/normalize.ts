// Turns one OpenAPI / JSON-schema node (openapi2jsonschema definitions, swagger v2, OpenAPI v3,
// or a CRD's openAPIV3Schema) into the project's compact validation schema.
// Only what validation needs is kept; Kubernetes decoding quirks are made explicit:
// int-or-string and Quantity accept numbers or strings, optional fields accept null.

export type JsonSchema = { [key: string]: unknown };

export const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
export const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';

/** Markers kept in the output: the loader derives the strict variant and CRD roots from them. */
export const PRESERVE_UNKNOWN = 'x-kubernetes-preserve-unknown-fields';
export const EMBEDDED_RESOURCE = 'x-kubernetes-embedded-resource';

// Kubernetes' own Quantity grammar (resource.ParseQuantity): sign, number, optional suffix.
const QUANTITY_PATTERN =
  '^[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+))?$';

/** Formats the validator knows; others (double, int64, ...) add nothing JSON can check. */
const KEPT_FORMATS = new Set(['int32', 'byte', 'date-time']);

const REF_PREFIXES = ['#/definitions/', '#/components/schemas/'];

export function intOrStringSchema(): JsonSchema {
  return { anyOf: [{ type: 'integer' }, { type: 'string' }] };
}

export function quantitySchema(): JsonSchema {
  return { anyOf: [{ type: 'number' }, { type: 'string', pattern: QUANTITY_PATTERN }] };
}

export interface NormalizeOptions {
  /** Rewrites a definition name found in a $ref (e.g. to point into another document). */
  refTarget?: (definitionName: string) => string;
  /**
   * What stands for a child schema (a property's value, `items`, an `additionalProperties`
   * schema) in its parent: by default the child normalised, accepting null when `nullable` (an
   * optional property). schema-crd-levels.ts makes it later, when the walker reaches it.
   */
  child?: (child: unknown, nullable: boolean, options: NormalizeOptions) => unknown;
}

function normalizedChild(child: unknown, nullable: boolean, options: NormalizeOptions): JsonSchema {
  const converted = normalizeSchema(child, options);
  return nullable ? withNull(converted, true) : converted;
}

/** The definition name a $ref points at, or undefined for refs this dialect does not use. */
export function refName(ref: string): string | undefined {
  for (const prefix of REF_PREFIXES) {
    if (ref.startsWith(prefix)) return decodeURIComponent(ref.slice(prefix.length));
  }
  return undefined;
}

export function normalizeSchema(node: unknown, options: NormalizeOptions = {}): JsonSchema {
  if (node === true || node === undefined) return {};
  if (node === false) return { not: {} };
  if (!isObject(node)) throw new Error(`not a schema: ${JSON.stringify(node)}`);
  return convert(node, options);
}

/** One schema node in the compact form, its children as `options.child` makes them. */
export function convert(node: JsonSchema, options: NormalizeOptions): JsonSchema {
  // OpenAPI v3 wraps a $ref in allOf to attach a description or default.
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && node.properties === undefined && node.type === undefined) {
    const { allOf, ...rest } = node;
    return convert({ ...rest, ...(allOf[0] as JsonSchema) }, options);
  }
  if (typeof node.$ref === 'string') {
    const name = refName(node.$ref);
    if (name === undefined) throw new Error(`unsupported $ref "${node.$ref}"`);
    if (name === INT_OR_STRING) return intOrStringSchema();
    if (name === QUANTITY) return quantitySchema();
    return { $ref: `#/definitions/${options.refTarget ? options.refTarget(name) : name}` };
  }
  if (node['x-kubernetes-int-or-string'] === true || node.format === 'int-or-string') {
    return withNull(intOrStringSchema(), node.nullable === true);
  }

  const out: JsonSchema = {};
  if (node.type !== undefined) out.type = node.type;
  if (typeof node.format === 'string' && KEPT_FORMATS.has(node.format)) out.format = node.format;
  if (Array.isArray(node.enum)) out.enum = dedupe(node.enum);
  for (const key of ['pattern', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'uniqueItems', 'multipleOf'] as const) {
    if (node[key] !== undefined) out[key] = node[key];
  }
  // OpenAPI v3.0 uses boolean exclusive bounds; JSON Schema draft 7 uses numbers.
  if (node.exclusiveMinimum === true && typeof node.minimum === 'number') {
    delete out.minimum;
    out.exclusiveMinimum = node.minimum;
  }
  if (node.exclusiveMaximum === true && typeof node.maximum === 'number') {
    delete out.maximum;
    out.exclusiveMaximum = node.maximum;
  }
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const list = node[key];
    if (Array.isArray(list)) {
      // A structural CRD's oneOf/anyOf branches only restrict; anyOf keeps error noise lower.
      out[key === 'oneOf' ? 'anyOf' : key] = list.map((item) => convert(item as JsonSchema, options));
    }
  }
  if (node.not !== undefined) out.not = normalizeSchema(node.not, options);
  const child = options.child ?? normalizedChild;
  if (node.items !== undefined && !Array.isArray(node.items)) out.items = child(node.items, false, options);
  if (node.additionalProperties !== undefined) {
    out.additionalProperties =
      typeof node.additionalProperties === 'boolean'
        ? node.additionalProperties
        : child(node.additionalProperties, false, options);
  }
  const required = Array.isArray(node.required) ? dedupe(node.required as string[]) : [];
  if (required.length > 0) out.required = required;
  if (isObject(node.properties)) {
    const properties: JsonSchema = {};
    for (const [name, value] of Object.entries(node.properties)) {
      // Kubernetes decodes an explicit null on an optional field as "absent".
      properties[name] = child(value, !required.includes(name), options);
    }
    out.properties = properties;
  }
  if (node[PRESERVE_UNKNOWN] === true) out[PRESERVE_UNKNOWN] = true;
  if (node[EMBEDDED_RESOURCE] === true) out[EMBEDDED_RESOURCE] = true;
  return node.nullable === true ? withNull(out, true) : out;
}

/** Accept null besides what `schema` accepts, in the cheapest form ajv understands. */
export function withNull(schema: JsonSchema, nullable: boolean): JsonSchema {
  if (!nullable || acceptsNull(schema)) return schema;
  if (typeof schema.type === 'string' && schema.$ref === undefined) {
    const out: JsonSchema = { ...schema, type: [schema.type, 'null'] };
    if (Array.isArray(schema.enum)) out.enum = [...schema.enum, null];
    return out;
  }
  if (Array.isArray(schema.anyOf) && Object.keys(schema).length === 1) {
    return { anyOf: [...schema.anyOf, { type: 'null' }] };
  }
  if (Object.keys(schema).length === 0) return schema; // already accepts anything
  return { anyOf: [schema, { type: 'null' }] };
}

function acceptsNull(schema: JsonSchema): boolean {
  if (Array.isArray(schema.type)) return schema.type.includes('null');
  if (Array.isArray(schema.anyOf)) return schema.anyOf.some((s) => isObject(s) && s.type === 'null');
  return schema.type === 'null';
}

function dedupe<T>(values: readonly T[]): T[] {
  const seen = new Set<string>();
  const out: T[] = [];
  for (const value of values) {
    const key = JSON.stringify(value);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(value);
    }
  }
  return out;
}

export function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
