// The schema check: every resource against the JSON schema of its apiVersion/kind in the target
// Kubernetes version (bundled, from a CRD in the batch, or from a schema folder), plus removed
// and deprecated APIs.
import type { ResolvedConfig } from '../config/types.js';
import { loadLifecycleIndex } from '../schemas/lifecycle-index.js';
import { WORKLOAD_KIND_NAMES } from '../schemas/groups.js';
import { resolveBundledVersion } from '../schemas/store.js';
import type { Resource, Severity, Violation } from '../types.js';
import type { Check, RuleInfo } from './check.js';
import { apiStatus } from './api-lifecycle.js';
import { schemasFromCrds, type CustomSchema } from './schema-crd.js';
import { duplicateListItems } from './schema-crd-lists.js';
import { SchemaDirs } from './schema-dirs.js';
import { explainErrors } from './schema-errors.js';
import { compileGarbageOfProcess } from './compile-garbage.js';
import { validatorsFor, type KindValidator, type SchemaValidators } from './schema-validator.js';

export const SCHEMA_RULES: readonly RuleInfo[] = [
  {
    id: 'schema',
    title: 'Resource matches its Kubernetes schema',
    description:
      'The resource must match the JSON schema of its apiVersion/kind in the target Kubernetes version (bundled, from a CustomResourceDefinition in the input, or from a schema folder). Strict mode also rejects unknown fields. ' +
      'For a custom resource, no two items of a list its schema declares `x-kubernetes-list-type: map` may have the same `x-kubernetes-list-map-keys` (a missing key counts as its default, else as unset), and no two items of a list of type `set` may be equal: the API server refuses such an object ("Duplicate value"), and the second occurrence is reported here. (Built-in kinds\' lists keyed by name, such as containers, are api-validation\'s.)',
    severity: 'error',
    scope: 'resource',
    remediation: 'Fix the field named in the message; check the API reference of the target Kubernetes version.',
    origin: 'schema',
  },
  {
    id: 'no-schema',
    title: 'A schema exists for the resource',
    description: 'No schema is known for this apiVersion/kind: it is not a built-in API of the target version and no CustomResourceDefinition or schema folder describes it.',
    severity: 'warning',
    scope: 'batch',
    remediation: 'Add the CustomResourceDefinition to the input, or point schema.schemaDirs at a folder with its schema.',
    origin: 'schema',
  },
  {
    id: 'api-removed',
    title: 'API is served by the target Kubernetes version',
    description: 'The apiVersion/kind was removed before the target Kubernetes version; the API server will reject it.',
    severity: 'error',
    scope: 'resource',
    remediation: 'Migrate to the replacement apiVersion named in the message.',
    origin: 'schema',
  },
  {
    id: 'api-deprecated',
    title: 'API is not deprecated in the target Kubernetes version',
    description:
      'The apiVersion/kind is deprecated in the target Kubernetes version and will be (or is known to be) removed. ' +
      'A custom resource is reported when the version of its CustomResourceDefinition (in the input) says `deprecated: true`, with the warning the API server returns for it: the version\'s `deprecationWarning`, else `<group>/<version> <Kind> is deprecated; use <group>/<newer version> <Kind>` (no finding when deprecationWarning is empty: the API server then sends no warning).',
    severity: 'warning',
    scope: 'resource',
    remediation: 'Migrate to the replacement apiVersion named in the message (for a custom resource, a version its CustomResourceDefinition serves and does not deprecate).',
    origin: 'schema',
  },
];

/**
 * The schema check. `config` is checked up front (an unknown kubernetesVersion throws, naming the
 * bundled ones); each run reads its settings from the run's own config, so one check instance
 * serves every config (CLI, webhook).
 */
export function createSchemaCheck(config: ResolvedConfig): Check {
  resolveBundledVersion(config.kubernetesVersion);
  const dirsByConfig = new Map<string, SchemaDirs>();
  return {
    rules: SCHEMA_RULES,
    run(batch, ctx) {
      const { kubernetesVersion, schema, root } = ctx.config;
      const validators = validatorsFor(resolveBundledVersion(kubernetesVersion), schema.strict);
      const dirsKey = JSON.stringify([root, schema.schemaDirs]);
      let dirs = dirsByConfig.get(dirsKey);
      if (!dirs) dirsByConfig.set(dirsKey, (dirs = new SchemaDirs(schema.schemaDirs, root)));
      // The CRDs of the whole batch, whichever resources are judged (check.ts CheckContext.judged).
      // An unjudged resource is skipped whole, no-schema included: it is context (never reported)
      // or a cache hit, and the cache holds only built-in kinds (cache/resource-findings.ts).
      const crds = schemasFromCrds(batch, (source) => validators.hasSource(source));
      const judged = ctx.judged ?? (() => true);
      validators.expect(workloadKeys(batch, judged));
      compileCustomSchemas(batch, judged, validators, crds.schemas);
      const out: Violation[] = crds.problems.filter(({ resource }) => judged(resource)).map(({ resource, message }) => ({ ruleId: 'schema', message, resource, path: ['spec', 'versions'] }));
      for (const resource of batch) {
        if (judged(resource)) out.push(...checkResource(resource, validators, crds.schemas, dirs, schema.missingSchema));
      }
      return out;
    },
  };
}

