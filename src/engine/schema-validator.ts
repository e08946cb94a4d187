// One ajv instance per (Kubernetes version, strictness) for the process. A kind's validator is
// compiled on first use and cached; CRD schemas are cached by their content.
import { Ajv, type ValidateFunction } from 'ajv';
import type { SchemaBundle } from '../schemas/bundle.js';
import { loadBundle } from '../schemas/store.js';
import { deriveStrict, type JsonSchema } from '../schemas/variants.js';

export const BUNDLE_ID = 'k8s';

export class SchemaValidators {
  readonly bundle: SchemaBundle;
  private ajv: Ajv;
  private readonly definitions: Record<string, JsonSchema>;
  private readonly byKind = new Map<string, ValidateFunction>();
  private readonly byContent = new Map<string, ValidateFunction>();

  constructor(bundle: SchemaBundle, readonly strict: boolean) {
    this.bundle = bundle;
    this.definitions = strict ? deriveStrict(bundle.definitions) : bundle.definitions;
    this.ajv = this.createAjv();
  }

  private createAjv(): Ajv {
    // Code optimisation off: it roughly halves the first compile of a big kind (bench/SCHEMA.md).
    const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false, addUsedSchema: false, code: { optimize: false } });
    addKubernetesFormats(ajv);
    ajv.addSchema({ $id: BUNDLE_ID, definitions: this.definitions }, BUNDLE_ID, undefined, false);
    return ajv;
  }

  /** A failed compile can leave half-built references behind in ajv: start from a clean instance. */
  private compile(schema: JsonSchema): ValidateFunction {
    try {
      return this.ajv.compile(schema);
    } catch (error) {
      this.ajv = this.createAjv();
      this.byKind.clear();
      this.byContent.clear();
      throw error;
    }
  }

  /** The validator of a built-in kind ("apps/v1 Deployment"), or undefined if the version lacks it. */
  forKind(key: string): ValidateFunction | undefined {
    let validate = this.byKind.get(key);
    if (!validate) {
      const definition = this.bundle.kinds[key];
      if (definition === undefined) return undefined;
      validate = this.compile({ $ref: `${BUNDLE_ID}#/definitions/${definition}` });
      this.byKind.set(key, validate);
    }
    return validate;
  }

  /** The validator of a schema from outside the bundle (a CRD, a schema folder), cached by content. */
  forSchema(schema: JsonSchema): ValidateFunction {
    const key = JSON.stringify(schema);
    let validate = this.byContent.get(key);
    if (!validate) {
      validate = this.compile(this.strict ? deriveStrict({ root: schema }).root! : schema);
      this.byContent.set(key, validate);
    }
    return validate;
  }
}

const instances = new Map<string, SchemaValidators>();

/** Process-wide validators for a bundled version (created on first use). */
export function validatorsFor(version: string, strict: boolean): SchemaValidators {
  const key = `${version}/${strict ? 'strict' : 'relaxed'}`;
  let validators = instances.get(key);
  if (!validators) {
    validators = new SchemaValidators(loadBundle(version), strict);
    instances.set(key, validators);
  }
  return validators;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/** The few formats the schemas keep, defined here rather than loading all of ajv-formats. */
function addKubernetesFormats(ajv: Ajv): void {
  ajv.addFormat('int32', {
    type: 'number',
    validate: (n: number) => Number.isInteger(n) && n >= -2147483648 && n <= 2147483647,
  });
  // Go's base64 decoder skips line breaks, so folded YAML strings are fine.
  ajv.addFormat('byte', { type: 'string', validate: (s: string) => BASE64.test(s.replace(/[\r\n]/g, '')) });
  ajv.addFormat('date-time', { type: 'string', validate: (s: string) => RFC3339.test(s) });
}
