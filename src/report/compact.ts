// One line per finding, like ESLint's compact format: easy to grep, to diff, and for editors'
// problem matchers (`file:line:column: severity: message (rule)`).
import type { Finding, Report } from '../types.js';
import type { FormatContext } from './context.js';
import { escapeControl } from './escape.js';

function line(f: Finding): string {
  const where = `${f.file ?? '<admission request>'}:${f.range?.line ?? 0}:${f.range?.column ?? 0}`;
  const subject = f.resource ? ` ${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}` : '';
  const variants = f.variants?.length ? ` [${f.variants.join(', ')}]` : '';
  // One finding must stay one line: control characters from the input are shown escaped.
  return escapeControl(`${where}: ${f.severity}: ${f.message} (${f.ruleId})${subject ? ` —${subject}` : ''}${variants}`);
}

export function formatCompact(report: Report, _ctx: FormatContext): string {
  const shown = report.findings.filter((f) => !f.suppressed);
  const total = shown.length;
  const tail = `${total} problem${total === 1 ? '' : 's'}`;
  return shown.length > 0 ? `${shown.map(line).join('\n')}\n\n${tail}\n` : '';
}
