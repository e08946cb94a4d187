// The stable JSON report (documented in README "JSON output"). Version 1. A run with --baseline
// adds a top-level "baseline" key (the comparison's counts); otherwise it is absent.
import { isClusterScoped } from '../engine/scope.js';
import type { BaselineSummary, Finding, Report } from '../types.js';
import type { FormatContext } from './context.js';
import { jsonPieces, streamed, type StreamedArray } from './json-stream.js';
import { joined } from './pieces.js';

export interface JsonFinding {
  ruleId: string;
  severity: Finding['severity'];
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  resource: { apiVersion: string; kind: string; namespace: string | null; name: string } | null;
  path: string | null;
  /** Pod Security findings: the upstream control, its level and the policy version evaluated. */
  podSecurity?: { level: string; version: string; control: string };
  note?: string;
  /** The Helm renders / Kustomize builds that produced it; absent for plain files. */
  variants?: string[];
  fatal?: true;
  suppressed?: { kind: string; reason: string };
}

export interface JsonReport {
  version: number;
  kubelint: string;
  summary: { errors: number; warnings: number; infos: number; suppressed: number; fatal: number; resources: number; sources: number; skipped: number };
  findings: JsonFinding[];
  baseline?: Pick<BaselineSummary, 'file' | 'matched' | 'absent'>;
  /** Inputs read past on purpose, and why (present when there are any). */
  skipped?: Array<{ file: string; reason: string }>;
}

/** The namespace a finding's messages use: its own, else the default for a namespaced kind. */
function effectiveNamespace(resource: NonNullable<Finding['resource']>, defaultNamespace: string | undefined): string | null {
  if (resource.namespace !== undefined) return resource.namespace;
  return isClusterScoped(resource.kind) ? null : defaultNamespace ?? null;
}

type JsonResource = NonNullable<JsonFinding['resource']>;

/**
 * A finding's resource as the report writes it, one object per resource reference: the engine
 * shares one reference per resource (engine/shared-parts.ts), and a legacy workload's ~15
 * findings each made their own copy (5,510 objects at legacy 1,000) for the same text.
 */
export class JsonResources {
  private readonly made = new WeakMap<NonNullable<Finding['resource']>, JsonResource>();

  constructor(private readonly defaultNamespace: string | undefined) {}

  of(resource: NonNullable<Finding['resource']>): JsonResource {
    let out = this.made.get(resource);
    if (out === undefined) {
      out = { apiVersion: resource.apiVersion, kind: resource.kind, namespace: effectiveNamespace(resource, this.defaultNamespace), name: resource.name };
      this.made.set(resource, out);
    }
    return out;
  }
}

/** `resources`: where the resource objects come from (one per reference); without it, one per finding. */
export function toJsonFinding(f: Finding, defaultNamespace?: string, resources = new JsonResources(defaultNamespace)): JsonFinding {
  const out: JsonFinding = {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    file: f.file ?? null,
    line: f.range?.line ?? null,
    column: f.range?.column ?? null,
    endLine: f.range?.endLine ?? null,
    endColumn: f.range?.endColumn ?? null,
    resource: f.resource ? resources.of(f.resource) : null,
    path: f.path ?? null,
  };
  if (f.podSecurity) out.podSecurity = { ...f.podSecurity };
  if (f.note) out.note = f.note;
  if (f.variants?.length) out.variants = [...f.variants];
  if (f.fatal) out.fatal = true;
  if (f.suppressed) out.suppressed = { kind: f.suppressed.kind, reason: f.suppressed.reason };
  return out;
}

/** The report in pieces: each finding's JSON is made as it is written (report/json-stream.ts). */
export function jsonReportPieces(report: Report, ctx: FormatContext): Iterable<string> {
  const resources = new JsonResources(ctx.defaultNamespace);
  const body: Omit<JsonReport, 'findings'> & { findings: StreamedArray } = {
    version: 1,
    kubelint: ctx.version,
    summary: {
      errors: report.counts.error,
      warnings: report.counts.warning,
      infos: report.counts.info,
      suppressed: report.counts.suppressed,
      fatal: report.counts.fatal,
      resources: report.resources,
      sources: report.sources.length,
      skipped: report.skipped?.length ?? 0,
    },
    findings: streamed(report.findings, (f) => toJsonFinding(f, ctx.defaultNamespace, resources), { flat: true }),
  };
  if (report.baseline) body.baseline = { file: report.baseline.file, matched: report.baseline.matched, absent: report.baseline.absent };
  if (report.skipped?.length) body.skipped = report.skipped;
  return jsonPieces(body);
}

export const formatJson = (report: Report, ctx: FormatContext): string => joined(jsonReportPieces(report, ctx));
