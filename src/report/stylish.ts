// Human output, grouped by file, with a one-line code frame under each finding.
import type { Finding, Report } from '../types.js';
import type { FormatContext } from './context.js';
import { escapeControl } from './escape.js';
import { joined } from './pieces.js';
import { subjectOf } from './subjects.js';

const codes = { red: 31, yellow: 33, blue: 34, gray: 90, bold: 1, underline: 4 } as const;
type Style = keyof typeof codes;

function painter(color: boolean) {
  return (style: Style, text: string) => (color ? `\u001b[${codes[style]}m${text}\u001b[0m` : text);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Widest slice of a source line shown; long lines are cut around the finding's column. */
const FRAME_WIDTH = 100;

/** The offending line with a caret underline, or nothing when the source is not at hand. */
function codeFrame(f: Finding, lines: readonly string[] | undefined, paint: ReturnType<typeof painter>): string[] {
  if (!lines || !f.range) return [];
  const text = lines[f.range.line - 1];
  if (text === undefined) return [];
  const gutter = String(f.range.line);
  const end = f.range.endLine === f.range.line ? f.range.endColumn : text.length + 1;
  const from = Math.max(0, f.range.column - 1 - FRAME_WIDTH / 2);
  const slice = text.slice(from, from + FRAME_WIDTH).replace(/\t/g, ' ');
  // Control characters are shown escaped (several columns each): measure the caret on the escaped text.
  // A slice with none to escape has none in its parts either (escaping is character by character).
  const shown = escapeControl(slice);
  const plain = shown === slice;
  const beforeRaw = slice.slice(0, f.range.column - 1 - from);
  const markedRaw = slice.slice(f.range.column - 1 - from, end - 1 - from);
  const before = plain ? beforeRaw : escapeControl(beforeRaw);
  const marked = plain ? markedRaw : escapeControl(markedRaw);
  const lead = from > 0 ? '…' : '';
  const caretAt = before.length + lead.length;
  const width = Math.max(1, Math.min(marked.length, shown.length + lead.length - caretAt));
  const pad = ' '.repeat(gutter.length);
  return [
    `    ${paint('gray', `${gutter} |`)} ${lead}${shown}${from + FRAME_WIDTH < text.length ? '…' : ''}`,
    `    ${paint('gray', `${pad} |`)} ${' '.repeat(caretAt)}${paint('red', '^'.repeat(width))}`,
  ];
}

/**
 * The code frame of the finding before, when this one has the same range in the same file's lines:
 * findings sorted by position come in runs at one range (a missing field falls back to its parent's
 * key: legacy 1,000 has 5,510 findings at 1,979 ranges), and each frame slices, escapes and pads.
 */
class Frames {
  private lines: readonly string[] | undefined;
  private range: Finding['range'];
  private frame: string[] = [];

  of(f: Finding, lines: readonly string[] | undefined, paint: ReturnType<typeof painter>): string[] {
    const r = f.range;
    const last = this.range;
    if (lines === undefined || r === undefined || lines !== this.lines || last === undefined || r.line !== last.line || r.column !== last.column || r.endLine !== last.endLine || r.endColumn !== last.endColumn) {
      this.frame = codeFrame(f, lines, paint);
      this.lines = lines;
      this.range = r;
    }
    return this.frame;
  }
}

function where(f: Finding): string {
  return f.range ? `${f.range.line}:${f.range.column}` : '-';
}

function describeResource(resource: NonNullable<Finding['resource']>): string {
  return escapeControl(subjectOf(resource));
}

/**
 * What a report's findings repeat, escaped once: a resource's description (a workload's ~15 findings
 * share one resource reference, engine/shared-parts.ts) and a display path (shared strings too).
 * Legacy 10,000's 54,000 findings escaped each of them every time.
 */
class Escaped {
  private readonly resources = new WeakMap<object, string>();
  private readonly paths = new Map<string, string>();

  resource(f: Finding): string {
    if (!f.resource) return '';
    let text = this.resources.get(f.resource);
    if (text === undefined) this.resources.set(f.resource, (text = describeResource(f.resource)));
    return text;
  }

  path(path: string): string {
    let text = this.paths.get(path);
    if (text === undefined) this.paths.set(path, (text = escapeControl(path)));
    return text;
  }
}

/** A file's findings grouped by the renders/builds that found them (plain first), each group in source order. */
function byVariants(findings: readonly Finding[]): Finding[] {
  const groups = new Map<string, Finding[]>([['', []]]);
  for (const f of findings) {
    const key = f.variants?.join(', ') ?? '';
    const group = groups.get(key);
    if (group) group.push(f);
    else groups.set(key, [f]);
  }
  return [...groups.values()].flat();
}

/** Per-rule totals, most frequent first: what to fix (or configure) first on a large repository. */
function ruleTotals(shown: readonly Finding[], paint: ReturnType<typeof painter>): string[] {
  if (shown.length < 2) return [];
  const totals = new Map<string, number>();
  for (const f of shown) totals.set(f.ruleId, (totals.get(f.ruleId) ?? 0) + 1);
  const rows = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const width = String(rows[0]![1]).length;
  return [paint('bold', 'Findings by rule:'), ...rows.map(([id, n]) => `  ${String(n).padStart(width)}  ${id}`), ''];
}

/** What the walk read past, counted by reason. */
function skippedLines(report: Report, paint: ReturnType<typeof painter>): string[] {
  const skipped = report.skipped ?? [];
  if (skipped.length === 0) return [];
  const reasons = new Map<string, number>();
  for (const s of skipped) reasons.set(s.reason, (reasons.get(s.reason) ?? 0) + 1);
  const parts = [...reasons].map(([reason, n]) => `${n} ${reason}`);
  const empty = skipped.filter((s) => s.reason === 'folder with no manifests').map((s) => `${s.file}: no manifests found`);
  return [paint('gray', `${plural(skipped.length, 'input')} skipped (${parts.join(', ')})`), ...empty.map((e) => paint('gray', e))];
}

/**
 * The report's lines, each with its newline, made as they are written: a finding's lines at a time
 * (legacy 10,000, 54,000 findings: the text held whole, ~18 MB, and its parts peaked ~300 MiB).
 */
export function* stylishPieces(report: Report, ctx: FormatContext): Generator<string> {
  const paint = painter(ctx.color);
  const shown = report.findings.filter((f) => !f.suppressed);
  const byFile = new Map<string, Finding[]>();
  for (const f of shown) {
    const key = f.file ?? '<admission request>';
    const group = byFile.get(key);
    if (group) group.push(f);
    else byFile.set(key, [f]);
  }
  const lines = (...texts: string[]) => (texts.length === 0 ? '' : `${texts.join('\n')}\n`);
  const escaped = new Escaped();
  const frames = new Frames();
  for (const [file, findings] of byFile) {
    yield lines(paint('underline', escapeControl(file)));
    // Split once per file, not once per finding: 20,000 findings in one file stay linear.
    const sourceLines = ctx.sources.get(file)?.split(/\r?\n/);
    // A header names the renders/builds once for the findings under it, instead of on every finding.
    let variants = '';
    for (const f of byVariants(findings)) {
      const out: string[] = [];
      const these = f.variants?.join(', ') ?? '';
      if (these !== variants) {
        out.push(`  ${paint('bold', these ? `in ${escapeControl(these)}` : 'as a plain file')}`);
        variants = these;
      }
      const level = f.severity === 'error' ? paint('red', 'error  ') : f.severity === 'warning' ? paint('yellow', 'warning') : paint('blue', 'info   ');
      const subject = escaped.resource(f);
      const shownPath = f.path ? escaped.path(f.path) : '';
      const detail = subject && shownPath ? `${subject} ${shownPath}` : subject || shownPath;
      out.push(`  ${where(f).padEnd(8)} ${level}  ${escapeControl(f.message)}  ${paint('gray', f.ruleId)}`);
      if (detail) out.push(`    ${paint('gray', detail)}`);
      if (f.note) out.push(`    ${paint('gray', `note: ${escapeControl(f.note)}`)}`);
      out.push(...frames.of(f, sourceLines, paint));
      yield lines(...out);
    }
    yield '\n';
  }
  const out = [...ruleTotals(shown, paint), ...skippedLines(report, paint)];
  const { error, warning, info, suppressed } = report.counts;
  const problems = error + warning + info;
  const tail = suppressed > 0 ? `, ${suppressed} suppressed` : '';
  if (problems === 0) {
    out.push(paint('bold', `✔ ${plural(report.resources, 'resource')} checked, no problems${tail}`));
  } else {
    const parts = [plural(error, 'error'), plural(warning, 'warning')];
    if (info > 0) parts.push(plural(info, 'info'));
    const mark = error > 0 ? paint('red', '✖') : paint('yellow', '⚠');
    out.push(paint('bold', `${mark} ${plural(problems, 'problem')} (${parts.join(', ')}) in ${plural(report.resources, 'resource')}${tail}`));
  }
  yield lines(...out);
}

export const formatStylish = (report: Report, ctx: FormatContext): string => joined(stylishPieces(report, ctx));
