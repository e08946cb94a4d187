// Schemas of custom resources, from the CustomResourceDefinitions in the batch: one per served
// version's openAPIV3Schema that the batch uses, in the same compact form as the bundled ones.
import { EMBEDDED_RESOURCE, isObject, normalizeSchema, type JsonSchema } from '../schemas/normalize.js';
import type { Resource } from '../types.js';
import { apiServerFields } from './schema-crd-fields.js';
import { walkableByLevels } from './schema-crd-levels.js';
import { crdDeprecationWarning } from './schema-crd-deprecation.js';

/**
 * A version used by at most this many resources of the batch is walked level by level
 * (schema-crd-levels.ts), on every run; a version used more is normalised whole and its walker
 * stored, as the next run then reads it instead. Levels made as resources reach them cost more
 * each than the whole schema made at once, and are never stored: crd 1,000 (versions used by
 * 59-84 resources) gained nothing on a first run and lost on warm ones; crd 100 (1-16) gained.
 */
export const LEVELS_MAX_USES = 16;

export interface CustomSchema {
  readonly schema: JsonSchema;
  /** Where it came from, for messages: "CustomResourceDefinition widgets.example.com". */
  origin: string;
  /**
   * A CRD version's openAPIV3Schema as JSON, which names its validator (SchemaValidators.forCustom):
   * when one is stored, `schema` is normalised only if read.
   */
  source?: string;
  /**
   * The version's openAPIV3Schema when every node of it is plain and few resources use it
   * (schema-crd-levels.ts): a CLI run that meets it first walks it level by level from this, and
   * `schema` is normalised only when read.
   */
  raw?: JsonSchema;
  /**
   * The schema as written (a CRD version's openAPIV3Schema, a folder's file) when its JSON names
   * x-kubernetes-list-type: where its lists of type map and set are read (schema-crd-lists.ts).
   */
  written?: JsonSchema;
  /** The API server's warning for objects of a deprecated CRD version (schema-crd-deprecation.ts). */
  deprecation?: string;
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
  const uses = new Map<string, number>();
  for (const r of batch) {
    const key = `${r.apiVersion} ${r.kind}`;
    uses.set(key, (uses.get(key) ?? 0) + 1);
  }
  const found = usedVersions(batch, uses);
  // Versions with the same schema (a deprecated one kept alike) share one validator: counted together.
  const usesOfSource = new Map<string, number>();
  for (const { source, count } of found) usesOfSource.set(source, (usesOfSource.get(source) ?? 0) + count);
  // Versions with the same schema share its list types too (schema-crd-lists.ts reads them once per object).
  const writtenOf = new Map<string, JsonSchema>();
  for (const { resource, name, key, raw, source, deprecation } of found) {
    const origin = `CustomResourceDefinition ${resource.name}`;
    let written = writtenOf.get(source);
    if (!written && declaresListTypes(source)) writtenOf.set(source, (written = raw));
    const about = { ...(written ? { written } : {}), ...(deprecation === undefined ? {} : { deprecation }) };
    if (stored(source)) {
      schemas.set(key, lazySchema(raw, origin, source, about));
      continue;
    }
    if (usesOfSource.get(source)! <= LEVELS_MAX_USES && walkableByLevels(raw)) {
      // It normalises without error (walkableByLevels): nothing is lost by doing it only if read.
      schemas.set(key, lazySchema(raw, origin, source, about, true));
      continue;
    }
    try {
      schemas.set(key, { schema: customResourceSchema(raw), origin, source, ...about });
    } catch (error) {
      problems.push({ resource, message: `${origin}: version ${name} has an unusable schema: ${(error as Error).message}` });
    }
  }
  return { schemas, problems };
}

interface UsedVersion {
  resource: Resource;
  /** The version's name ("v1beta1"). */
  name: string;
  /** "example.com/v1 Widget" */
  key: string;
  raw: JsonSchema;
  /** raw as JSON (CustomSchema.source). */
  source: string;
  /** Resources of the batch of this version and kind. */
  count: number;
  /** The API server's warning when the version is deprecated. */
  deprecation: string | undefined;
}

/** The served versions of the batch's CRDs that its resources use, with their schema, in order. */
function usedVersions(batch: readonly Resource[], uses: ReadonlyMap<string, number>): UsedVersion[] {
  const found: UsedVersion[] = [];
  for (const resource of batch) {
    if (resource.kind !== 'CustomResourceDefinition' || resource.apiVersion !== 'apiextensions.k8s.io/v1') continue;
    const spec = resource.object.spec;
    if (!isObject(spec) || typeof spec.group !== 'string' || !isObject(spec.names) || typeof spec.names.kind !== 'string') continue;
    const versions = Array.isArray(spec.versions) ? spec.versions : [];
    for (const version of versions) {
      // `served` is a Go bool with no default (apiextensions v1): a version that does not say
      // `served: true` is not served, so its objects are not validated by it (no-schema), as the
      // API server answers them "not found"; nor is it offered as a replacement (schema-crd-deprecation.ts).
      if (!isObject(version) || typeof version.name !== 'string' || version.served !== true) continue;
      const key = `${spec.group}/${version.name} ${spec.names.kind}`;
      const count = uses.get(key);
      if (count === undefined) continue;
      const raw = isObject(version.schema) ? version.schema.openAPIV3Schema : undefined;
      if (!isObject(raw)) continue;
      const deprecation = crdDeprecationWarning(spec as JsonSchema & { group: string; names: { kind: string } }, version as JsonSchema & { name: string });
      found.push({ resource, name: version.name, key, raw, source: JSON.stringify(raw), count, deprecation });
    }
  }
  return found;
}

/**
 * A schema normalised on first read: it did once without error (or its validator would not be
 * stored), or it is plain (then `raw` is given for the walker by levels).
 */
function lazySchema(raw: JsonSchema, origin: string, source: string, about: Pick<CustomSchema, 'written' | 'deprecation'>, byLevels = false): CustomSchema {
  let schema: JsonSchema | undefined;
  return {
    origin,
    source,
    ...about,
    ...(byLevels ? { raw } : {}),
    get schema() {
      schema ??= customResourceSchema(raw);
      return schema;
    },
  };
}

/** Whether a schema's JSON may declare a list of type map or set (most CRDs' do not: their schema is not walked for them). */
export function declaresListTypes(json: string): boolean {
  return json.includes('"x-kubernetes-list-type"');
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
    apiServerFields(out, properties, properties.metadata, isRoot);
  }
  return out;
}
