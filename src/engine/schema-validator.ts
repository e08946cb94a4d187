// One set of validators per (Kubernetes version, strictness) for the process. A kind's validator
// comes from its build-time precompiled modules when it has them (its yes/no pre-check's module,
// required on first use of that kind, the workload kinds of a batch holding several of them from one
// module, schemas/groups.ts; ajv's module of the kind on its first object the pre-check does not
// pass), else it is compiled by ajv on first use; either way it is cached. CRD
// schemas are cached by their content, and compiled one function per object level (schema-split.ts).
import type { Ajv, ValidateFunction } from 'ajv';
import { FAST_MODULE_SUFFIX, KUBERNETES_FORMATS, OWN_PROPERTIES, createKubernetesAjv, exportName, kindRef } from '../schemas/ajv-setup.js';
import type { SchemaBundle } from '../schemas/bundle.js';
import { WORKLOAD_GROUP } from '../schemas/groups.js';
import { bundleHash, loadBundle, precompiledDir } from '../schemas/store.js';
import { deriveStrict, type JsonSchema } from '../schemas/variants.js';
import { bundleRefs, reachableSubset } from './schema-definitions.js';
import type { CustomSchema } from './schema-crd.js';
import { cachedValidator, diskCache, requirePrecompiled, storedValidator } from './schema-disk-cache.js';
import { interpretedValidator } from './schema-interpret.js';
import { markWalkedSeen, storeWalkedSchema, storedWalkedSchema, type StoredRefs } from './schema-walked-store.js';
import { splitObjectLevels } from './schema-split.js';
import { schemaByLevels } from './schema-crd-levels.js';
import { listTypesOf, type ListNode } from './schema-crd-lists.js';
import { OBJECT_META } from './schema-crd-fields.js';

/** What a plain CRD version's schema refers to in the bundle (the API server's ObjectMeta), for definitionsFor. */
const API_SERVER_REFS: JsonSchema = { $ref: OBJECT_META };

export { BUNDLE_ID } from '../schemas/ajv-setup.js';

/** A validator; a precompiled kind's carries its yes/no pre-check (schemas/fast-validator.ts). */
export type KindValidator = ValidateFunction & { fast?: (data: unknown) => boolean };

export class SchemaValidators {
  private ajvInstance: Ajv | undefined;
  /** The instance of schemas from outside the bundle (OWN_PROPERTIES). */
  private outsideAjvInstance: Ajv | undefined;
  private definitions: Record<string, JsonSchema> | undefined;
  private readonly subsets = new Map<string, Record<string, JsonSchema>>();
  /** Validators that came from precompiled modules: they survive a reset of the ajv instance. */
  private readonly precompiledSet = new WeakSet<ValidateFunction>();
  private readonly byKind = new Map<string, ValidateFunction>();
  private readonly byContent = new Map<string, ValidateFunction>();
  /** CRD versions' validators by the version's schema JSON (CustomSchema.source). */
  private readonly bySource = new Map<string, ValidateFunction>();
  private byObject = new WeakMap<JsonSchema, ValidateFunction>();
  /** CRD versions' lists of type map or set as their stored walker carried them, by CustomSchema.source (null: none). */
  private readonly listsBySource = new Map<string, ListNode | null>();
  /** CRD versions (CustomSchema.source) an earlier run walked level by level and only marked. */
  private readonly seen = new Set<string>();
  /** Built-in kind keys the current batch asks for (expect). */
  private expected: ReadonlySet<string> = new Set();
  /** The workload group's pre-checks once loaded; null when its module could not be used. */
  private group: Record<string, ValidateFunction | undefined> | null | undefined;
  /** Names of the precompiled modules loaded, in order (a test's view of which module served a kind). */
  readonly modulesLoaded: string[] = [];

  constructor(
    readonly bundle: SchemaBundle,
    readonly strict: boolean,
    private readonly hash?: string,
  ) {}

  /**
   * The workload kinds (schemas/groups.ts) a batch is about to ask forKind for: with two or more
   * not loaded yet, their validators come from the group's one module.
   */
  expect(keys: ReadonlySet<string>): void {
    this.expected = keys;
  }

  /** The validator of a built-in kind ("apps/v1 Deployment"), or undefined if the version lacks it. */
  forKind(key: string): ValidateFunction | undefined {
    let validate = this.byKind.get(key);
    if (!validate) {
      const definition = this.bundle.kinds[key];
      if (definition === undefined) return undefined;
      validate = this.precompiled(key) ?? this.compile(kindRef(definition));
      this.byKind.set(key, validate);
    }
    return validate;
  }

  /**
   * Whether the validator of a CRD version (its schema's JSON, CustomSchema.source) is at hand:
   * compiled in this process, or stored on disk by this build (then it is loaded now).
   */
  hasSource(source: string): boolean {
    if (this.bySource.has(source)) return true;
    const stored = this.hash === undefined ? undefined : (this.storedWalker(source) ?? storedValidator(sourceKey(source), this.hash, this.strict));
    if (stored) this.bySource.set(source, stored);
    return stored !== undefined;
  }

