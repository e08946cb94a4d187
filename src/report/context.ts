// What a formatter may know besides the report. Formatters are pure functions of their arguments:
// reading files, finding the repository and deciding on colour happen in the caller (the CLI,
// src/cli/format-context.ts), once for every output of a run.
import type { RuleInfo } from '../engine/check.js';
import type { Finding } from '../types.js';

/** Where a finding is, as CI systems want it, and its stable identity. */
export interface FindingPlace {
  /**
   * The finding's file as CI systems name it: relative to the repository root with posix slashes
   * when it lies inside, else as given. Absent when it is not a file on disk (stdin, admission).
   */
  path?: string;
  /** `path` is relative to the repository root. */
  inRepo: boolean;
  /** Stable across edits elsewhere in the file (SARIF partialFingerprints, Code Climate). */
  fingerprint: string;
}

export interface FormatContext {
  color: boolean;
  /** Every rule known to the run (for formats that describe rules). */
  rules: ReadonlyMap<string, RuleInfo>;
  /** Working directory findings' files are relative to. */
  cwd: string;
  /** The repository root (git top level of the cwd, else the cwd), absolute. */
  repoRoot: string;
  /**
   * Every finding of the report, placed. Only a lookup: the CLI places a finding when a format asks
   * (hashing every finding up front cost a JSON report of 50,000 findings ~10 MiB and the hashes).
   */
  places: { get(finding: Finding): FindingPlace | undefined };
  /** Source text of findings' files, for code frames (only when a format shows them). */
  sources: ReadonlyMap<string, string>;
  version: string;
  /**
   * A rule's documentation URI (SARIF helpUri). A function: only SARIF asks, and checking every
   * rule's page on disk up front cost each run ~5 ms (issue #22, round 5).
   */
  ruleDoc(id: string): string;
  /** The namespace of namespaced resources that name none (config defaultNamespace), as rule messages use it. */
  defaultNamespace?: string;
}
