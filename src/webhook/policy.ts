// The admission decision: an AdmissionRequest, the linter, the config and the inventory in, an
// AdmissionResponse out. No I/O, so the whole decision table is testable without a server.
import { ruleLevel } from '../config/presets.js';
import { oneFindingPerCause } from '../engine/pod-security.js';
import type { ResolvedConfig, WebhookConfig } from '../config/types.js';
import type { RuleInfo } from '../engine/check.js';
import { compareFindings, type Linter } from '../engine/engine.js';
import type { Finding, Resource } from '../types.js';
import type { InventoryView } from './inventory.js';
import { formatDenial, formatWarnings, type ShownViolation } from './messages.js';
import { allow, BadReviewError, deny, type AdmissionRequest, type AdmissionResponse } from './review.js';

export type Outcome = 'allowed' | 'warned' | 'denied' | 'skipped' | 'failed-open' | 'failed-closed';
export type Action = 'deny' | 'warn' | 'audit';

/** What the handler logs and counts about one decision. Never object contents. */
export interface Decision {
  response: AdmissionResponse;
  outcome: Outcome;
  /** Why no rule was evaluated (skipped outcomes). */
  skipReason?: 'operation' | 'subresource' | 'exempt-namespace' | 'no-rule-for-kind';
  violations: Array<{ ruleId: string; path?: string; action: Action }>;
  /** Cross-resource rules that could not be evaluated (inventory not synced). */
  inventoryMissing?: boolean;
}

export interface AdmissionPolicy {
  decide(request: AdmissionRequest): Decision;
}

export interface AdmissionPolicyOptions {
  linter: Linter;
  config: ResolvedConfig;
  inventory: InventoryView;
  /** Namespaces never evaluated (config plus the webhook's own). */
  exemptNamespaces: ReadonlySet<string>;
}

/** Kinds whose contents must never leave the process, not even inside a finding's message. */
const SENSITIVE_KINDS = new Set(['Secret']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

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
  const metadata = isRecord(raw.metadata) ? { ...raw.metadata } : {};
  if (request.namespace && !metadata.namespace) metadata.namespace = request.namespace;
  const object = { ...raw, apiVersion, kind: typeof raw.kind === 'string' ? raw.kind : kind, metadata };
  const name = [metadata.name, request.name, metadata.generateName].find((n) => typeof n === 'string' && n !== '') as string | undefined;
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  return { apiVersion, kind: object.kind as string, name: name ?? '', namespace, object, basePath: [] };
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

  const appliesTo = (r: RuleInfo, kind: string) => !r.kinds || r.kinds.length === 0 || r.kinds.includes(kind);
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
  function passesFor(kind: string): Passes {
    let found = passes.get(kind);
    if (!found) {
      const reads = evaluated.filter((r) => r.scope === 'batch' && appliesTo(r, kind)).flatMap((r) => r.reads ?? ['*']);
      found = {
        resource: (r) => !offHere.has(r.id) && r.scope !== 'batch' && appliesTo(r, kind),
        batch: (r) => !offHere.has(r.id) && r.scope === 'batch' && appliesTo(r, kind),
        reads: reads.includes('*') ? undefined : new Set(reads),
      };
      passes.set(kind, found);
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
    const message = SENSITIVE_KINDS.has(kind) ? linter.rules.get(finding.ruleId)?.title ?? 'policy violation' : finding.message;
    return { ruleId: finding.ruleId, path: finding.path, message };
  }

  function skipped(uid: string, skipReason: NonNullable<Decision['skipReason']>): Decision {
    return { response: allow(uid), outcome: 'skipped', skipReason, violations: [] };
  }

  return {
    decide(request) {
      const { uid } = request;
      if (request.operation === 'DELETE' || request.operation === 'CONNECT') return skipped(uid, 'operation');
      if (request.subResource) return skipped(uid, 'subresource');
      const resource = admissionResource(request);
      const namespace = resource.namespace ?? '';
      if (exemptNamespaces.has(namespace) || (resource.kind === 'Namespace' && exemptNamespaces.has(resource.name))) {
        return skipped(uid, 'exempt-namespace');
      }
      const rules = rulesFor(resource.kind);
      if (rules.length === 0) return skipped(uid, 'no-rule-for-kind');

      const crossResource = rules.filter((r) => r.scope === 'batch');
      // Without the inventory a cross-resource verdict would be a guess: it is not made, and the gap is reported below.
      const inventoryMissing = crossResource.length > 0 && !inventory.synced();
      const pass = passesFor(resource.kind);
      const findings = rules.some((r) => r.scope !== 'batch') ? linter.lint([resource], { config, ruleFilter: pass.resource, knownKinds }) : [];
      if (crossResource.length > 0 && !inventoryMissing) {
        const batch: Resource[] = [resource];
        // On UPDATE the stored version is replaced by the one under review.
        for (const other of inventory.objectsIn(namespace)) {
          if ((!pass.reads || pass.reads.has(other.kind)) && !sameObject(other, resource)) batch.push(other);
        }
        // The object's own Namespace (cluster-scoped) carries the pod-security labels the pss-* rules read.
        if (namespace !== '' && (!pass.reads || pass.reads.has('Namespace'))) {
          const own = inventory.objectsIn('').find((o) => o.kind === 'Namespace' && o.name === namespace);
          if (own) batch.push(own);
        }
        findings.push(...linter.lint(batch, { config, ruleFilter: pass.batch, knownKinds }));
      }
      const ours = findings.filter(
        (f) => !f.suppressed && !CLI_ONLY_RULES.has(f.ruleId) && f.resource && sameObject(f.resource, resource) && (f.resource.namespace ?? '') === namespace,
      );
      ours.sort(compareFindings);
      // The two passes each keep one finding per cause; across them, a recommendation and the Pod Security control it overlaps may both report one field.
      const kept = oneFindingPerCause(ours, linter.rules, (f) => ({ ruleId: f.ruleId, control: f.podSecurity?.control, where: f.path ?? '', level: f.severity }));

      const violations = kept.map((f) => ({ ruleId: f.ruleId, path: f.path, action: actionOf(f) }));
      const denied = kept.filter((_, i) => violations[i]!.action === 'deny').map((f) => shown(f, resource.kind));
      const warned = kept.filter((_, i) => violations[i]!.action === 'warn').map((f) => shown(f, resource.kind));
      const notes: string[] = [];
      if (inventoryMissing) {
        const ids = crossResource.map((r) => r.id).join(', ');
        if (webhook.failurePolicy === 'deny') {
          denied.push({ ruleId: 'inventory', message: `cross-resource rules (${ids}) cannot be evaluated: cluster inventory not synced` });
        } else {
          notes.push(`kubelint: cross-resource rules not evaluated (inventory not synced): ${ids}`);
        }
      }
      const warnings = formatWarnings(warned, notes);
      const subject = `${resource.kind} "${resource.name}"${resource.namespace ? ` in namespace "${resource.namespace}"` : ''}`;
      if (denied.length > 0) {
        const outcome = inventoryMissing && kept.every((_, i) => violations[i]!.action !== 'deny') ? 'failed-closed' : 'denied';
        return { response: deny(uid, formatDenial(subject, denied), warnings), outcome, violations, inventoryMissing };
      }
      const outcome = inventoryMissing ? 'failed-open' : warnings.length > 0 ? 'warned' : 'allowed';
      return { response: allow(uid, warnings), outcome, violations, inventoryMissing };
    },
  };
}
