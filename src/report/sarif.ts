// SARIF 2.1.0 for GitHub code scanning and other SARIF consumers: one run, every known rule in
// the driver, results located relative to %SRCROOT% (the repository root).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPOSITORY_URL } from '../docs/links.js';
import type { RuleInfo } from '../engine/check.js';
import type { Finding, Report, Severity, Suppression } from '../types.js';
import type { FindingPlace, FormatContext } from './context.js';
import { jsonPieces, streamed } from './json-stream.js';
import { joined } from './pieces.js';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const SRCROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

const LEVELS: Record<Severity, SarifLevel> = { error: 'error', warning: 'warning', info: 'note' };

function encodePath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/');
}

function helpText(rule: RuleInfo, docs: string): { text: string; markdown: string } {
  const fix = rule.remediation ? `\n\nHow to fix: ${rule.remediation}` : '';
  const mdFix = rule.remediation ? `\n\n**How to fix:** ${rule.remediation}` : '';
  return { text: `${rule.description}${fix}\n\nDocumentation: ${docs}`, markdown: `${rule.description}${mdFix}\n\n[Documentation](${docs})` };
}

/** PascalCase of the id; SARIF wants it omitted when it would equal the id. */
function ruleName(id: string): string | undefined {
  const name = id.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  return name.toLowerCase() === id.toLowerCase() ? undefined : name;
}

function describeRule(rule: RuleInfo, docs: string) {
  const name = ruleName(rule.id);
  return {
    id: rule.id,
    ...(name ? { name } : {}),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: helpText(rule, docs),
    helpUri: docs,
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { tags: ['kubernetes', rule.origin], ...(rule.kinds?.length ? { kinds: rule.kinds } : {}), scope: rule.scope ?? 'resource' },
  };
}

/** A rule a finding names but the context does not know (should not happen) still gets a descriptor. */
function placeholderRule(id: string, severity: Severity): RuleInfo {
  return { id, title: id, description: `Findings of rule ${id}.`, severity, origin: 'builtin' };
}

function suppressionOf(s: Suppression) {
  const kind = s.kind === 'annotation' || s.kind === 'comment' ? 'inSource' : 'external';
  return { kind, status: 'accepted', justification: s.reason, properties: { kubelintKind: s.kind } };
}

function locationOf(f: Finding, place: FindingPlace, cwd: string) {
  if (place.path === undefined) return undefined;
  // A file outside the repository is named relative to the cwd or, outside the cwd, absolute.
  const artifactLocation = place.inRepo ? { uri: encodePath(place.path), uriBaseId: SRCROOT } : { uri: pathToFileURL(path.resolve(cwd, f.file!)).href };
  const region = f.range
    ? { startLine: f.range.line, startColumn: f.range.column, endLine: f.range.endLine, endColumn: Math.max(f.range.endColumn, f.range.column) }
    : undefined;
  return { physicalLocation: region ? { artifactLocation, region } : { artifactLocation } };
}

function messageOf(f: Finding): string {
  const subject = f.resource ? `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}` : '';
  const where = [subject, f.path].filter(Boolean).join(' ');
  return where ? `${f.message} (${where})` : f.message;
}

/** The log in pieces: each result is made as it is written (report/json-stream.ts). */
export function sarifPieces(report: Report, ctx: FormatContext): Iterable<string> {
  const rules: RuleInfo[] = [...ctx.rules.values()];
  const index = new Map(rules.map((r, i) => [r.id, i]));
  for (const f of report.findings) {
    if (!index.has(f.ruleId)) {
      index.set(f.ruleId, rules.length);
      rules.push(placeholderRule(f.ruleId, f.severity));
    }
  }
  const results = streamed(report.findings, (f) => {
    const place = ctx.places.get(f)!;
    const location = locationOf(f, place, ctx.cwd);
    return {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId)!,
      level: LEVELS[f.severity],
      message: { text: messageOf(f) },
      ...(location ? { locations: [location] } : {}),
      partialFingerprints: { 'kubelintFindingHash/v1': place.fingerprint },
      ...(f.suppressed ? { suppressions: [suppressionOf(f.suppressed)] } : {}),
      properties: {
        ...(f.resource ? { resource: { ...f.resource } } : {}),
        ...(f.path ? { path: f.path } : {}),
        ...(f.note ? { note: f.note } : {}),
        ...(f.variants?.length ? { variants: f.variants } : {}),
        ...(f.fatal ? { fatal: true } : {}),
      },
    };
  }, { flat: true });
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'kubelint',
            version: ctx.version,
            semanticVersion: ctx.version,
            informationUri: REPOSITORY_URL,
            rules: rules.map((r) => describeRule(r, ctx.ruleDoc(r.id))),
          },
        },
        originalUriBaseIds: { [SRCROOT]: { uri: `${pathToFileURL(ctx.repoRoot).href}/` } },
        // yaml's LineCounter counts JavaScript string positions.
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return jsonPieces(log);
}

export const formatSarif = (report: Report, ctx: FormatContext): string => joined(sarifPieces(report, ctx));
