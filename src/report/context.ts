// What a formatter may know besides the report. Formatters stay pure: reading files and deciding
// on colour happens in the caller.
import type { RuleInfo } from '../engine/check.js';

export interface FormatContext {
  /** Source text of a finding's file, for code frames; undefined when not available. */
  readSource(file: string): string | undefined;
  color: boolean;
  /** Every rule known to the run (for formats that describe rules). */
  rules: ReadonlyMap<string, RuleInfo>;
  /** Working directory findings' files are relative to. */
  cwd: string;
  version: string;
  /** The config's docsUrl: where rule pages are published (default: the installed copies). */
  docsUrl?: string;
}
