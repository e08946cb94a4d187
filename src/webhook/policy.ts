// The admission decision: an AdmissionRequest, the linter, the config and the inventory in, an
// AdmissionResponse out. No I/O, so the whole decision table is testable without a server.
import { ruleLevel } from '../config/presets.js';
import { oneFindingPerCause } from '../engine/pod-security.js';
import type { ResolvedConfig, WebhookConfig } from '../config/types.js';
import type { RuleInfo } from '../engine/check.js';
import { compareFindings, type Linter } from '../engine/engine.js';
import { reportsOn } from '../engine/cross-pass.js';
import type { Finding, Resource } from '../types.js';
import { blockedLines, blockedRules, unusableKinds } from './health.js';
import type { InventoryView, KindHealth } from './inventory.js';
import { formatDenial, formatNotEvaluated, formatWarnings, redactedMessage, type ShownViolation } from './messages.js';
import { allow, BadReviewError, deny, type AdmissionRequest, type AdmissionResponse, type Exceeded } from './review.js';
import { LIMIT_KEYS } from './bounds.js';
import { isScaleRequest, scaleTarget } from './scale.js';
import { maintenanceUpdate, preexisting, type MaintenanceReason } from './update.js';
import { isRecord } from '../shared/records.js';

export type Outcome = 'allowed' | 'warned' | 'denied' | 'skipped' | 'failed-open' | 'failed-closed';
export type Action = 'deny' | 'warn' | 'audit';

/** What the handler logs and counts about one decision. Never object contents. */
export interface Decision {
  response: AdmissionResponse;
  outcome: Outcome;
  /** Why no rule was evaluated (skipped outcomes). */
  skipReason?: 'operation' | 'subresource' | 'exempt-namespace' | 'no-rule-for-kind' | 'over-limit' | MaintenanceReason;
  /** preexisting: an UPDATE's violation the old object had already (warned, not denied). */
  violations: Array<{ ruleId: string; path?: string; action: Action; preexisting?: boolean }>;
  /** Cross-resource rules that could not be evaluated (inventory kinds they read not usable). */
  inventoryMissing?: boolean;
  /**
   * A denial resting on cross-resource rules: the inventory kinds they read (undefined: all) in
   * this namespace, to list afresh before the denial stands (see refresh.ts).
   */
  recheck?: { namespace: string; kinds?: string[] };
}

/** A user policy failed at run time (a `policy-error` finding). */
class UserPolicyFailure extends Error {}

export interface AdmissionPolicy {
  decide(request: AdmissionRequest): Decision;
  /** Cross-resource rules that cannot be evaluated now, with the inventory kinds that block them. */
  blockedRules(): Map<string, KindHealth[]>;
}

export interface AdmissionPolicyOptions {
  linter: Linter;
  config: ResolvedConfig;
  inventory: InventoryView;
  /** Namespaces never evaluated (config plus the webhook's own). */
  exemptNamespaces: ReadonlySet<string>;
}

const NAMESPACE_KIND: ReadonlySet<string> = new Set(['Namespace']);

/** Kinds whose contents must never leave the process, not even inside a finding's message. */
const SENSITIVE_KINDS = new Set(['Secret']);


function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? '' : apiVersion.slice(0, slash);
}

function sameObject(a: { apiVersion: string; kind: string; name: string }, b: { apiVersion: string; kind: string; name: string }): boolean {
  return a.kind === b.kind && a.name === b.name && groupOf(a.apiVersion) === groupOf(b.apiVersion);
}

/** The object under review as the engine sees it: no source, namespace from the request. */
export function admissionResource(request: AdmissionRequest): Resource {
  const raw = request.object;
  if (!raw) throw new BadReviewError(`request.object is required for ${request.operation}`);
  const { group, version, kind } = request.kind;
  const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : group ? `${group}/${version}` : version;
  // managedFields are the API server's bookkeeping, often half of the object, and no rule reads
  // them: every evaluation would serialise and parse them for nothing.
  const { managedFields: _managed, ...metadata }: Record<string, unknown> = isRecord(raw.metadata) ? raw.metadata : {};
  if (request.namespace && !metadata.namespace) metadata.namespace = request.namespace;
  const object = { ...raw, apiVersion, kind: typeof raw.kind === 'string' ? raw.kind : kind, metadata };
  const name = [metadata.name, request.name, metadata.generateName].find((n) => typeof n === 'string' && n !== '') as string | undefined;
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  return { apiVersion, kind: object.kind as string, name: name ?? '', namespace, object, basePath: [] };
}