/**
 * The validators of the batch's CRD schemas that judged resources use, compiled before any
 * resource is validated: on a first run (no cache folder) their garbage is collected at once
 * (compile-garbage.ts) instead of being spread among long-lived objects, which left the old
 * space fragmented (crd 10,000: ~20 MiB more at the end). A schema that does not compile is
 * reported by each resource that uses it, as before.
 */
function compileCustomSchemas(batch: readonly Resource[], judged: (resource: Resource) => boolean, validators: SchemaValidators, schemas: ReadonlyMap<string, CustomSchema>): void {
  const wanted = new Set<string>();
  for (const resource of batch) if (judged(resource)) wanted.add(`${resource.apiVersion} ${resource.kind}`);
  for (const [key, custom] of schemas) {
    if (!wanted.has(key) || validators.forKind(key)) continue;
    try {
      validators.forCustom(custom);
    } catch {
      // reported per resource (validate)
    }
  }
  compileGarbageOfProcess.done();
}

/** The workload kinds among the judged resources (SchemaValidators.expect). */
function workloadKeys(batch: readonly Resource[], judged: (resource: Resource) => boolean): Set<string> {
  const keys = new Set<string>();
  for (const resource of batch) if (WORKLOAD_KIND_NAMES.has(resource.kind) && judged(resource)) keys.add(`${resource.apiVersion} ${resource.kind}`);
  return keys;
}

function checkResource(
  resource: Resource,
  validators: SchemaValidators,
  crdSchemas: ReadonlyMap<string, CustomSchema>,
  dirs: SchemaDirs,
  missingSchema: Severity | 'off',
): Violation[] {
  const key = `${resource.apiVersion} ${resource.kind}`;
  const builtin = validators.forKind(key);
  if (builtin) {
    const out = validate(resource, () => builtin);
    const status = apiStatus(resource.apiVersion, resource.kind, validators.bundle, loadLifecycleIndex());
    if (status.state === 'deprecated') out.push({ ruleId: 'api-deprecated', message: status.message, resource, path: ['apiVersion'] });
    return out;
  }
  const custom = crdSchemas.get(key) ?? lookupDir(dirs, resource, validators.bundle.kubernetesVersion);
  if (typeof custom === 'string') return [{ ruleId: 'schema', message: custom, resource, path: [] }];
  if (custom) {
    const out = validate(resource, () => validators.forCustom(custom), custom.origin);
    const lists = validators.listTypes(custom);
    if (lists) for (const { path, message } of duplicateListItems(resource.object, lists)) out.push({ ruleId: 'schema', message, resource, path });
    if (custom.deprecation !== undefined) out.push({ ruleId: 'api-deprecated', message: custom.deprecation, resource, path: ['apiVersion'] });
    return out;
  }
  const status = apiStatus(resource.apiVersion, resource.kind, validators.bundle, loadLifecycleIndex());
  if (status.state === 'removed') return [{ ruleId: 'api-removed', message: status.message, resource, path: ['apiVersion'] }];
  if (missingSchema === 'off') return [];
  const target = validators.bundle.kubernetesVersion;
  const note = status.state === 'not-yet-served' ? ` (not served by Kubernetes ${target}; first served in ${status.firstServed})` : '';
  return [{ ruleId: 'no-schema', message: `no schema for ${key}${note}`, resource, path: ['kind'], severity: missingSchema }];
}

function lookupDir(dirs: SchemaDirs, resource: Resource, kubernetesVersion: string): CustomSchema | string | undefined {
  const found = dirs.lookup(resource.apiVersion, resource.kind, kubernetesVersion);
  if (found === undefined) return undefined;
  return 'error' in found ? found.error : found.found;
}

function validate(resource: Resource, compile: () => ReturnType<SchemaValidators['forSchema']>, origin?: string): Violation[] {
  const where = origin ? ` from ${origin}` : '';
  let validator;
  try {
    validator = compile();
  } catch (error) {
    return [{ ruleId: 'schema', message: `cannot use the schema${where}: ${(error as Error).message}`, resource, path: [] }];
  }
  let valid: boolean;
  try {
    // A precompiled kind's yes/no pre-check (schemas/fast-validator.ts): true only when ajv finds no error.
    const { fast } = validator as KindValidator;
    if (fast !== undefined && fast(resource.object)) return [];
    valid = validator(resource.object) as boolean;
  } catch (error) {
    // ajv's deep equal (an enum of objects) calls a value's own `toString` or `valueOf` key: one resource's finding, not the run's end.
    return [{ ruleId: 'schema', message: `cannot validate against the schema${where}: ${(error as Error).message}`, resource, path: [] }];
  }
  if (valid) return [];
  return explainErrors(validator.errors ?? [], resource.object).map(({ path, message }) => ({ ruleId: 'schema', message, resource, path }));
}
