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
import { Subjects, whereOf } from './subjects.js';

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

/**
 * A file's artifact location, made once per file (its path URI-encoded once, not per result) and
 * shared by the results in it; JSON.stringify writes it out for each alike. Legacy 1,000 (5,510
 * results in 49 files): a path split and URI-encoded per result was ~8 ms of ~60 ms of SARIF work.
 */
class ArtifactLocations {
  private readonly made = new Map<string, object>();

  constructor(private readonly cwd: string) {}

  of(f: Finding, place: FindingPlace & { path: string }): object {
    const key = `${place.inRepo ? 'r' : 'a'}${place.path}`;
    let artifact = this.made.get(key);
    if (artifact === undefined) {
      // A file outside the repository is named relative to the cwd or, outside the cwd, absolute.
      artifact = place.inRepo ? { uri: encodePath(place.path), uriBaseId: SRCROOT } : { uri: pathToFileURL(path.resolve(this.cwd, f.file!)).href };
      this.made.set(key, artifact);
    }
    return artifact;
  }
}

function locationOf(f: Finding, place: FindingPlace, artifacts: ArtifactLocations) {
  if (place.path === undefined) return undefined;
  const artifactLocation = artifacts.of(f, place as FindingPlace & { path: string });
  if (!f.range) return { physicalLocation: { artifactLocation } };
  const region = { startLine: f.range.line, startColumn: f.range.column, endLine: f.range.endLine, endColumn: Math.max(f.range.endColumn, f.range.column) };
  return { physicalLocation: { artifactLocation, region } };
}

function messageOf(f: Finding, subjects: Subjects): string {
  const where = whereOf(f, subjects);
  return where ? `${f.message} (${where})` : f.message;
}

/** A result's properties, keys in the order the log has always written them. */
function propertiesOf(f: Finding): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  // The reference itself: JSON.stringify writes it as it wrote its copy.
  if (f.resource) properties.resource = f.resource;
  if (f.path) properties.path = f.path;
  if (f.note) properties.note = f.note;
  if (f.variants?.length) properties.variants = f.variants;
  if (f.fatal) properties.fatal = true;
  return properties;
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
  const artifacts = new ArtifactLocations(ctx.cwd);
  const subjects = new Subjects();
  const results = streamed(report.findings, (f) => {
    const place = ctx.places.get(f)!;
    const location = locationOf(f, place, artifacts);
    const result: Record<string, unknown> = { ruleId: f.ruleId, ruleIndex: index.get(f.ruleId)!, level: LEVELS[f.severity], message: { text: messageOf(f, subjects) } };
    if (location) result.locations = [location];
    result.partialFingerprints = { 'kubelintFindingHash/v1': place.fingerprint };
    if (f.suppressed) result.suppressions = [suppressionOf(f.suppressed)];
    result.properties = propertiesOf(f);
    return result;
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