  /** The walker of a CRD version's schema as a run before this one normalised it (schema-walked-store.ts); notes a version only seen. */
  private storedWalker(source: string): ValidateFunction | undefined {
    const stored = storedWalkedSchema(sourceKey(source), this.hash!, this.strict);
    if (stored === 'seen') this.seen.add(source);
    if (stored === undefined || stored === 'seen') return undefined;
    // Not where the JSON holds a null: it is also how it writes a YAML .nan or .inf, so the version
    // that stored the lists may differ from this one in a key's default (a null equals a null, a NaN nothing).
    if (stored.lists !== undefined && !JSON_NULL.test(source)) this.listsBySource.set(source, stored.lists);
    return interpretedValidator(stored.schema, stored.refs ? this.storedSubset(stored.refs) : this.definitionsFor(stored.schema));
  }

  /**
   * The definitions a stored walker's schema reaches, as the run that stored it derived them: the
   * first of a run stands for every set with the same names (the walkers then share its prepared
   * ObjectMeta, schema-interpret.ts), and the bundle's definitions are not parsed for them.
   */
  private storedSubset(refs: StoredRefs): Record<string, JsonSchema> {
    const key = refs.names.join('\u0000');
    let subset = this.subsets.get(key);
    if (!subset) this.subsets.set(key, (subset = refs.definitions));
    return subset;
  }

  /**
   * The lists of type map or set of a custom schema (schema-crd-lists.ts): as its stored walker
   * carried them, else read from the schema as written (once per schema object).
   */
  listTypes(custom: CustomSchema): ListNode | undefined {
    const stored = custom.source === undefined ? undefined : this.listsBySource.get(custom.source);
    if (stored !== undefined) return stored ?? undefined;
    return custom.written && listTypesOf(custom.written);
  }

  /**
   * The validator of a custom schema: a CRD version's by its own JSON (nothing to normalise or
   * serialise when known): one stored on disk, else (a CLI run) the schema walked, else forSchema.
   */
  forCustom(custom: CustomSchema): ValidateFunction {
    const { source } = custom;
    if (source === undefined) return this.forSchema(custom.schema);
    let validate = this.bySource.get(source);
    if (!validate) {
      validate = (custom.raw && this.byLevels(custom.raw, source)) ?? this.walker(custom, sourceKey(source)) ?? this.forSchema(custom.schema, sourceKey(source));
      this.bySource.set(source, validate);
    }
    return validate;
  }

  /**
   * A plain CRD version's walker, its levels made as resources reach them (schema-crd-levels.ts),
   * in a CLI run (as walker below) that is the first to meet the version: it is marked, and the
   * next run normalises it whole and stores it (a stored walker costs a warm run less than levels).
   */
  private byLevels(raw: JsonSchema, source: string): ValidateFunction | undefined {
    if (!diskCache() || this.hash === undefined || this.seen.has(source)) return undefined;
    const validate = interpretedValidator(schemaByLevels(raw, this.strict), this.definitionsFor(API_SERVER_REFS));
    if (!validate) throw new Error('a plain CRD schema was refused by the schema walker');
    markWalkedSeen(sourceKey(source), this.hash, this.strict);
    return validate;
  }

  /**
   * A CRD version's schema walked rather than compiled (schema-interpret.ts), in a CLI run: ajv's
   * compile of a large CRD costs more than a run validates with it; a long-lived webhook (no disk
   * cache) compiles. What was walked is stored for the next run under `keyText`.
   */
  private walker(custom: CustomSchema, keyText: string): ValidateFunction | undefined {
    if (!diskCache() || this.hash === undefined) return undefined;
    const { schema } = custom;
    const variant = this.strict ? deriveStrict({ root: schema }).root! : schema;
    const refs = this.refsOf(schema);
    const validate = interpretedValidator(variant, refs?.definitions ?? this.variantDefinitions());
    if (validate) storeWalkedSchema(keyText, this.hash, this.strict, { schema: variant, lists: this.listTypes(custom) ?? null, refs: refs ?? null });
    return validate;
  }

  /**
   * The validator of a schema from outside the bundle (a CRD, a schema folder), cached by content;
   * on disk under `keyText` when given (what the schema is derived from), else its JSON.
   */
  forSchema(schema: JsonSchema, keyText?: string): ValidateFunction {
    // By identity first: serialising a big CRD schema for every resource of a batch adds up.
    let validate = this.byObject.get(schema);
    if (validate) return validate;
    const key = JSON.stringify(schema);
    validate = this.byContent.get(key);
    if (!validate) {
      const variant = () => splitObjectLevels(this.strict ? deriveStrict({ root: schema }).root! : schema);
      const stored = this.hash === undefined ? undefined : cachedValidator(keyText ?? key, variant, this.hash, this.strict, () => this.definitionsFor(schema));
      validate = stored ?? this.compile(variant(), true);
      this.byContent.set(key, validate);
    }
    this.byObject.set(schema, validate);
    return validate;
  }

  /** The definitions `schema` reaches, strict or relaxed, derived once per set of names. */
  private definitionsFor(schema: JsonSchema): Record<string, JsonSchema> {
    return this.refsOf(schema)?.definitions ?? this.variantDefinitions();
  }

