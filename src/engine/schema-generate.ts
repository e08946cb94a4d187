// ajv's standalone code for a custom-resource schema (schema-disk-cache.ts stores it, and the run
// validates with it). A new ajv instance for each schema, given only the bundle definitions the
// schema reaches (schema-definitions.ts), so cheap to make: an instance kept for several compiles
// holds every function it compiled (ajv's scope never forgets one), and on a first run of crd
// 10,000 that cost peak memory (8 schemas an instance: +12 MiB; all 24: +43 MiB; BENCHMARKS.md r7mem).
import { createRequire } from 'node:module';
import { OWN_PROPERTIES, createKubernetesAjv } from '../schemas/ajv-setup.js';
import type { JsonSchema } from '../schemas/normalize.js';

/** The export name of the validator in the generated module (ajv's messages name it as the schema's id). */
export const EXPORT = 'custom';

const require = createRequire(import.meta.url);

/** Standalone CommonJS code exporting `custom`, the validator of `schema` against the bundle's `definitions`. */
export function generateValidatorCode(schema: JsonSchema, definitions: Record<string, JsonSchema>): string {
  const { _ } = require('ajv') as typeof import('ajv');
  const standalone = (require('ajv/dist/standalone/index.js') as { default: (ajv: unknown, refs: Record<string, string>) => string }).default;
  const ajv = createKubernetesAjv(definitions, { ...OWN_PROPERTIES, code: { source: true, formats: _`formats` } });
  ajv.addSchema({ ...schema, $id: EXPORT }, EXPORT, undefined, false);
  if (!ajv.getSchema(EXPORT)) throw new Error('ajv lost the schema it was given');
  return standalone(ajv, { [EXPORT]: EXPORT });
}
