// JUnit XML for Jenkins and GitLab: a testsuite per file, a testcase per resource, a failure per
// finding. Suppressed findings are left out (they do not fail the run).
import type { Finding, Report } from '../types.js';
import type { FormatContext } from './context.js';
import { escapeControl } from './escape.js';
import { joined } from './pieces.js';
import { subjectOf } from './subjects.js';

const NO_FILE = '(no file)';

/** Characters XML 1.0 cannot carry at all (dropped). */
const NOT_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NOT_XML_ALL = new RegExp(NOT_XML.source, 'gu');
/** What escapeXml writes for each character it escapes: one pass over a text, not one per character. */
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\n': '&#10;' };
const XML_SPECIAL = /[&<>"'\r\n]/;
const XML_SPECIAL_ALL = /[&<>"'\r\n]/g;

/** XML 1.0 text/attribute escaping; characters XML 1.0 cannot carry at all are dropped. */
export function escapeXml(text: string): string {
  const kept = NOT_XML.test(text) ? text.replace(NOT_XML_ALL, '') : text;
  return XML_SPECIAL.test(kept) ? kept.replace(XML_SPECIAL_ALL, (c) => ENTITIES[c]!) : kept;
}

/** Text content keeps its newlines readable. */
function escapeText(text: string): string {
  // Only a newline of the text becomes `&#10;` (a written `&#10;` becomes `&amp;#10;`).
  return text.includes('\n') ? escapeXml(text).replace(/&#10;/g, '\n') : escapeXml(text);
}

interface Case {
  name: string;
  failures: Finding[];
}

/** file → testcase name → case, in first-seen order. */
function collect(report: Report): Map<string, Map<string, Case>> {
  const suites = new Map<string, Map<string, Case>>();
  const caseFor = (file: string, name: string): Case => {
    let suite = suites.get(file);
    if (!suite) suites.set(file, (suite = new Map()));
    let c = suite.get(name);
    if (!c) suite.set(name, (c = { name, failures: [] }));
    return c;
  };
  for (const source of report.sources) caseFor(source, '');
  for (const item of report.inventory ?? []) caseFor(item.file ?? NO_FILE, subjectOf(item.resource));
  for (const f of report.findings) {
    if (f.suppressed) continue;
    caseFor(f.file ?? NO_FILE, f.resource ? subjectOf(f.resource) : '(file)').failures.push(f);
  }
  // The placeholder case stands for a file only when nothing else names it.
  for (const [file, suite] of suites) {
    if (suite.size > 1) suite.delete('');
    else if (suite.has('')) suite.set('', { name: report.inventory ? '(no resources)' : '(all resources)', failures: [] });
    if (suite.size === 0) suites.delete(file);
  }
  return suites;
}

function failureXml(f: Finding): string {
  // The failure text is printed by CI test reporters: a raw newline there forges a log line.
  const file = escapeControl(f.file ?? '');
  const where = f.range ? `${file}:${f.range.line}:${f.range.column}` : file;
  const message = escapeControl(f.message);
  const details = [
    `${f.severity}: ${message}`,
    `rule: ${f.ruleId}`,
    where ? `at: ${where}` : '',
    f.path ? `path: ${escapeControl(f.path)}` : '',
    f.note ? `note: ${escapeControl(f.note)}` : '',
    f.variants?.length ? `variants: ${escapeControl(f.variants.join(', '))}` : '',
  ].filter(Boolean);
  // Each line escaped on its own: the same text as escaping them joined (escaping is character by
  // character, and the joining newline is kept), but a line with nothing to escape is not rewritten.
  return `      <failure message="${escapeXml(message)}" type="${escapeXml(f.ruleId)}">${details.map(escapeText).join('\n')}</failure>`;
}

/**
 * The XML's lines, each with its newline, made as they are written (a failure per finding). The
 * totals in the head are counted from the cases first.
 */
export function* junitPieces(report: Report, ctx: FormatContext): Generator<string> {
  const suites = collect(report);
  let tests = 0;
  let failures = 0;
  for (const cases of suites.values()) {
    tests += cases.size;
    for (const c of cases.values()) if (c.failures.length > 0) failures++;
  }
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="kubelint ${escapeXml(ctx.version)}" tests="${tests}" failures="${failures}" errors="0" time="0">\n`;
  for (const [file, cases] of suites) {
    const list = [...cases.values()];
    const failing = list.filter((c) => c.failures.length > 0).length;
    yield `  <testsuite name="${escapeXml(file)}" tests="${list.length}" failures="${failing}" errors="0" skipped="0" time="0">\n`;
    for (const c of list) {
      const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(file)}" file="${escapeXml(file)}" time="0"`;
      if (c.failures.length === 0) {
        yield `${open}/>\n`;
        continue;
      }
      yield `${open}>\n`;
      for (const f of c.failures) yield `${failureXml(f)}\n`;
      yield '    </testcase>\n';
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

export const formatJunit = (report: Report, ctx: FormatContext): string => joined(junitPieces(report, ctx));
