// GitHub Actions workflow commands: one annotation per unsuppressed finding, on the changed-files
// view of a pull request. Paths are relative to the repository root, as the runner expects.
import type { Finding, Report, Severity } from '../types.js';
import type { FindingPlace, FormatContext } from './context.js';
import { joined } from './pieces.js';

const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escaping of a command's message (the part after `::`). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value: the data rules plus the separators `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function properties(f: Finding, place: FindingPlace): string {
  const props: Array<[string, string | number]> = [];
  if (place.path !== undefined) props.push(['file', place.path]);
  if (f.range) {
    props.push(['line', f.range.line], ['col', f.range.column], ['endLine', f.range.endLine], ['endColumn', f.range.endColumn]);
  }
  props.push(['title', `kubelint ${f.ruleId}`]);
  return props.map(([k, v]) => `${k}=${escapeProperty(String(v))}`).join(',');
}

export function messageOf(f: Finding): string {
  const subject = f.resource ? `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}` : '';
  const where = [subject, f.path].filter(Boolean).join(' ');
  const variants = f.variants?.length ? `\nin: ${f.variants.join(', ')}` : '';
  return [f.message, where && `(${where})`, f.note && `\nnote: ${f.note}`, variants].filter(Boolean).join(' ');
}

/** One command line per unsuppressed finding, made as it is written. */
export function* githubPieces(report: Report, ctx: FormatContext): Generator<string> {
  for (const f of report.findings) {
    if (!f.suppressed) yield `::${COMMANDS[f.severity]} ${properties(f, ctx.places.get(f)!)}::${escapeData(messageOf(f))}\n`;
  }
}

export const formatGithub = (report: Report, ctx: FormatContext): string => joined(githubPieces(report, ctx));
