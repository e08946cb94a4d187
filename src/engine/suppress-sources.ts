// Where suppressions come from: resource annotations, YAML comments and config exemptions.
// Each is parsed once per batch into a Suppression record the suppressor matches findings against.
import path from 'node:path';
import picomatch from 'picomatch';
import type { Exemption, PodSecurityExclusion, ResolvedConfig } from '../config/types.js';
import type { Manifest, Resource, SourceRange } from '../types.js';

export const IGNORE_ANNOTATION = 'kubelint.io/ignore';
export const IGNORE_REASON_ANNOTATION = 'kubelint.io/ignore-reason';

/** A rule list: ids, or the word `all`. */
export type RuleList = ReadonlySet<string> | 'all';

interface Base {
  rules: RuleList;
  reason: string;
  /** Where the suppression is written, for its own warnings. */
  file?: string;
  range?: SourceRange;
  /** Display form for messages, e.g. `# kubelint-disable-next-line ...`. */
  label: string;
  used: boolean;
  /** Strict rules (config `strict`) whose findings it matched but may not suppress. */
  refused?: Set<string>;
}

export interface AnnotationSuppression extends Base {
  kind: 'annotation';
  resource: Resource;
}

export interface CommentSuppression extends Base {
  kind: 'comment';
  /** Findings in this file whose range starts on a line in [from, to] are covered. */
  commentFile: string;
  from: number;
  to: number;
}

export interface ExemptionSuppression extends Base {
  kind: 'exemption';
  exemption: Exemption;
  /** A `podSecurity.exclude` entry: matches Pod Security findings of its control. */
  podSecurity?: PodSecurityExclusion;
  expired: boolean;
  matchPath?: (file: string) => boolean;
}

export type SuppressionRecord = AnnotationSuppression | CommentSuppression | ExemptionSuppression;

export function parseRuleList(text: string): RuleList {
  const ids = text.split(',').map((s) => s.trim()).filter(Boolean);
  return ids.includes('all') ? 'all' : new Set(ids);
}

export function coversRule(rules: RuleList, ruleId: string): boolean {
  return rules === 'all' || rules.has(ruleId);
}

/** Where a workload's pod template keeps its metadata (none for a Pod: its metadata is its own). */
const POD_TEMPLATE_METADATA: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['spec', 'template', 'metadata'],
  ReplicaSet: ['spec', 'template', 'metadata'],
  StatefulSet: ['spec', 'template', 'metadata'],
  DaemonSet: ['spec', 'template', 'metadata'],
  Job: ['spec', 'template', 'metadata'],
  ReplicationController: ['spec', 'template', 'metadata'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'metadata'],
};

