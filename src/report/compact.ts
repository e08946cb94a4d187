// One line per finding, like ESLint's compact format: easy to grep, to diff, and for editors'
// problem matchers (`file:line:column: severity: message (rule)`).
import type { Finding, Report } from '../types.js';
import type { FormatContext } from './context.js';
import { escapeControl } from './escape.js';
import { joined } from './pieces.js';
import { subjectOf } from './subjects.js';

function line(f: Finding): string {
  const where = `${f.file ?? '<admission request>'}:${f.range?.line ?? 0}:${f.range?.column ?? 0}`;
  const subject = f.resource ? ` ${subjectOf(f.resource)}` : '';
  const variants = f.variants?.length ? ` [${f.variants.join(', ')}]` : '';
  // One finding must stay one line: control characters from the input are shown escaped.
  return escapeControl(`${where}: ${f.severity}: ${f.message} (${f.ruleId})${subject ? ` —${subject}` : ''}${variants}`);
}

/** One line per unsuppressed finding, made as it is written, then the count. */
export function* compactPieces(report: Report, _ctx?: FormatContext): Generator<string> {
  let total = 0;
  for (const f of report.findings) {
    if (f.suppressed) continue;
    total++;
    yield `${line(f)}\n`;
  }
  if (total > 0) yield `\n${total} problem${total === 1 ? '' : 's'}\n`;
}

export const formatCompact = (report: Report, ctx: FormatContext): string => joined(compactPieces(report, ctx));
