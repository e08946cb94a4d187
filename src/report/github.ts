// GitHub Actions workflow commands: one annotation per unsuppressed finding, on the changed-files
// view of a pull request. Paths are relative to the repository root, as the runner expects.
import type { Finding, Report, Severity } from '../types.js';
import type { FindingPlace, FormatContext } from './context.js';
import { joined } from './pieces.js';
import { Subjects, whereOf } from './subjects.js';

const COMMANDS: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** A character escapeData or escapeProperty changes: most texts have none, and are left as they are. */
const DATA_SPECIAL = /[%\r\n]/;
const PROPERTY_SPECIAL = /[%\r\n:,]/;

/** Escaping of a command's message (the part after `::`). */
export function escapeData(text: string): string {
  if (!DATA_SPECIAL.test(text)) return text;
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escaping of a property value: the data rules plus the separators `:` and `,`. */
export function escapeProperty(text: string): string {
  if (!PROPERTY_SPECIAL.test(text)) return text;
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * What a report's annotations repeat, escaped once per value: a file's `file=` property and a rule's
 * `title=` (legacy 1,000: 5,510 annotations in 49 files, 5 properties escaped per annotation).
 * Positions are whole numbers, which no escaping changes.
 */
class Properties {
  private readonly files = new Map<string, string>();
  private readonly titles = new Map<string, string>();

  of(f: Finding, place: FindingPlace): string {
    let text = '';
    if (place.path !== undefined) {
      let file = this.files.get(place.path);
      if (file === undefined) this.files.set(place.path, (file = `file=${escapeProperty(place.path)},`));
      text = file;
    }
    if (f.range) text += `line=${f.range.line},col=${f.range.column},endLine=${f.range.endLine},endColumn=${f.range.endColumn},`;
    let title = this.titles.get(f.ruleId);
    if (title === undefined) this.titles.set(f.ruleId, (title = `title=${escapeProperty(`kubelint ${f.ruleId}`)}`));
    return text + title;
  }
}

/**
 * The annotation's text: the message, `(subject path)`, the note and the variants, each part present
 * separated by a space. `subjects`: one per report (a resource's subject made once).
 */
export function messageOf(f: Finding, subjects: Subjects = new Subjects()): string {
  const where = whereOf(f, subjects);
  let text = f.message;
  const add = (part: string) => {
    text = text ? `${text} ${part}` : part;
  };
  if (where) add(`(${where})`);
  if (f.note) add(`\nnote: ${f.note}`);
  if (f.variants?.length) add(`\nin: ${f.variants.join(', ')}`);
  return text;
}

/** One command line per unsuppressed finding, made as it is written. */
export function* githubPieces(report: Report, ctx: FormatContext): Generator<string> {
  const properties = new Properties();
  const subjects = new Subjects();
  for (const f of report.findings) {
    if (!f.suppressed) yield `::${COMMANDS[f.severity]} ${properties.of(f, ctx.places.get(f)!)}::${escapeData(messageOf(f, subjects))}\n`;
  }
}

export const formatGithub = (report: Report, ctx: FormatContext): string => joined(githubPieces(report, ctx));
