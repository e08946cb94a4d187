// The contract between the engine and everything that checks resources.
import type { PresetEntry, ResolvedConfig } from '../config/types.js';
import type { Resource, Severity, Violation } from '../types.js';

export interface RuleInfo {
  id: string;
  title: string;
  description: string;
  severity: Severity;
  /** Kinds the rule reports findings on; empty means any. */
  kinds?: string[];
  /** 'resource' (one object at a time) or 'batch' (cross-resource). */
  scope?: 'resource' | 'batch';
  /**
   * Batch rules: the kinds of the other objects whose presence can change a verdict ("*" for
   * any). The webhook gives the rule only those from the inventory.
   */
  reads?: string[];
  /**
   * Rules of every kind (no `kinds`, or `reads` with "*"): the kinds whose whole objects they read;
   * of any other kind they read apiVersion, kind and metadata only. Absent: they may read anything.
   */
  wholeKinds?: string[];
  /**
   * Batch rules that read other kinds than Namespace: the fields they read of any object (dotted
   * paths, `*` for any key or element, `podspec.`/`podmeta.` for a workload's pod spec and pod
   * metadata). A large namespace's objects are cut down to them for these rules (rego-project.ts).
   */
  fields?: string[];
  remediation?: string;
  /** Presets holding the rule and its level there (METADATA `custom.presets`); see config/presets.ts. */
  presets?: Record<string, PresetEntry>;
  /** Pod Security Standards controls: the upstream check id and the level it belongs to. */
  podSecurity?: { control: string; level: 'baseline' | 'restricted' };
  /** JSON schema of the rule's options object (from its METADATA); absent when it takes none. */
  optionsSchema?: RuleOptionsSchema;
  /**
   * A recommendation overlapping Pod Security controls: its finding yields to a finding of one of
   * them on the same resource and field (one cause, one finding).
   */
  podSecurityControls?: string[];
  /** Which engine produces it. */
  origin: 'builtin' | 'schema' | 'rego' | 'user';
}

/** One option: a JSON schema with a description and a default. */
export interface RuleOptionSchema {
  description: string;
  default: unknown;
  type?: string | string[];
  items?: { type?: string };
  enum?: unknown[];
  [keyword: string]: unknown;
}

export interface RuleOptionsSchema {
  type: 'object';
  additionalProperties: false;
  properties: Record<string, RuleOptionSchema>;
}

/** What one `linter.lint` call asks for besides the user's config (see LintCall in engine.ts). */
export interface CallScope {
  /** Runs only the rules it accepts; the others are skipped as if off. Absent: every rule. */
  ruleFilter?: (rule: RuleInfo) => boolean;
  /**
   * The only kinds the batch can hold (e.g. the webhook's watched kinds), so rules do not judge a
   * reference to a kind they could never see. Absent: any kind may be in the batch.
   */
  knownKinds?: readonly string[];
}

export interface CheckContext extends CallScope {
  config: ResolvedConfig;
  /**
   * Whether per-resource rules judge this resource; absent: every one. Cross-resource rules read
   * and judge every resource of the batch whatever it says. The engine sets it when some resources
   * are context only (--changed) or have their per-resource findings from a cache (engine/judged.ts).
   */
  judged?: (resource: Resource) => boolean;
  /**
   * Whether the run reports the resource's findings; absent: every one. The others (--changed's
   * context) are read by cross-resource rules for the reported ones' sake only.
   */
  reported?: (resource: Resource) => boolean;
}

/** A group of rules evaluated together over a whole batch (so cross-resource rules see everything). */
export interface Check {
  readonly rules: readonly RuleInfo[];
  run(batch: readonly Resource[], ctx: CheckContext): Violation[];
  /**
   * Called for every enabled check before the first check runs, with the very batch and context
   * run() gets next: a check may hand work to another thread here (the Rego helper,
   * src/parallel/) and join it in run(). Optional; run() alone must give the same violations.
   */
  start?(batch: readonly Resource[], ctx: CheckContext): void;
  /**
   * Gives back what the check keeps between runs only to be faster next time (a grown wasm
   * memory); true when there was something. Called once a run has checked all its batches; the
   * next run may be slower, never different.
   */
  release?(): boolean;
}
