// The fields of every custom resource that the API server, not the CRD, defines: apiVersion, kind
// and ObjectMeta, at a CRD schema's root and at each embedded resource (x-kubernetes-embedded-resource).
import { PRESERVE_UNKNOWN, isObject, withNull, type JsonSchema } from '../schemas/normalize.js';
import { BUNDLE_ID } from '../schemas/ajv-setup.js';

export const OBJECT_META = `${BUNDLE_ID}#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`;

/**
 * `out` (a copy the caller owns) with `properties` (its properties, copied) holding the API
 * server's fields; `metadata` is what the CRD says of metadata there, normalised.
 */
export function apiServerFields(out: JsonSchema, properties: JsonSchema, metadata: unknown, isRoot: boolean): JsonSchema {
  properties.apiVersion = withNull({ type: 'string' }, !isRoot);
  properties.kind = withNull({ type: 'string' }, !isRoot);
  // ObjectMeta decides; a CRD may only add restrictions (e.g. on metadata.name), which must not
  // make the other ObjectMeta fields "unknown" in strict mode.
  properties.metadata =
    isObject(metadata) && metadata.properties !== undefined
      ? withNull({ allOf: [{ $ref: OBJECT_META }, { ...metadata, [PRESERVE_UNKNOWN]: true }] }, true)
      : withNull({ $ref: OBJECT_META }, true);
  out.properties = properties;
  if (out.type === undefined) out.type = 'object';
  return out;
}
