// GitLab Code Quality: the subset of Code Climate's issue format GitLab reads, a JSON array with one
// issue per unsuppressed finding. GitLab requires description, check_name, fingerprint, severity,
// location.path (relative to the repository root) and location.lines.begin; it shows only the
// first issue of a fingerprint, so fingerprints are made unique within a report.
import { createHash } from 'node:crypto';
import type { Finding, Report, Severity } from '../types.js';
import type { FormatContext } from './context.js';
import { jsonPieces, streamed } from './json-stream.js';
import { joined } from './pieces.js';
import { messageOf } from './github.js';
import { Subjects } from './subjects.js';

export type CodeClimateSeverity = 'info' | 'minor' | 'major' | 'critical' | 'blocker';

export interface CodeClimateIssue {
  type: 'issue';
  check_name: string;
  description: string;
  fingerprint: string;
  severity: CodeClimateSeverity;
  location: { path: string; lines: { begin: number; end?: number } };
}

// As ESLint's GitLab formatters do: errors are major, warnings minor. An unreadable input blocks.
const SEVERITY: Record<Severity, CodeClimateSeverity> = { error: 'major', warning: 'minor', info: 'info' };

function rehash(base: string, message: string, n: number): string {
  return createHash('sha256').update([base, message, n > 1 ? String(n) : ''].join('\u0000')).digest('hex').slice(0, 32);
}

/** The issues in pieces: each is made as it is written (report/json-stream.ts). */
export function codeClimatePieces(report: Report, ctx: FormatContext): Iterable<string> {
  return jsonPieces(streamed(issues(report, ctx), undefined, { flat: true }));
}

export const formatCodeClimate = (report: Report, ctx: FormatContext): string => joined(codeClimatePieces(report, ctx));

function* issues(report: Report, ctx: FormatContext): Generator<CodeClimateIssue> {
  const seen = new Set<string>();
  const subjects = new Subjects();
  for (const f of report.findings) {
    if (f.suppressed) continue;
    const place = ctx.places.get(f)!;
    const path = place.path ?? f.file ?? '<unknown>';
    // The same rule on the same field of the same resource (e.g. cpu and memory limits) differs only
    // in its message; past that, the occurrence number keeps prints unique and stable in order.
    const base = place.fingerprint;
    let fingerprint = base;
    for (let n = 1; seen.has(fingerprint); n++) fingerprint = rehash(base, f.message, n);
    seen.add(fingerprint);
    const begin = f.range?.line ?? 1;
    const lines = f.range && f.range.endLine > begin ? { begin, end: f.range.endLine } : { begin };
    yield {
      type: 'issue',
      check_name: f.ruleId,
      description: messageOf(f, subjects),
      fingerprint,
      severity: f.fatal ? 'blocker' : SEVERITY[f.severity],
      location: { path, lines },
    };
  }
}
