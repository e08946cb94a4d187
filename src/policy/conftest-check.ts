// Users' rules in conftest's dialect: each document is the `input` of every namespace's
// deny/warn/violation rules, as conftest evaluates them (policy/engine.go): a rule excepted by
// `exception[_][_] == <name without prefix>` reports nothing; a result is a string or an object
// with a string `msg`; empty messages pass. Findings sit at the document's start, or at the
// `path` (list or dotted string) or `field` a result object names.
import { ruleLevel } from '../config/presets.js';
import type { Check, RuleInfo } from '../engine/check.js';
import { existingPrefix } from '../engine/rego.js';
import type { JsonPath, Manifest, Resource, Violation } from '../types.js';
import { PolicyInstance, PolicyRuntimeError } from './instance.js';
import { conftestEntrypoint, conftestSeverity, type ConftestNamespace } from './plan.js';
import { policyErrorViolation } from './policy-error.js';
import { appendAll } from '../shared/append-all.js';

export const conftestRuleId = (ns: ConftestNamespace | string, rule: string) => `${typeof ns === 'string' ? ns : ns.name}.${rule}`;

export function conftestRules(namespaces: readonly ConftestNamespace[]): RuleInfo[] {
  return namespaces.flatMap((ns) =>
    ns.rules.map((rule) => ({
      id: conftestRuleId(ns, rule),
      title: `conftest ${rule} rules of package ${ns.name}`,
      description: `The \`${rule}\` rules of the conftest package ${ns.name}, evaluated on each document.`,
      severity: conftestSeverity(rule),
      kinds: [],
      scope: 'resource' as const,
      origin: 'user' as const,
    })),
  );
}

interface NamespaceValue {
  rules: Record<string, unknown[]>;
  exception: unknown[];
}

/** Iterates `x[_]` as Rego does: array and set elements, object values. */
function members(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [];
}

/** The name conftest matches exceptions against: the rule without its deny_/warn_/violation_ prefix. */
export function exceptionName(rule: string): string {
  if (rule === 'violation' || rule === 'deny' || rule === 'warn') return '';
  return rule.replace(/^violation_/, '').replace(/^deny_/, '').replace(/^warn_/, '');
}

function excepted(exceptions: readonly unknown[], rule: string): boolean {
  const name = exceptionName(rule);
  return exceptions.some((e) => members(e).some((inner) => members(inner).some((x) => x === name)));
}

/** `spec.containers[0].image` or ['spec', 'containers', 0, 'image']. */
export function parseResultPath(value: unknown): JsonPath | undefined {
  if (Array.isArray(value) && value.every((s) => typeof s === 'string' || Number.isInteger(s))) return value as JsonPath;
  if (typeof value !== 'string' || value === '') return undefined;
  const path: Array<string | number> = [];
  for (const part of value.replace(/^\./, '').split('.')) {
    const m = /^([^[\]]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return undefined;
    if (m[1]) path.push(m[1]);
    for (const index of m[2]!.matchAll(/\[(\d+)\]/g)) path.push(Number(index[1]));
  }
  return path;
}

interface Document {
  value: unknown;
  /** The resource findings belong to (the document's own, or a List's first item). */
  resource: Resource;
  manifest?: Manifest;
  /** Where the document sits inside the resource's manifest value. */
  whole: boolean;
}

/** One input per document: a List is one document, as conftest reads files. */
function documentsOf(batch: readonly Resource[]): Document[] {
  const docs: Document[] = [];
  const seen = new Set<Manifest>();
  for (const resource of batch) {
    if (!resource.manifest) {
      docs.push({ value: resource.object, resource, whole: true });
      continue;
    }
    if (seen.has(resource.manifest)) continue;
    seen.add(resource.manifest);
    const whole = resource.basePath.length === 0;
    docs.push({ value: whole ? resource.object : resource.manifest.value, resource, manifest: resource.manifest, whole });
  }
  return docs;
}

export function createConftestCheck(module: WebAssembly.Module, data: Record<string, unknown>, namespaces: readonly ConftestNamespace[], cwd: string): Check {
  const instance = new PolicyInstance(module, data);
  const rules = conftestRules(namespaces);
  return {
    rules,
    run(batch, ctx) {
      const enabled = new Set(rules.filter((r) => (!ctx.ruleFilter || ctx.ruleFilter(r)) && ruleLevel(r, ctx.config) !== 'off').map((r) => r.id));
      const violations: Violation[] = [];
      const failures = new Map<string, { message: string; count: number; ns: ConftestNamespace }>();
      for (const doc of documentsOf(batch)) {
        namespaces.forEach((ns, i) => {
          if (!ns.rules.some((rule) => enabled.has(conftestRuleId(ns, rule)))) return;
          let value: NamespaceValue;
          try {
            value = instance.evaluate(conftestEntrypoint(i), doc.value) as NamespaceValue;
            if (!value) throw new PolicyRuntimeError('the namespace returned no result');
            appendAll(violations, resultsOf(ns, value, doc, enabled));
          } catch (error) {
            if (!(error instanceof PolicyRuntimeError)) throw error;
            const failure = failures.get(ns.name) ?? { message: `${error.message} (first on ${describe(doc.resource)})`, count: 0, ns };
            failure.count++;
            failures.set(ns.name, failure);
          }
        });
      }
      for (const { message, count, ns } of failures.values()) {
        violations.push(policyErrorViolation(`package ${ns.name}`, ns.file, ns.line, count > 1 ? `${message}; ${count} documents failed` : message, cwd));
      }
      return violations;
    },
    release: () => instance.release(),
  };
}

function describe(resource: Resource): string {
  const file = resource.manifest?.source.name;
  return `${resource.kind} "${resource.name}"${file ? ` in ${file}` : ''}`;
}

function resultsOf(ns: ConftestNamespace, value: NamespaceValue, doc: Document, enabled: ReadonlySet<string>): Violation[] {
  const out: Violation[] = [];
  for (const rule of ns.rules) {
    const id = conftestRuleId(ns, rule);
    if (!enabled.has(id) || excepted(value.exception, rule)) continue;
    // [] (undefined) or [value]; only a set or an array of results counts, as in conftest.
    const results = (value.rules[rule] ?? []).flatMap((v) => (Array.isArray(v) ? v : []));
    for (const result of results) {
      let message: string;
      let path: JsonPath = [];
      if (typeof result === 'string') message = result;
      else if (typeof result === 'object' && result !== null && !Array.isArray(result)) {
        const msg = (result as Record<string, unknown>).msg;
        if (typeof msg !== 'string') throw new PolicyRuntimeError(`rule ${rule}: "msg" field must be present and a string (conftest's rule)`);
        message = msg;
        const r = result as Record<string, unknown>;
        path = parseResultPath(r.path) ?? parseResultPath(r.field) ?? [];
      } else continue;
      if (message === '') continue; // conftest counts it as a success
      out.push(violation(id, message, doc, path));
    }
  }
  return out;
}

function violation(ruleId: string, message: string, doc: Document, path: JsonPath): Violation {
  if (doc.whole) return { ruleId, message, resource: doc.resource, path: existingPrefix(doc.resource.object, path) };
  // A List document: the path is inside the whole document, so the finding is placed on the manifest.
  return { ruleId, message, manifest: doc.manifest, path: existingPrefix(doc.value, path) };
}
