// Suppressions, engine-wide (schema and policy findings alike). A suppressed finding stays in the
// report, marked `suppressed: {kind, reason}`; it is never dropped.
//
// - annotation `kubelint.io/ignore: "rule-a,rule-b"` (or `all`) with `kubelint.io/ignore-reason`
// - comment `# kubelint-disable-next-line rule-a,rule-b -- reason` (the finding starting on the next
//   line of the same file) and `# kubelint-disable rule-a -- reason` (to the end of the document)
// - config exemptions (rules + paths/kinds/namespaces/names/containers, reason, optional expires)
// - Pod Security exclusions (`podSecurity.exclude`: control + images/containers/values, reason)
//
// A suppression needs a reason: one without does not suppress, and is reported as
// `suppression-missing-reason`. An expired exemption does not apply and is reported as
// `exemption-expired`. A suppression that matched nothing is reported as `unused-suppression`.
// Fatal findings (unreadable input) are never suppressed, and findings of the rules listed in
// config `strict` only by config exemptions (a platform team's list no annotation or comment overrides).
import picomatch from 'picomatch';
import type { PodSecurityExclusion, ResolvedConfig } from '../config/types.js';
import type { Finding, JsonPath, Resource, Severity, Violation } from '../types.js';
import type { RuleInfo } from './check.js';
import {
  annotationSuppressions,
  commentSuppressions,
  coversRule,
  exemptionSuppressions,
  podSecurityExclusions,
  type ExemptionSuppression,
  type SuppressionRecord,
} from './suppress-sources.js';

export const SUPPRESSION_RULES: readonly RuleInfo[] = [
  {
    id: 'unused-suppression',
    title: 'Suppression matches nothing',
    description: 'An ignore annotation, a kubelint-disable comment or a config exemption that suppressed no finding in this run.',
    severity: 'warning',
    origin: 'builtin',
    remediation: 'Remove the suppression (the problem it covered is gone), or fix its rule ids.',
  },
  {
    id: 'suppression-missing-reason',
    title: 'Suppression without a reason',
    description: 'A suppression must say why: `-- reason` after a kubelint-disable comment, or the kubelint.io/ignore-reason annotation. Without one it suppresses nothing.',
    severity: 'warning',
    origin: 'builtin',
    remediation: 'Add the reason.',
  },
  {
    id: 'exemption-expired',
    title: 'Config exemption expired',
    description: 'A config exemption past its `expires` date no longer applies; the findings it covered are reported again.',
    severity: 'warning',
    origin: 'builtin',
    remediation: 'Fix the findings, or renew the exemption with a new date and reason.',
  },
];

export interface Suppressor {
  apply(violation: Violation, finding: Finding): Finding;
  unused(): Finding[];
}

const CONTAINER_GROUPS = new Set(['containers', 'initContainers', 'ephemeralContainers']);

/** The name of the container a violation path points into, if any. */
export function containerOf(resource: Resource | undefined, path: JsonPath | undefined): string | undefined {
  if (!resource || !path) return undefined;
  for (let i = path.length - 2; i >= 0; i--) {
    if (typeof path[i] === 'string' && CONTAINER_GROUPS.has(path[i] as string) && typeof path[i + 1] === 'number') {
      let node: unknown = resource.object;
      for (const segment of path.slice(0, i + 2)) node = (node as Record<string | number, unknown> | undefined)?.[segment];
      const name = (node as { name?: unknown } | undefined)?.name;
      return typeof name === 'string' ? name : undefined;
    }
  }
  return undefined;
}

function anyGlob(patterns: readonly string[] | undefined, value: string | undefined): boolean {
  if (!patterns || patterns.length === 0) return true;
  return value !== undefined && patterns.some((p) => picomatch.isMatch(value, p));
}

/** A `podSecurity.exclude` entry: its control, and every image, container and value selector given. */
function exclusionMatches(exclusion: PodSecurityExclusion, v: Violation): boolean {
  const ps = v.podSecurity;
  if (!ps || ps.control.toLowerCase() !== exclusion.control.toLowerCase()) return false;
  if (!anyGlob(exclusion.images, ps.image)) return false;
  if (!anyGlob(exclusion.containers, ps.container)) return false;
  // Every forbidden value of the finding must be allowed; a finding with none needs no `values`.
  if (exclusion.values?.length) return (ps.values ?? []).length > 0 && ps.values!.every((value) => anyGlob(exclusion.values, value));
  return true;
}

