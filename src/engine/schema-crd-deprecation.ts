// A CRD version marked `deprecated: true`: the API server answers every request for an object of
// that version with a warning, the version's `deprecationWarning` when set, else its own text
// naming the version to use (apiextensions-apiserver's default: the most preferred served,
// non-deprecated version that comes after the deprecated one). kubelint reports that text as
// api-deprecated, as it does for built-in APIs.
import { isObject, type JsonSchema } from '../schemas/normalize.js';
import { compareKubeAwareVersions } from './api-lifecycle.js';

/**
 * The API server's warning for objects of `version` of the CRD whose spec is `spec` (group and
 * names.kind checked by the caller), or undefined when the version is not deprecated or its
 * deprecationWarning is empty (the API server then sends none).
 */
export function crdDeprecationWarning(spec: JsonSchema & { group: string; names: { kind: string } }, version: JsonSchema & { name: string }): string | undefined {
  if (version.deprecated !== true) return undefined;
  if (typeof version.deprecationWarning === 'string') return version.deprecationWarning === '' ? undefined : version.deprecationWarning;
  const { group } = spec;
  const { kind } = spec.names;
  const message = `${group}/${version.name} ${kind} is deprecated`;
  let best: string | undefined;
  for (const other of Array.isArray(spec.versions) ? spec.versions : []) {
    if (!isObject(other) || typeof other.name !== 'string' || other.served !== true || other.deprecated === true) continue;
    if (compareKubeAwareVersions(version.name, other.name) >= 0) continue;
    if (best === undefined || compareKubeAwareVersions(other.name, best) > 0) best = other.name;
  }
  return best === undefined ? message : `${message}; use ${group}/${best} ${kind}`;
}