function at(value: unknown, path: readonly string[]): unknown {
  let node = value;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/**
 * `kubelint.io/ignore` on the resource's metadata, and on its pod template's metadata (where Helm
 * charts let users add annotations, as podAnnotations): either covers the whole resource.
 */
export function annotationSuppressions(batch: readonly Resource[]): AnnotationSuppression[] {
  const found: AnnotationSuppression[] = [];
  for (const resource of batch) {
    const places: Array<{ path: readonly string[]; where: string }> = [{ path: ['metadata'], where: '' }];
    const template = POD_TEMPLATE_METADATA[resource.kind];
    if (template) places.push({ path: template, where: 'the pod template of ' });
    for (const place of places) {
      const annotations = at(resource.object, [...place.path, 'annotations']) as Record<string, unknown> | undefined;
      const ignore = annotations?.[IGNORE_ANNOTATION];
      if (typeof ignore !== 'string') continue;
      const reason = annotations?.[IGNORE_REASON_ANNOTATION];
      const location = resource.manifest?.locate([...resource.basePath, ...place.path, 'annotations', IGNORE_ANNOTATION]);
      const record: AnnotationSuppression = {
        kind: 'annotation',
        resource,
        rules: parseRuleList(ignore),
        reason: typeof reason === 'string' ? reason.trim() : '',
        ...(location ? { file: location.file } : {}),
        label: `annotation ${IGNORE_ANNOTATION}: "${ignore}" on ${place.where}${resource.kind} "${resource.name}"`,
        used: false,
      };
      // Located only when read: the range is shown only when the annotation is reported (unused, no
      // reason), and locating every annotation of a repository that adopted them is a finding's cost each.
      if (location) Object.defineProperty(record, 'range', { enumerable: true, configurable: true, get: () => location.range });
      found.push(record);
    }
  }
  return found;
}

// `kubelint-disable-next-line rule-a,rule-b -- reason`, `kubelint-disable-line rule-a -- reason`
// (ESLint's same-line form, as a trailing comment) and `kubelint-disable rule-a -- reason`.
const DIRECTIVE = /^kubelint-disable(-next-line|-line)?(?:\s+(.*?))?\s*$/;

export function commentSuppressions(batch: readonly Resource[]): CommentSuppression[] {
  const found: CommentSuppression[] = [];
  const seen = new Set<Manifest>();
  for (const { manifest } of batch) {
    if (!manifest || seen.has(manifest)) continue;
    seen.add(manifest);
    // Comments are keyed by lines of the file the document's root maps to (a template for Helm).
    const commentFile = manifest.locate([]).file;
    for (const [line, text] of manifest.comments) {
      const match = DIRECTIVE.exec(text.trim());
      if (!match) continue;
      const [rulesText = '', ...reasonParts] = (match[2] ?? '').split(/\s+--(?:\s+|$)/);
      const from = match[1] === '-next-line' ? line + 1 : line;
      const to = match[1] === undefined ? Math.max(line, manifest.lines.end) : from;
      found.push({
        kind: 'comment',
        rules: parseRuleList(rulesText.trim() === '' ? 'all' : rulesText),
        reason: reasonParts.join(' -- ').trim(),
        commentFile,
        from,
        to,
        file: commentFile,
        range: { line, column: 1, endLine: line, endColumn: 1 },
        label: `# ${text.trim()}`,
        used: false,
      });
    }
  }
  return found;
}

/** True when `today` (UTC date) is after the exemption's expiry day. */
export function isExpired(expires: string | undefined, today: Date): boolean {
  return expires !== undefined && today.toISOString().slice(0, 10) > expires;
}

export function exemptionSuppressions(config: ResolvedConfig, today: Date): ExemptionSuppression[] {
  return config.exemptions.map((exemption, i) => {
    const globs = exemption.paths ?? [];
    const matchers = globs.map((g) => picomatch(g, { dot: true }));
    const matchPath =
      matchers.length === 0
        ? undefined
        : (file: string) => {
            // Globs are relative to the config's root; findings name files relative to the cwd.
            const fromRoot = path.relative(config.root, path.resolve(file)).split(path.sep).join('/');
            const asGiven = file.split(path.sep).join('/');
            return matchers.some((m) => m(fromRoot) || m(asGiven));
          };
    return {
      kind: 'exemption' as const,
      exemption,
      rules: parseRuleList(exemption.rules.join(',')),
      reason: exemption.reason.trim(),
      expired: isExpired(exemption.expires, today),
      ...(matchPath ? { matchPath } : {}),
      ...(config.configFile ? { file: config.configFile } : {}),
      label: `exemptions[${i}] (rules: ${exemption.rules.join(', ')})`,
      used: false,
    };
  });
}

/** `podSecurity.exclude`: per-control exemptions, in the same model as `exemptions`. */
export function podSecurityExclusions(config: ResolvedConfig, today: Date): ExemptionSuppression[] {
  return config.podSecurity.exclude.map((exclusion, i) => ({
    kind: 'exemption' as const,
    exemption: { rules: ['all'], reason: exclusion.reason, ...(exclusion.expires ? { expires: exclusion.expires } : {}) },
    podSecurity: exclusion,
    rules: 'all' as const,
    reason: exclusion.reason.trim(),
    expired: isExpired(exclusion.expires, today),
    ...(config.configFile ? { file: config.configFile } : {}),
    label: `podSecurity.exclude[${i}] (control: ${exclusion.control})`,
    used: false,
  }));
}
