// The format context of one run, built once for every output: the repository root, each
// finding's repository-relative path and fingerprint, and (for code frames) the source text of
// the files findings point into. The only file system access of reporting happens here.
import path from 'node:path';
import { fingerprintOf } from '../baseline/fingerprint.js';
import { ruleDocUri } from '../docs/links.js';
import type { RuleInfo } from '../engine/check.js';
import { MANIFEST_FILE } from '../load/plan.js';
import { readRegularFileText } from '../load/read.js';
import type { FindingPlace, FormatContext } from '../report/context.js';
import { findRepoRoot, isDiskFile, relativeTo } from '../shared/repo-path.js';
import type { Finding, Report } from '../types.js';

export interface FormatContextOptions {
  cwd: string;
  rules: ReadonlyMap<string, RuleInfo>;
  version: string;
  /** The config's docsUrl: where rule pages are published (default: the installed copies). */
  docsUrl?: string | undefined;
  /** Read the findings' files for code frames (stylish); stdin's text when the input was `-`. */
  sources?: { stdin?: string };
  /** Config defaultNamespace, for the JSON report's effective resource.namespace. */
  defaultNamespace?: string;
}

/** `repoPaths`: each file's repository path, kept across the findings of one run (most share a few files). */
export function placeOf(finding: Finding, repoRoot: string, cwd: string, repoPaths?: Map<string, string | undefined>): FindingPlace {
  const fingerprint = (file: string | undefined) => fingerprintOf(finding, file);
  if (!isDiskFile(finding.file)) return { inRepo: false, fingerprint: fingerprint(finding.file) };
  let repoPath = repoPaths?.get(finding.file);
  if (repoPath === undefined && !repoPaths?.has(finding.file)) {
    repoPath = relativeTo(repoRoot, cwd, finding.file);
    repoPaths?.set(finding.file, repoPath);
  }
  const path = repoPath ?? finding.file;
  return { path, inRepo: repoPath !== undefined, fingerprint: fingerprint(path) };
}

/**
 * Files whose lines a code frame may show: those a shown finding points into with a position,
 * and only manifests — a YAML/JSON name, or a file a Kubernetes document was read from. A file
 * that is neither (a credentials file named on the command line that fails to parse) shows its
 * finding without its content.
 */
function framedFiles(findings: readonly Finding[]): Set<string> {
  const positioned = new Set<string>();
  const manifests = new Set<string>();
  for (const f of findings) {
    if (f.file === undefined || f.suppressed) continue;
    if (f.range) positioned.add(f.file);
    if (f.resource || MANIFEST_FILE.test(f.file)) manifests.add(f.file);
  }
  return new Set([...positioned].filter((file) => manifests.has(file) || file === '<stdin>'));
}

/** Source text of the files code frames show; unreadable and non-regular files are left out. */
function readSources(findings: readonly Finding[], cwd: string, stdin: string | undefined): Map<string, string> {
  const sources = new Map<string, string>();
  for (const file of framedFiles(findings)) {
    if (file === '<stdin>') {
      if (stdin !== undefined) sources.set(file, stdin);
      continue;
    }
    if (!isDiskFile(file)) continue;
    const text = readRegularFileText(path.resolve(cwd, file));
    if (text !== undefined) sources.set(file, text);
  }
  return sources;
}

export function formatContext(report: Report, options: FormatContextOptions): FormatContext {
  const { cwd } = options;
  const repoRoot = findRepoRoot(cwd);
  // path.relative per finding made Node's path functions hot enough for V8 to compile them.
  const repoPaths = new Map<string, string | undefined>();
  return {
    color: false,
    rules: options.rules,
    cwd,
    repoRoot,
    places: { get: (f) => placeOf(f, repoRoot, cwd, repoPaths) },
    sources: options.sources ? readSources(report.findings, cwd, options.sources.stdin) : new Map(),
    ruleDoc: (id) => ruleDocUri(id, options.docsUrl),
    version: options.version,
    ...(options.defaultNamespace ? { defaultNamespace: options.defaultNamespace } : {}),
  };
}
