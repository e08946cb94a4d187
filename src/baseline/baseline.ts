// The baseline: today's findings recorded by fingerprint, so CI fails only on new ones.
// File paths are stored relative to the baseline file, so the same baseline works from any cwd.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { countFindings } from '../engine/engine.js';
import type { BaselineSummary, Finding, Report } from '../types.js';
import { FINGERPRINT_VERSION, fingerprintOf, resourceIdentity } from './fingerprint.js';
import { isDiskFile } from '../shared/repo-path.js';
import { compareText } from '../engine/order.js';
import { makeDirs } from '../shared/make-dirs.js';

export const BASELINE_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file?: string;
  /** group/kind/namespace/name */
  resource?: string;
  path?: string;
  /** For humans reading the file; not part of the match. */
  message: string;
}

export interface BaselineFile {
  version: number;
  fingerprintVersion: number;
  kubelint: string;
  findings: BaselineEntry[];
}

export class BaselineError extends Error {
  override name = 'BaselineError';
}

/** The finding's file relative to the baseline file's directory (posix). */
function fileKey(f: Finding, baselineDir: string, cwd: string): string | undefined {
  if (!isDiskFile(f.file)) return f.file;
  return path.relative(baselineDir, path.resolve(cwd, f.file)).split(path.sep).join('/');
}

/** Lost input (fatal) and already-suppressed findings are never baselined. */
function baselinable(f: Finding): boolean {
  return !f.suppressed && !f.fatal;
}

export function createBaseline(report: Report, baselinePath: string, cwd: string, version: string): BaselineFile {
  const dir = path.dirname(path.resolve(cwd, baselinePath));
  const findings = report.findings.filter(baselinable).map((f): BaselineEntry => {
    const file = fileKey(f, dir, cwd);
    const entry: BaselineEntry = { fingerprint: fingerprintOf(f, file), ruleId: f.ruleId, message: f.message };
    if (file !== undefined) entry.file = file;
    if (f.resource) entry.resource = resourceIdentity(f.resource);
    if (f.path) entry.path = f.path;
    return entry;
  });
  findings.sort((a, b) => compareText(a.file ?? '', b.file ?? '') || compareText(a.fingerprint, b.fingerprint));
  return { version: BASELINE_VERSION, fingerprintVersion: FINGERPRINT_VERSION, kubelint: version, findings };
}

export function writeBaselineFile(baseline: BaselineFile, baselinePath: string, cwd: string): void {
  const target = path.resolve(cwd, baselinePath);
  makeDirs(path.dirname(target));
  writeFileSync(target, JSON.stringify(baseline, null, 2) + '\n');
}

export function readBaselineFile(baselinePath: string, cwd: string): BaselineFile {
  let text: string;
  try {
    text = readFileSync(path.resolve(cwd, baselinePath), 'utf8');
  } catch (error) {
    throw new BaselineError(`cannot read baseline ${baselinePath}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message} (create it with --write-baseline ${baselinePath})`);
  }
  let parsed: Partial<BaselineFile>;
  try {
    parsed = JSON.parse(text) as Partial<BaselineFile>;
  } catch (error) {
    throw new BaselineError(`baseline ${baselinePath} is not valid JSON: ${(error as Error).message}`);
  }
  if (parsed?.version !== BASELINE_VERSION || !Array.isArray(parsed.findings)) {
    throw new BaselineError(`baseline ${baselinePath}: unsupported format (expected version ${BASELINE_VERSION}); regenerate it with --write-baseline`);
  }
  if (parsed.fingerprintVersion !== FINGERPRINT_VERSION) {
    throw new BaselineError(`baseline ${baselinePath} was written with fingerprint version ${String(parsed.fingerprintVersion)}, this kubelint uses ${FINGERPRINT_VERSION}; regenerate it with --write-baseline`);
  }
  for (const [i, entry] of parsed.findings.entries()) {
    if (typeof entry?.fingerprint !== 'string' || typeof entry.ruleId !== 'string') {
      throw new BaselineError(`baseline ${baselinePath}: findings[${i}] needs "fingerprint" and "ruleId"`);
    }
  }
  return parsed as BaselineFile;
}

/** What a baseline counts by: rule, file and resource (not the field, which a fix may move). */
function groupKey(ruleId: string, file: string | undefined, resource: string | undefined): string {
  return [ruleId, file ?? '', resource ?? ''].join('\u0000');
}

/** Takes one entry of `key` from a multiset of entries. */
function take(entries: Map<string, BaselineEntry[]>, key: string): BaselineEntry | undefined {
  return entries.get(key)?.pop();
}

/**
 * Marks findings the baseline knows as suppressed (kind 'baseline'). The baseline counts findings
 * per (rule, file, resource), as ESLint's bulk suppressions count per file and rule: a finding
 * matches an entry with its exact fingerprint first, else any entry left in its group. So fixing
 * one of several related findings (adding resources.requests moves the resource-limits finding
 * from the container to its `resources`) never makes the others "new"; only findings beyond a
 * group's count are. Entries left over are reported as absent.
 */
export function applyBaseline(report: Report, baseline: BaselineFile, baselinePath: string, cwd: string): Report {
  const dir = path.dirname(path.resolve(cwd, baselinePath));
  const byPrint = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) byPrint.set(entry.fingerprint, [...(byPrint.get(entry.fingerprint) ?? []), entry]);
  const used = new Set<BaselineEntry>();
  const keys = report.findings.map((f) => {
    const file = fileKey(f, dir, cwd);
    return { print: fingerprintOf(f, file), group: groupKey(f.ruleId, file, f.resource ? resourceIdentity(f.resource) : undefined) };
  });
  // Pass 1: exact fingerprints. Pass 2: what is left, by group.
  const matchedBy = report.findings.map((f, i) => {
    if (!baselinable(f)) return undefined;
    const entry = take(byPrint, keys[i]!.print);
    if (entry) used.add(entry);
    return entry;
  });
  const byGroup = new Map<string, BaselineEntry[]>();
  for (const entry of baseline.findings) {
    if (used.has(entry)) continue;
    const key = groupKey(entry.ruleId, entry.file, entry.resource);
    byGroup.set(key, [...(byGroup.get(key) ?? []), entry]);
  }
  let matched = 0;
  const findings = report.findings.map((f, i) => {
    if (!baselinable(f)) return f;
    const entry = matchedBy[i] ?? take(byGroup, keys[i]!.group);
    if (!entry) return f;
    used.add(entry);
    matched++;
    return { ...f, suppressed: { kind: 'baseline' as const, reason: `in baseline ${baselinePath}` } };
  });
  const absent: BaselineSummary['absent'] = baseline.findings.filter((e) => !used.has(e)).map((e) => {
    const item: BaselineSummary['absent'][number] = { ruleId: e.ruleId };
    if (e.file !== undefined) item.file = e.file;
    if (e.resource !== undefined) item.resource = e.resource;
    if (e.path !== undefined) item.path = e.path;
    return item;
  });
  return { ...report, findings, counts: countFindings(findings), baseline: { file: baselinePath, matched, absent } };
}

/** One line for stderr. */
export function describeBaseline(summary: BaselineSummary): string {
  const gone = summary.absent.length;
  const tail = gone > 0 ? `; ${gone} baselined finding${gone === 1 ? ' is' : 's are'} gone (fixed or moved) — run --write-baseline ${summary.file} to drop ${gone === 1 ? 'it' : 'them'}` : '';
  return `kubelint: baseline ${summary.file}: ${summary.matched} known finding${summary.matched === 1 ? '' : 's'} suppressed${tail}\n`;
}
