// The data that flows through kubelint: Source → Manifest → Resource → Finding → Report.
// Types only; behaviour lives in the modules that produce and consume them.

export type Severity = 'error' | 'warning' | 'info';

/** A JSON path inside a resource: object keys and array indexes, e.g. ['spec', 'containers', 0]. */
export type JsonPath = ReadonlyArray<string | number>;

/** 1-based, inclusive start, exclusive end column (as editors and SARIF count). */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** Where manifests came from. `name` is what findings show (a path relative to the cwd, or `<stdin>`). */
export interface Source {
  kind: 'file' | 'stdin' | 'helm' | 'kustomize' | 'admission';
  name: string;
  /** For rendered sources: the chart or overlay directory and render name. */
  origin?: string;
}

/** Where a path resolved to: possibly another file than the manifest's own (a Helm template, a Kustomize patch). */
export interface Location {
  file: string;
  range?: SourceRange;
  /** A short note when the location is approximate (e.g. "rendered value; key not found in template"). */
  note?: string;
}

/** One YAML/JSON document of a source. */
export interface Manifest {
  source: Source;
  /** 0-based index of the document in its source. */
  index: number;
  /** The parsed value (plain JS data, as Kubernetes would decode it). */
  value: unknown;
  /** Lines of the document inside the source text (1-based, inclusive). */
  lines: { start: number; end: number };
  /** Maps a JSON path to a location; falls back to the closest existing ancestor. */
  locate(path: JsonPath): Location;
  /**
   * Comments of the document keyed by their 1-based line, for in-source suppressions. Parsers may
   * leave out comments that cannot be directives (no `kubelint-` at their start), and the YAML
   * parser does: finding every comment would compose a Document for each commented document.
   */
  comments: ReadonlyMap<number, string>;
}

export interface ResourceRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** A Kubernetes object identified inside a manifest (a document, or an item of a `kind: List`). */
export interface Resource extends ResourceRef {
  object: Record<string, unknown>;
  /** Absent for resources with no source text (admission requests). */
  manifest?: Manifest;
  /** Path of the object inside its manifest's value: [] for a document, ['items', 3] for a List item. */
  basePath: JsonPath;
}

/** The Pod Security Standards control a finding comes from, as the PodSecurity admission names it. */
export interface PodSecurityRef {
  level: 'baseline' | 'restricted';
  /** The policy version evaluated, e.g. "v1.35". */
  version: string;
  /** The upstream check id, e.g. "capabilities_baseline". */
  control: string;
}

/** What a check returns: a message and a path, never a position. */
export interface Violation {
  ruleId: string;
  message: string;
  resource?: Resource;
  /** Path inside the resource. */
  path?: JsonPath;
  /** The field a rule asked for when it does not exist (`path` is then its closest existing parent). */
  missing?: JsonPath;
  /** Overrides the rule's default severity (rarely needed). */
  severity?: Severity;
  /**
   * Pod Security findings: the control, plus what the exemptions match on. `mode` is set when a
   * namespace label asked for the evaluation (its severity then wins over the presets).
   */
  podSecurity?: PodSecurityRef & { mode?: 'enforce' | 'warn' | 'audit'; container?: string; image?: string; values?: string[] };
  /** The most this finding is reported at, whatever the rule's level (a rule's informational note). */
  atMost?: Severity;
  /** For findings about an input that has no resource (parse errors). */
  manifest?: Manifest;
  /** The Helm render or Kustomize build whose batch produced it (set by the linter, not by checks). */
  variant?: string;
  /** Where an input could not be read at all. */
  file?: string;
  line?: number;
  column?: number;
}

export interface Suppression {
  kind: 'annotation' | 'comment' | 'exemption' | 'baseline';
  reason: string;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  resource?: ResourceRef;
  /** Dotted display path, e.g. spec.template.spec.containers[0].image. */
  path?: string;
  file?: string;
  range?: SourceRange;
  note?: string;
  /** The Pod Security Standards control behind the finding. */
  podSecurity?: PodSecurityRef;
  /** The renders/builds it was found in (`charts/app[prod]`, `overlays/prod`); absent for plain files. */
  variants?: string[];
  /** An input that could not be read or parsed: the run exits 2. */
  fatal?: boolean;
  suppressed?: Suppression;
}

export interface Counts {
  error: number;
  warning: number;
  info: number;
  suppressed: number;
  fatal: number;
}

export interface Report {
  findings: Finding[];
  counts: Counts;
  /** Number of resources linted. */
  resources: number;
  /** Display names of the sources read. */
  sources: string[];
  /** Every resource linted and its file, when the producer lists them (JUnit shows passing resources from it). */
  inventory?: Array<{ resource: ResourceRef; file?: string }>;
  /** Inputs read past on purpose and why (not Kubernetes manifests, library charts, empty folders). */
  skipped?: Array<{ file: string; reason: string }>;
  /** Baseline comparison, when the run used --baseline (see src/baseline). */
  baseline?: BaselineSummary;
}

export interface BaselineSummary {
  file: string;
  /** Findings the baseline matched (now suppressed with kind 'baseline'). */
  matched: number;
  /** Baseline entries no finding matched any more: fixed, or moved to another file/resource. */
  absent: Array<{ ruleId: string; file?: string; resource?: string; path?: string }>;
}