function exemptionMatches(s: ExemptionSuppression, v: Violation, f: Finding, config: ResolvedConfig): boolean {
  if (s.podSecurity) return exclusionMatches(s.podSecurity, v);
  const { exemption } = s;
  if (!coversRule(s.rules, v.ruleId)) return false;
  if (s.matchPath && (f.file === undefined || !s.matchPath(f.file))) return false;
  if (exemption.kinds?.length && !exemption.kinds.includes(v.resource?.kind ?? '')) return false;
  const namespace = v.resource ? (v.resource.namespace ?? config.defaultNamespace) : undefined;
  if (!anyGlob(exemption.namespaces, namespace)) return false;
  if (!anyGlob(exemption.names, v.resource?.name)) return false;
  if (!anyGlob(exemption.containers, containerOf(v.resource, v.path))) return false;
  return true;
}

function matches(s: SuppressionRecord, v: Violation, f: Finding, config: ResolvedConfig): boolean {
  switch (s.kind) {
    case 'comment':
      return f.file === s.commentFile && f.range !== undefined && f.range.line >= s.from && f.range.line <= s.to && coversRule(s.rules, v.ruleId);
    case 'annotation':
      return v.resource === s.resource && coversRule(s.rules, v.ruleId);
    case 'exemption':
      return exemptionMatches(s, v, f, config);
  }
}

/** Records by a key, each list in the records' order. */
function grouped<T, K>(records: readonly T[], key: (record: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const record of records) {
    const k = key(record);
    const group = groups.get(k);
    if (group) group.push(record);
    else groups.set(k, [record]);
  }
  return groups;
}

const NONE: readonly never[] = [];

export function createSuppressor(batch: readonly Resource[], config: ResolvedConfig, today: Date): Suppressor {
  // Most specific first: a comment beside the line, then the resource's annotation, then config.
  const comments = commentSuppressions(batch);
  const annotations = annotationSuppressions(batch);
  const exemptions = [...exemptionSuppressions(config, today), ...podSecurityExclusions(config, today)];
  const records: SuppressionRecord[] = [...comments, ...annotations, ...exemptions];
  // A finding is matched against its file's comments and its resource's annotations only: trying
  // every record for every finding made a repository that annotated its workloads quadratic (legacy
  // 10,000 with 3,500 annotations: 54,000 findings x 3,500 records). Each list keeps the records' order.
  const commentsOf = grouped(comments, (s) => s.commentFile);
  const annotationsOf = grouped(annotations, (s) => s.resource);
  const expiredHits = new Map<ExemptionSuppression, number>();
  const strict = new Set(config.strict ?? []);

  return {
    apply(v, f) {
      if (f.fatal || f.suppressed || records.length === 0) return f;
      let applied: SuppressionRecord | undefined;
      const own = [
        ...((f.file !== undefined && commentsOf.get(f.file)) || NONE),
        ...((v.resource && annotationsOf.get(v.resource)) || NONE),
        ...exemptions,
      ];
      for (const s of own) {
        if (!matches(s, v, f, config)) continue;
        if (s.kind === 'exemption' && s.expired) {
          expiredHits.set(s, (expiredHits.get(s) ?? 0) + 1);
          continue;
        }
        if (s.reason === '') continue;
        if (s.kind !== 'exemption' && strict.has(v.ruleId)) {
          (s.refused ??= new Set()).add(v.ruleId);
          continue;
        }
        s.used = true;
        applied ??= s;
      }
      return applied ? { ...f, suppressed: { kind: applied.kind, reason: applied.reason } } : f;
    },

    unused() {
      const findings: Finding[] = [];
      const report = (ruleId: string, s: SuppressionRecord, message: string) => {
        const level = config.rules[ruleId]?.severity ?? 'warning';
        if (level === 'off') return;
        const finding: Finding = { ruleId, severity: level as Severity, message };
        if (s.file !== undefined) finding.file = s.file;
        if (s.range) finding.range = s.range;
        findings.push(finding);
      };
      for (const s of records) {
        if (s.kind === 'exemption' && s.expired) {
          const hits = expiredHits.get(s) ?? 0;
          report('exemption-expired', s, `${s.label} expired on ${s.exemption.expires} and no longer applies${hits ? ` (${hits} finding${hits === 1 ? '' : 's'} it covered ${hits === 1 ? 'is' : 'are'} reported again)` : ''}; fix the findings or renew it with a new date`);
        } else if (s.reason === '') {
          const how = s.kind === 'comment' ? 'add "-- <reason>" after the rule ids' : 'add the kubelint.io/ignore-reason annotation';
          report('suppression-missing-reason', s, `${s.label} has no reason, so it suppresses nothing; ${how}`);
        } else if (s.refused) {
          const ids = [...s.refused].sort().join(', ');
          report('unused-suppression', s, `${s.label} cannot suppress ${ids}: config "strict" lists ${s.refused.size === 1 ? 'it' : 'them'}, so the findings are reported; fix them or ask for a config exemption`);
        } else if (!s.used) {
          report('unused-suppression', s, `${s.label} suppresses nothing in this run; remove it or fix its rule ids`);
        }
      }
      return findings;
    },
  };
}
