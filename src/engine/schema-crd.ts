// Schemas of custom resources, from the CustomResourceDefinitions in the batch: one per served
// version's openAPIV3Schema that the batch uses, in the same compact form as the bundled ones.
import { EMBEDDED_RESOURCE, PRESERVE_UNKNOWN, isObject, normalizeSchema, withNull, type JsonSchema } from '../schemas/normalize.js';
import type { Resource } from '../types.js';
import { BUNDLE_ID } from '../schemas/ajv-setup.js';

const OBJECT_META = `${BUNDLE_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

export interface CustomSchema {
  readonly schema: JsonSchema;
  /** Where it came from, for messages: "CustomResourceDefinition widgets.example.com". */
  origin: string;
  /**
   * A CRD version's openAPIV3Schema as JSON, which names its validator (SchemaValidators.forCustom):
   * when one is stored, `schema` is normalised only if read.
   */
  source?: string;
}

/**
 * "example.com/v1 Widget" → schema, for every CRD of the batch that carries one, for the served
 * versions some resource of the batch uses: a generated CRD is megabytes per version, and only
 * the versions in use are normalised (and later compiled). A version whose validator `stored`
 * already has (by its JSON: it was normalised and compiled before by this build) is not normalised.
 */
export function schemasFromCrds(batch: readonly Resource[], stored: (source: string) => boolean = () => false): { schemas: Map<string, CustomSchema>; problems: Array<{ resource: Resource; message: string }> } {
  const schemas = new Map<string, CustomSchema>();
  const problems: Array<{ resource: Resource; message: string }> = [];
  const used = new Set(batch.map((r) => `${r.apiVersion} ${r.kind}`));
  for (const resource of batch) {
    if (resource.kind !== 'CustomResourceDefinition' || resource.apiVersion !== 'apiextensions.k8s.io/v1') continue;
    const spec = resource.object.spec;
    if (!isObject(spec) || typeof spec.group !== 'string' || !isObject(spec.names) || typeof spec.names.kind !== 'string') continue;
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    for (const version of versions) {
      if (!isObject(version) || typeof version.name !== 'string' || version.served === false) continue;
      const key = `${spec.group}/${version.name} ${spec.names.kind}`;
      if (!used.has(key)) continue;
      const raw = isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
      if (!isObject(raw)) continue;
      const origin = `CustomResourceDefinition ${resource.name}`;
      const source = JSON.stringify(raw);
      if (stored(source)) {
        schemas.set(key, lazySchema(raw, origin, source));
        continue;
      }
      try {
        schemas.set(key, { schema: customResourceSchema(raw), origin, source });
      } catch (error) {
        problems.push({ resource, message: `${origin}: version ${version.name} has an unusable schema: ${(error as Error).message}` });
      }
    }
  }
  return { schemas, problems };
}

/** A schema normalised on first read (it did once without error, or its validator would not be stored). */
function lazySchema(raw: JsonSchema, origin: string, source: string): CustomSchema {
  let schema: JsonSchema | undefined;
  return {
    origin,
    source,
    get schema() {
      schema ??= customResourceSchema(raw);
      return schema;
    },
  };
}

/** A custom resource's schema: apiVersion, kind and ObjectMeta are the API server's, not the CRD's. */
export function customResourceSchema(raw: JsonSchema): JsonSchema {
  return withEmbeddedFields(normalizeSchema(raw), true);
}

function withEmbeddedFields(node: JsonSchema, isRoot: boolean): JsonSchema {
  const out: JsonSchema = { ...node };
  if (isObject(node.properties)) {
    const properties: JsonSchema = {};
    for (const [name, child] of Object.entries(node.properties)) {
      properties[name] = isObject(child) ? withEmbeddedFields(child, false) : child;
    }
    out.properties = properties;
  }
  if (isObject(node.items)) out.items = withEmbeddedFields(node.items, false);
  if (isObject(node.additionalProperties)) out.additionalProperties = withEmbeddedFields(node.additionalProperties, false);
  for (const key of ['anyOf', 'allOf'] as const) {
    if (Array.isArray(node[key])) out[key] = (node[key] as unknown[]).map((s) => (isObject(s) ? withEmbeddedFields(s, false) : s));
  }
  if (isRoot || node[EMBEDDED_RESOURCE] === true) {
    const properties = isObject(out.properties) ? { ...out.properties } : {};
    properties.apiVersion = withNull({ type: 'string' }, !isRoot);
    properties.kind = withNull({ type: 'string' }, !isRoot);
    const metadata = properties.metadata;
    // ObjectMeta decides; a CRD may only add restrictions (e.g. on metadata.name), which must not
    // make the other ObjectMeta fields "unknown" in strict mode.
    properties.metadata =
      isObject(metadata) && metadata.properties !== undefined
        ? withNull({ allOf: [{ $ref: OBJECT_META }, { ...metadata, [PRESERVE_UNKNOWN]: true }] }, true)
        : withNull({ $ref: OBJECT_META }, true);
    out.properties = properties;
    if (out.type === undefined) out.type = 'object';
  }
  return out;
}