function subjectOf(resource: Resource): string {
  return `${resource.kind} "${resource.name}"${resource.namespace ? ` in namespace "${resource.namespace}"` : ''}`;
}

/** A failure answered per the configured failure mode (internal error, deadline, overload). */
export function failureResponse(uid: string, policy: WebhookConfig['failurePolicy'], reason: string): AdmissionResponse {
  return policy === 'deny'
    ? deny(uid, `kubelint could not evaluate this request (${reason}); failure policy is deny`)
    : allow(uid, [`kubelint: not evaluated (${reason}); allowed by failure policy`]);
}

/**
 * Rules that mean nothing at admission unless asked for: the API server serves the kind, so it
 * knows its schema even when kubelint does not (CRDs are not part of the inventory).
 */
const OFF_AT_ADMISSION = ['no-schema'];

/**
 * Source hygiene for the CLI: with two passes each seeing part of the rules, a suppression for a
 * rule of the other pass would look unused.
 */
const CLI_ONLY_RULES = new Set(['unused-suppression']);

export function createAdmissionPolicy(options: AdmissionPolicyOptions): AdmissionPolicy {
  const { linter, config, inventory, exemptNamespaces } = options;
  // Rules must not judge references to kinds the inventory never holds (e.g. an HPA scaling a custom resource).
  const knownKinds = inventory.kinds?.map((k) => k.kind);
  const offHere = new Set(OFF_AT_ADMISSION.filter((id) => !config.rules[id]?.severity));
  const webhook = config.webhook;
  const evaluated = [...linter.rules.values()].filter((r) => r.origin !== 'builtin' && !offHere.has(r.id) && ruleLevel(r, config) !== 'off');

  // A custom workload kind (config workloadKinds) gets every rule that reports on pods or Deployments.
  const customWorkloads = new Set(config.workloadKinds.map((k) => k.kind));
  const appliesTo = (r: RuleInfo, kind: string) => reportsOn(r, kind, customWorkloads);
  function rulesFor(kind: string): RuleInfo[] {
    return evaluated.filter((r) => appliesTo(r, kind));
  }

  // Two passes give the CLI's verdicts at a fraction of the cost: per-resource rules see only the
  // object; cross-resource rules see the object plus the inventory kinds they read in its
  // namespace. Rules that do not report on the reviewed kind cannot report on it, so each pass
  // runs only the others.
  interface Passes {
    resource: (rule: RuleInfo) => boolean;
    batch: (rule: RuleInfo) => boolean;
    /** Inventory kinds the batch pass reads; undefined means every kind. */
    reads?: ReadonlySet<string>;
  }
  const passes = new Map<string, Passes>();
  /** The passes for a kind, without the cross-resource rules the inventory cannot support now. */
  function passesFor(kind: string, blocked: ReadonlySet<string>): Passes {
    const key = [kind, ...[...blocked].sort()].join('\u0000');
    let found = passes.get(key);
    if (!found) {
      const batchRule = (r: RuleInfo) => r.scope === 'batch' && appliesTo(r, kind) && !blocked.has(r.id);
      const reads = evaluated.filter(batchRule).flatMap((r) => r.reads ?? ['*']);
      found = {
        resource: (r) => !offHere.has(r.id) && r.scope !== 'batch' && appliesTo(r, kind),
        batch: (r) => !offHere.has(r.id) && batchRule(r),
        reads: reads.includes('*') ? undefined : new Set(reads),
      };
      passes.set(key, found);
    }
    return found;
  }

  function actionOf(finding: Finding): Action {
    const mode = webhook.ruleModes[finding.ruleId] ?? webhook.mode;
    if (mode === 'audit') return 'audit';
    if (mode === 'warn') return 'warn';
    if (finding.severity === 'info') return 'audit';
    if (finding.severity === 'warning') return 'warn';
    // A Pod Security control judges the object itself (it reads only its Namespace's labels).
    const rule = linter.rules.get(finding.ruleId);
    const crossResource = rule?.scope === 'batch' && !rule.podSecurity;
    return crossResource && webhook.crossResource === 'warn' ? 'warn' : 'deny';
  }

  function shown(finding: Finding, kind: string): ShownViolation {
    // A rule message may quote field values; for Secrets only the rule's title is shown.
    const message = SENSITIVE_KINDS.has(kind) ? redactedMessage(linter.rules.get(finding.ruleId)?.title) : finding.message;
    return { ruleId: finding.ruleId, path: finding.path, message };
  }

  /**
   * An object over a review limit (bounds.ts) is not evaluated. It is the requester's choice, not
   * kubelint's failure, so the answer follows the mode, not the failure policy (with `allow`, a
   * few hundred dummy containers would otherwise carry any violation past the webhook).
   */
  function overLimit(uid: string, subject: string, exceeded: Exceeded): Decision {
    const text = formatNotEvaluated(subject, exceeded.message, LIMIT_KEYS[exceeded.limit]);
    if (webhook.mode === 'enforce') return { response: deny(uid, text), outcome: 'denied', skipReason: 'over-limit', violations: [] };
    const warnings = webhook.mode === 'warn' ? formatWarnings([], [text]) : [];
    return { response: allow(uid, warnings), outcome: warnings.length > 0 ? 'warned' : 'allowed', skipReason: 'over-limit', violations: [] };
  }

  function skipped(uid: string, skipReason: NonNullable<Decision['skipReason']>): Decision {
    return { response: allow(uid), outcome: 'skipped', skipReason, violations: [] };
  }

  /** The findings on the reviewed object: per-resource rules, then cross-resource ones against the inventory. */
  function findingsOn(resource: Resource, rules: readonly RuleInfo[], blocked: ReadonlySet<string>): Finding[] {
    const namespace = resource.namespace ?? '';
    const pass = passesFor(resource.kind, blocked);
    const findings = rules.some((r) => r.scope !== 'batch') ? linter.lint([resource], { config, ruleFilter: pass.resource, knownKinds }) : [];
    if (rules.some((r) => r.scope === 'batch' && !blocked.has(r.id))) {
      const batch: Resource[] = [resource];
      // On UPDATE the stored version is replaced by the one under review.
      const ofKinds = (ns: string, kinds: ReadonlySet<string>) => inventory.objectsOfKindsIn?.(ns, kinds) ?? inventory.objectsIn(ns).filter((o) => kinds.has(o.kind));
      for (const other of pass.reads ? ofKinds(namespace, pass.reads) : inventory.objectsIn(namespace)) {
        if (!sameObject(other, resource)) batch.push(other);
      }
      // The object's own Namespace (cluster-scoped) carries the pod-security labels the pss-* rules read.
      if (namespace !== '' && (!pass.reads || pass.reads.has('Namespace'))) {
        const own = ofKinds('', NAMESPACE_KIND).find((o) => o.kind === 'Namespace' && o.name === namespace);
        if (own) batch.push(own);
      }
      findings.push(...linter.lint(batch, { config, ruleFilter: pass.batch, knownKinds }));
    }
    // A user policy that failed gives no verdict: answered like any evaluation failure (decideObject).
    const failed = findings.find((f) => f.ruleId === 'policy-error' && !f.suppressed);
    if (failed) throw new UserPolicyFailure(`a user policy failed: ${failed.file ?? ''}:${failed.range?.line ?? 0}`);
    const ours = findings.filter(
      (f) => !f.suppressed && !CLI_ONLY_RULES.has(f.ruleId) && f.resource && sameObject(f.resource, resource) && (f.resource.namespace ?? '') === namespace,
    );
    ours.sort(compareFindings);
    // The two passes each keep one finding per cause; across them, a recommendation and the Pod Security control it overlaps may both report one field.
    return oneFindingPerCause(ours, linter.rules, (f) => ({ ruleId: f.ruleId, control: f.podSecurity?.control, where: f.path ?? '', level: f.severity }));
  }

  function decideObject(request: AdmissionRequest): Decision {
    const { uid } = request;
    const maintenance = maintenanceUpdate(request);
    if (maintenance) return skipped(uid, maintenance);
    const resource = admissionResource(request);
    const namespace = resource.namespace ?? '';
    if (exemptNamespaces.has(namespace) || (resource.kind === 'Namespace' && exemptNamespaces.has(resource.name))) {
      return skipped(uid, 'exempt-namespace');
    }
    const rules = rulesFor(resource.kind);
    if (rules.length === 0) return skipped(uid, 'no-rule-for-kind');
    if (request.exceeds) return overLimit(uid, subjectOf(resource), request.exceeds);

    // Without the inventory kinds a cross-resource rule reads, its verdict would be a guess: it is
    // not made, and the gap is reported below. Other rules are unaffected.
    const blocked = blockedRules(rules, unusableKinds(inventory));
    const blockedIds = new Set(blocked.keys());
    const inventoryMissing = blocked.size > 0;
    let ours: Finding[];
    try {
      ours = findingsOn(resource, rules, blockedIds);
    } catch (error) {
      if (!(error instanceof UserPolicyFailure)) throw error;
      const response = failureResponse(uid, webhook.failurePolicy, error.message);
      return { response, outcome: response.allowed ? 'failed-open' : 'failed-closed', violations: [] };
    }

    const violations: Decision['violations'] = ours.map((f) => ({ ruleId: f.ruleId, path: f.path, action: actionOf(f) }));
    // An UPDATE is judged on what it changes: violations the old object had already only warn.
    if (request.operation === 'UPDATE' && request.oldObject && violations.some((v) => v.action === 'deny')) {
      const before = findingsOn(admissionResource({ ...request, object: request.oldObject }), rules, blockedIds);
      preexisting(ours, before).forEach((was, i) => {
        if (was && violations[i]!.action === 'deny') violations[i] = { ...violations[i]!, action: 'warn', preexisting: true };
      });
    }
    const show = (i: number): ShownViolation => {
      const v = shown(ours[i]!, resource.kind);
      return violations[i]!.preexisting ? { ...v, ruleId: `${v.ruleId}, pre-existing` } : v;
    };
    const denied = violations.flatMap((v, i) => (v.action === 'deny' ? [show(i)] : []));
    const warned = violations.flatMap((v, i) => (v.action === 'warn' ? [show(i)] : []));
    const notes: string[] = [];
    if (inventoryMissing) {
      for (const line of blockedLines(blocked)) {
        if (webhook.failurePolicy === 'deny') denied.push({ ruleId: 'inventory', message: `cross-resource rules cannot be evaluated: ${line}` });
        else notes.push(`kubelint: cross-resource rules not evaluated: ${line}`);
      }
    }
    const warnings = formatWarnings(warned, notes);
    const subject = subjectOf(resource);
    if (denied.length > 0) {
      const outcome = inventoryMissing && violations.every((v) => v.action !== 'deny') ? 'failed-closed' : 'denied';
      const crossDenials = violations.filter((v) => v.action === 'deny' && linter.rules.get(v.ruleId)?.scope === 'batch').map((v) => linter.rules.get(v.ruleId)!);
      const reads = crossDenials.flatMap((r) => r.reads ?? ['*']);
      const recheck = crossDenials.length > 0 ? { namespace, ...(reads.includes('*') ? {} : { kinds: [...new Set(reads)] }) } : undefined;
      return { response: deny(uid, formatDenial(subject, denied), warnings), outcome, violations, inventoryMissing, ...(recheck ? { recheck } : {}) };
    }
    const outcome = inventoryMissing ? 'failed-open' : warnings.length > 0 ? 'warned' : 'allowed';
    return { response: allow(uid, warnings), outcome, violations, inventoryMissing };
  }

  return {
    decide(request) {
      const { uid } = request;
      if (request.operation === 'DELETE' || request.operation === 'CONNECT') return skipped(uid, 'operation');
      if (!request.subResource) return decideObject(request);
      if (!isScaleRequest(request)) return skipped(uid, 'subresource');
      // A replica change is judged as the UPDATE of its workload that it amounts to.
      const target = scaleTarget(request, inventory);
      if ('found' in target) return decideObject(target.found);
      if ('skip' in target) return skipped(uid, 'subresource');
      const response = failureResponse(uid, webhook.failurePolicy, `replica change: ${target.missing}`);
      return { response, outcome: response.allowed ? 'failed-open' : 'failed-closed', violations: [], inventoryMissing: true };
    },
    blockedRules() {
      return blockedRules(evaluated, unusableKinds(inventory));
    },
  };
}