  /** The names `schema` refers to in the bundle and the definitions they reach; undefined when that takes all of them. */
  private refsOf(schema: JsonSchema): StoredRefs | undefined {
    const names = bundleRefs(schema);
    if (names === undefined) return undefined;
    const key = names.join('\u0000');
    let subset = this.subsets.get(key);
    if (!subset) {
      const reached = reachableSubset(this.bundle.definitions, names);
      if (reached === undefined) return undefined;
      subset = this.strict ? deriveStrict(reached) : reached;
      this.subsets.set(key, subset);
    }
    return { names, definitions: subset };
  }

  private variantDefinitions(): Record<string, JsonSchema> {
    this.definitions ??= this.strict ? deriveStrict(this.bundle.definitions) : this.bundle.definitions;
    return this.definitions;
  }

  private ajv(outside: boolean): Ajv {
    if (outside) return (this.outsideAjvInstance ??= createKubernetesAjv(this.variantDefinitions(), OWN_PROPERTIES));
    this.ajvInstance ??= createKubernetesAjv(this.variantDefinitions());
    return this.ajvInstance;
  }

  /** A failed compile can leave half-built references behind in ajv: start from a clean instance. */
  private compile(schema: JsonSchema, outside = false): ValidateFunction {
    try {
      return this.ajv(outside).compile(schema);
    } catch (error) {
      this.ajvInstance = undefined;
      this.outsideAjvInstance = undefined;
      this.byContent.clear();
      this.bySource.clear();
      this.byObject = new WeakMap();
      for (const [key, validate] of this.byKind) if (!this.precompiledSet.has(validate)) this.byKind.delete(key);
      throw error;
    }
  }

  /**
   * The kind's precompiled validator, if its modules are built, and built from this exact bundle:
   * with its pre-check as `fast`, its ajv module loaded on first call (most runs validate no object
   * the pre-check does not pass, and never read ajv's code: ~0.5 MB for a workload kind).
   */
  private precompiled(key: string): ValidateFunction | undefined {
    if (this.hash === undefined) return undefined;
    const name = exportName(key);
    const fast = this.fromGroup(key, name) ?? this.loadModule(name + FAST_MODULE_SUFFIX)?.[name];
    const validate = fast ? this.fullOnCall(key, name, fast) : this.loadModule(name)?.[name];
    if (validate) this.precompiledSet.add(validate);
    return validate;
  }

  /** ajv's validator of the kind, from its module (else compiled now) when first called; `fast` its pre-check. */
  private fullOnCall(key: string, name: string, fast: (data: unknown) => boolean): KindValidator {
    let full: ValidateFunction | undefined;
    const validate = ((data: unknown) => {
      full ??= this.loadModule(name)?.[name] ?? this.compile(kindRef(this.bundle.kinds[key]!));
      const valid = full(data) as boolean;
      validate.errors = full.errors;
      return valid;
    }) as KindValidator;
    validate.fast = fast;
    return validate;
  }

  private fromGroup(key: string, name: string): ((data: unknown) => boolean) | undefined {
    if (!WORKLOAD_GROUP.kinds.includes(key)) return undefined;
    if (this.group === undefined) {
      const wanted = WORKLOAD_GROUP.kinds.filter((k) => this.expected.has(k) && !this.byKind.has(k)).length;
      if (wanted < 2) return undefined;
      this.group = this.loadModule(WORKLOAD_GROUP.file + FAST_MODULE_SUFFIX) ?? null;
    }
    return this.group?.[name];
  }

  /** A precompiled module's validators by export name; undefined when it is not built or was built from another bundle. */
  private loadModule(name: string): Record<string, ValidateFunction | undefined> | undefined {
    let mod: { bundleHash?: string; strict?: boolean; load?: (formats: unknown) => Record<string, ValidateFunction | undefined> };
    try {
      mod = requirePrecompiled(`${precompiledDir(this.bundle.kubernetesVersion, this.strict)}${name}.cjs`) as typeof mod;
    } catch {
      return undefined; // not built, or a kind not precompiled: compile at run time
    }
    if (mod.bundleHash !== this.hash || mod.strict !== this.strict || typeof mod.load !== 'function') return undefined; // stale
    this.modulesLoaded.push(name);
    return mod.load(KUBERNETES_FORMATS);
  }
}

/** A null value in JSON text (a string holding one too: that only costs reading the schema again). */
const JSON_NULL = /[[:,]null[,\]}]/;

/** The disk name of a CRD version's validator: its schema's JSON, apart from any schema's own JSON (which starts with `{`). */
function sourceKey(source: string): string {
  return `crd-version\u0000${source}`;
}

const instances = new Map<string, SchemaValidators>();

/** Process-wide validators for a bundled version (created on first use). */
export function validatorsFor(version: string, strict: boolean): SchemaValidators {
  const key = `${version}/${strict ? 'strict' : 'relaxed'}`;
  let validators = instances.get(key);
  if (!validators) {
    validators = new SchemaValidators(loadBundle(version), strict, bundleHash(version));
    instances.set(key, validators);
  }
  return validators;
}
