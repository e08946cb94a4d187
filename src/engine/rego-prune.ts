// The policy input carries only what the enabled rules can read: handing an object to the wasm
// policy costs JSON.stringify, opa_json_parse and heap in proportion to its size, and a 2 MB CRD
// schema or a ConfigMap's payload is read by no rule.
import type { WorkloadKind } from '../workloads/kinds.js';
import type { RuleInfo } from './check.js';

type Obj = Record<string, unknown>;

/** Fields of an object of a kind no enabled rule names: what the rules of every kind read. */
const HEADER = ['apiVersion', 'kind', 'metadata'] as const;

/** ConfigMap and Secret payloads: no rule reads them (rules that name these kinds read metadata). */
const PAYLOAD = new Set(['data', 'binaryData', 'stringData']);

/**
 * How objects are cut down for the enabled rules. Rules declare the kinds they report on
 * (`kinds`) and, for batch rules, the other kinds they read (`reads`); objects of those kinds are
 * kept whole. A rule of every kind (`kinds: []`, or `reads: ["*"]`) lists in `wholeKinds` the kinds
 * it reads whole and reads only apiVersion, kind and metadata of the others; one without
 * `wholeKinds` turns the cut by kind off. Custom workload kinds (config `workloadKinds`) are kept
 * whole: their pod spec and replica paths are the user's. Whatever the kind, no rule reads
 * `status`, `metadata.managedFields` or a ConfigMap's or Secret's payload.
 * test/engine/rego-prune.test.ts evaluates every rule alone, with and without the cut, on every
 * fixture: a declaration that misses a kind the rule reads fails there.
 */
export class Pruner {
  /** Kinds some enabled rule reads whole; undefined: every kind. */
  private readonly whole: Set<string> | undefined;
  private readonly custom: ReadonlySet<string>;

  constructor(rules: readonly RuleInfo[], enabled: readonly string[], workloadKinds: readonly WorkloadKind[]) {
    const on = rules.filter((r) => enabled.includes(r.id));
    const anyKind = (r: RuleInfo) => (r.kinds ?? []).length === 0 || (r.reads ?? []).includes('*');
    this.whole = on.some((r) => anyKind(r) && !r.wholeKinds) ? undefined : new Set(on.flatMap((r) => [...(r.kinds ?? []), ...(r.reads ?? []), ...(r.wholeKinds ?? [])]));
    this.custom = new Set(workloadKinds.map((k) => k.kind));
  }

  /** The object as the policy needs it: the same object when nothing is cut. */
  prune(object: Obj): Obj {
    const kind = typeof object.kind === 'string' ? object.kind : '';
    if (this.custom.has(kind)) return object;
    if (this.whole && !this.whole.has(kind)) return header(object);
    const payload = kind === 'ConfigMap' || kind === 'Secret';
    let out: Obj | undefined;
    for (const key in object) {
      if (key === 'status' || (payload && PAYLOAD.has(key))) {
        out ??= { ...object };
        delete out[key];
      }
    }
    const metadata = withoutManagedFields(object.metadata);
    if (metadata !== object.metadata) (out ??= { ...object }).metadata = metadata;
    return out ?? object;
  }
}

function header(object: Obj): Obj {
  const out: Obj = {};
  for (const key of HEADER) if (key in object) out[key] = key === 'metadata' ? withoutManagedFields(object.metadata) : object[key];
  return out;
}

function withoutManagedFields(metadata: unknown): unknown {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata) || !('managedFields' in metadata)) return metadata;
  const { managedFields: _, ...rest } = metadata as Obj;
  return rest;
}
