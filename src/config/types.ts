// The resolved configuration: defaults, then the config file, then CLI flags.
import type { Severity } from '../types.js';
import type { WorkloadKind } from '../workloads/kinds.js';

export type RuleLevel = Severity | 'off';

/** A rule's membership of one preset: its level there, and options that preset sets. */
export interface PresetEntry {
  severity: Severity;
  options?: Record<string, unknown>;
}

export interface RuleSetting {
  severity?: RuleLevel;
  /** Rule-specific options (validated against schemas/config.schema.json). */
  options?: Record<string, unknown>;
}

/** A config exemption: every given selector must match; `reason` is mandatory. */
export interface Exemption {
  rules: string[];
  reason: string;
  /** ISO date (YYYY-MM-DD); past it the exemption no longer applies and says so. */
  expires?: string;
  paths?: string[];
  kinds?: string[];
  namespaces?: string[];
  names?: string[];
  containers?: string[];
}

/** A Pod Security control exemption (`podSecurity.exclude`): every given selector must match. */
export interface PodSecurityExclusion {
  control: string;
  reason: string;
  expires?: string;
  images?: string[];
  containers?: string[];
  values?: string[];
}

export interface PodSecurityConfig {
  /** "1.35", "v1.35" or "latest"; unset: kubernetesVersion. */
  version?: string;
  exclude: PodSecurityExclusion[];
}

/** One `helm template` of a chart; several renders of one chart are linted separately. */
export interface HelmRender {
  chart: string;
  name?: string;
  releaseName?: string;
  namespace?: string;
  values?: string[];
  set?: string[];
  setString?: string[];
}

/** What one reviewed object may hold to be evaluated by the webhook (src/webhook/bounds.ts). */
export interface ReviewLimits {
  /** Nesting of objects and arrays (the CLI refuses YAML nested deeper than 200 too). */
  maxDepth: number;
  /** Items in any one array (env, ports, volumes, rules, …). */
  maxArrayItems: number;
  /** containers + initContainers + ephemeralContainers of one pod spec. */
  maxContainers: number;
  /** JSON values in one object, counting every object, array, string, number, boolean and null. */
  maxValues: number;
}

export interface WebhookConfig {
  port: number;
  tlsCert?: string;
  tlsKey?: string;
  mode: 'enforce' | 'warn' | 'audit';
  exemptNamespaces: string[];
  crossResource: 'warn' | 'deny';
  failurePolicy: 'allow' | 'deny';
  ruleModes: Record<string, 'enforce' | 'warn' | 'audit'>;
  /**
   * Seconds an inventory kind may go without a working watch before the rules reading it are
   * not evaluated (answered per failurePolicy, named in /readyz and the warning).
   */
  inventoryMaxStaleSeconds: number;
  /**
   * What one reviewed object may hold to be evaluated; each unset field keeps its default
   * (DEFAULT_REVIEW_LIMITS in src/webhook/bounds.ts). Bounds in schemas/config.schema.json.
   */
  limits?: Partial<ReviewLimits>;
}

export interface ResolvedConfig {
  /** Directory relative paths in the config are resolved against (the config file's, or the cwd). */
  root: string;
  /** The config file that was loaded, if any. */
  configFile?: string;
  include: string[];
  exclude: string[];
  /** Target Kubernetes version, "major.minor" (e.g. "1.36"). */
  kubernetesVersion: string;
  /** Namespace of resources that name none. */
  defaultNamespace: string;
  /** Custom resources that run pods, with their defaults filled in (config `workloadKinds`). */
  workloadKinds: WorkloadKind[];
  /** Presets in use (config `presets`, `--preset`); `rules` goes over them. */
  presets: string[];
  rules: Record<string, RuleSetting>;
  failOn: Severity;
  /** -1: no limit. */
  maxWarnings: number;
  format: string[];
  outputFile: string[];
  schema: {
    strict: boolean;
    /** Extra schema folders ({group}/{kind}_{version}.json layout), e.g. for CRDs. */
    schemaDirs: string[];
    /** Severity of "no schema for this kind". */
    missingSchema: RuleLevel;
  };
  exemptions: Exemption[];
  /**
   * Rule ids no annotation or comment can suppress (for platform teams); config exemptions,
   * which live in this same config, still apply.
   */
  strict: string[];
  podSecurity: PodSecurityConfig;
  /** Where the rule pages are published; links use the installed copies when unset (offline). */
  docsUrl?: string;
  /** Users' policies and data (absolute paths): folders, .rego files, bundles; JSON/YAML data. */
  policies: string[];
  policyData: string[];
  /** Packages evaluated in conftest's dialect (default ["main"]), or every package. */
  conftest: { namespaces: string[]; allNamespaces: boolean };
  opa: { binary?: string };
  helm: { binary?: string; renders: HelmRender[] };
  /** `allowRemote`: let builds fetch remote bases and charts (off: a lint never reaches the network). */
  kustomize: { binary?: string; allowRemote?: boolean };
  /** `nonKubernetes`: a YAML/JSON file with no apiVersion/kind anywhere is skipped (info) or an error. */
  inputs: { nonKubernetes: 'skip' | 'error' };
  webhook: WebhookConfig;
}
