// The ajv configuration shared by run-time compilation and build-time precompilation, so both
// produce the same validators and the same errors.
import { createRequire } from 'node:module';
import type { Ajv, Options } from 'ajv';
import type { JsonSchema } from './normalize.js';

export const BUNDLE_ID = 'k8s';

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** The few formats the schemas keep, defined here rather than loading all of ajv-formats. */
export const KUBERNETES_FORMATS = {
  int32: { type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647 },
  // Go's base64 decoder skips line breaks, so folded YAML strings are fine.
  byte: { type: 'string' as const, validate: (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')) },
  'date-time': { type: 'string' as const, validate: (s: string) => RFC3339.test(s) },
};

// Required on first use: a cold run served by precompiled validators never loads ajv.
const require = createRequire(import.meta.url);

export function createKubernetesAjv(definitions: Record<string, JsonSchema>, extra: Options = {}): Ajv {
  const { Ajv: AjvClass } = require('ajv') as typeof import('ajv');
  // Code optimisation off: it roughly halves the first compile of a big kind (bench/SCHEMA.md).
  const ajv = new AjvClass({
    allErrors: true,
    strict: false,
    validateSchema: false,
    addUsedSchema: false,
    ...extra,
    code: { optimize: false, ...extra.code },
  });
  for (const [name, format] of Object.entries(KUBERNETES_FORMATS)) ajv.addFormat(name, format);
  ajv.addSchema({ $id: BUNDLE_ID, definitions }, BUNDLE_ID, undefined, false);
  return ajv;
}

/**
 * The option of schemas from outside the bundle (CRDs, schema folders): a property is there only
 * when the object holds it, not when a parsed object inherits it (a CRD field named `valueOf` or
 * `constructor` is missing from `{}`, as the API server sees it). The bundle's kinds name no such
 * field, so their validators skip the check.
 */
export const OWN_PROPERTIES: Options = { ownProperties: true };

/** The schema a bundled kind is compiled from. */
export function kindRef(definition: string): JsonSchema {
  return { $ref: `${BUNDLE_ID}#/definitions/${definition}` };
}

/** What a precompiled pre-check module's name adds to its kind's (or group's) module name (precompile.ts fastSource). */
export const FAST_MODULE_SUFFIX = '.fast';

/** Name of a kind's validator in a precompiled module. */
export function exportName(kindKey: string): string {
  return `k_${kindKey.replace(/\W/g, '_')}`;
}
