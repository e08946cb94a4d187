// ajv's standalone code for custom-resource schemas (schema-disk-cache.ts stores it). One ajv
// instance serves several compiles: a new one costs ~10 ms and recompiles ObjectMeta, and 24
// CRDs each with its own made ~2 s of garbage-heavy work on a first run. ajv never forgets what
// an instance compiled (its scope keeps every function), so the instance is replaced after
// COMPILES_PER_INSTANCE schemas, and dropped after each batch, to bound what it holds.
import { createRequire } from 'node:module';
import { createKubernetesAjv } from '../schemas/ajv-setup.js';
import type { JsonSchema } from '../schemas/normalize.js';

/** The export name of the validator in the generated module. */
export const EXPORT = 'custom';

const COMPILES_PER_INSTANCE = 8;
const require = createRequire(import.meta.url);

type Ajv = ReturnType<typeof createKubernetesAjv>;
let shared: { definitions: Record<string, JsonSchema>; ajv: Ajv; compiles: number } | undefined;

function newAjv(definitions: Record<string, JsonSchema>): Ajv {
  const { _ } = require('ajv') as typeof import('ajv');
  return createKubernetesAjv(definitions, { code: { source: true, formats: _`formats` } });
}

function standaloneCode(ajv: Ajv, id: string): string {
  const standalone = (require('ajv/dist/standalone/index.js') as { default: (ajv: unknown, refs: Record<string, string>) => string }).default;
  if (!ajv.getSchema(id)) throw new Error('ajv lost the schema it was given');
  return standalone(ajv, { [EXPORT]: id });
}

/** A fresh instance and the id `custom`, as before sharing: its error messages name that id. */
function generateAlone(schema: JsonSchema, definitions: Record<string, JsonSchema>): string {
  const ajv = newAjv(definitions);
  ajv.addSchema({ ...schema, $id: EXPORT }, EXPORT, undefined, false);
  return standaloneCode(ajv, EXPORT);
}

/** Drops the shared instance (the schema check does after each batch: what it compiled is on disk and in use). */
export function releaseValidatorCompiler(): void {
  shared = undefined;
}

/** Standalone CommonJS code exporting `custom`, the validator of `schema` against the bundle's `definitions`. */
export function generateValidatorCode(schema: JsonSchema, definitions: Record<string, JsonSchema>): string {
  if (shared?.definitions !== definitions || shared.compiles >= COMPILES_PER_INSTANCE) shared = { definitions, ajv: newAjv(definitions), compiles: 0 };
  const { ajv } = shared;
  const id = `${EXPORT}${shared.compiles++}`;
  try {
    ajv.addSchema({ ...schema, $id: id }, id, undefined, false);
    return standaloneCode(ajv, id);
  } catch {
    // A failed compile can leave half-built references in the instance; the message comes from a clean one.
    shared = undefined;
    return generateAlone(schema, definitions);
  } finally {
    ajv.removeSchema(id);
  }
}
