// What users' Rego modules contain, read from `opa parse`: rule packages in kubelint's contract
// (METADATA with custom.id and a `violation` set) and conftest namespaces (deny/warn/violation
// rules), and the generated entrypoint module that evaluates both from one WebAssembly build.
import { PRESET_NAMES } from '../config/presets.js';
import type { PresetEntry } from '../config/types.js';
import type { RuleInfo, RuleOptionsSchema } from '../engine/check.js';
import type { Severity } from '../types.js';
import { PolicyError } from './opa.js';

/** A rule in kubelint's contract, with where it is defined. */
export interface UserRule extends RuleInfo {
  /** The package path without `data`, e.g. ['acme', 'team_label']. */
  package: string[];
  file: string;
  line: number;
}

/** A conftest namespace: a package and its deny/warn/violation rules, in source order. */
export interface ConftestNamespace {
  /** Dotted package path without `data`, as conftest names it (`main`). */
  name: string;
  rules: string[];
  file: string;
  line: number;
}

export interface PolicyPlan {
  rules: UserRule[];
  namespaces: ConftestNamespace[];
}

/** Which packages the conftest dialect evaluates (`--namespace`, `--all-namespaces`). */
export interface NamespaceSelection {
  namespaces: readonly string[];
  all: boolean;
}

export const DEFAULT_NAMESPACES = ['main'];

// conftest's own patterns (policy/engine.go).
const WARNING = /^warn(_[a-zA-Z0-9]+)*$/;
const FAILURE = /^(deny|violation)(_[a-zA-Z0-9]+)*$/;
export const isConftestRule = (name: string) => WARNING.test(name) || FAILURE.test(name);
export const conftestSeverity = (name: string): Severity => (FAILURE.test(name) ? 'error' : 'warning');

const SEVERITIES = new Set(['error', 'warning', 'info']);
const ID = /^[a-z0-9][a-z0-9-]*$/;

/** The parts of `opa parse --format json --json-include locations` output read here. */
export interface ParsedModule {
  package: { path: Array<{ value: string }>; location?: { file: string; row: number } };
  annotations?: Array<{ scope: string; title?: string; description?: string; custom?: Record<string, unknown>; location?: { file: string; row: number } }>;
  rules?: Array<{ head: { name?: string; ref?: Array<{ type: string; value: unknown }>; location?: { row: number } } }>;
}

function headName(rule: NonNullable<ParsedModule['rules']>[number]): string | undefined {
  if (rule.head.name) return rule.head.name;
  const ref = rule.head.ref;
  return ref && ref.length === 1 && typeof ref[0]!.value === 'string' ? ref[0]!.value : undefined;
}

function isKindList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((k) => typeof k === 'string' && k !== '');
}

type KindGroups = Readonly<Record<string, readonly string[]>>;

/** Kind groups (`workloads`, from policies/lib/kinds.rego) replaced by their kinds, as for the built-in rules. */
function expandKinds(list: readonly string[], groups: KindGroups, fail: (m: string) => never): string[] {
  const kinds = list.flatMap((k) => {
    if (k === '*' || /^[A-Z]/.test(k)) return [k];
    return groups[k] ?? fail(`custom.kinds names ${JSON.stringify(k)}, neither a kind (Capitalized) nor a kind group (${Object.keys(groups).join(', ')})`);
  });
  return [...new Set(kinds)];
}

/** custom.options as the built-in rules write it: {<name>: JSON schema with a default}. */
function optionsSchemaOf(options: unknown, fail: (m: string) => never): RuleOptionsSchema {
  if (typeof options !== 'object' || options === null || Array.isArray(options) || Object.keys(options).length === 0) fail('custom.options must map option names to JSON schemas');
  for (const [name, property] of Object.entries(options as object)) {
    if (typeof property !== 'object' || property === null || (property as { default?: unknown }).default === undefined) fail(`custom.options.${name} needs a JSON schema with a default`);
  }
  return { type: 'object', additionalProperties: false, properties: options as RuleOptionsSchema['properties'] };
}

/** custom.presets as the built-in rules write it: a list of names, or a map of name to a severity or {severity, options}. */
function presetEntries(value: unknown, severity: Severity, fail: (m: string) => never): Record<string, PresetEntry> {
  const entries: Array<[unknown, unknown]> = Array.isArray(value) ? value.map((name) => [name, {}]) : value && typeof value === 'object' ? Object.entries(value) : fail('custom.presets must be a list or a map');
  const out: Record<string, PresetEntry> = {};
  for (const [name, raw] of entries) {
    if (typeof name !== 'string' || !PRESET_NAMES.has(name)) fail(`custom.presets: unknown preset ${JSON.stringify(name)} (one of ${[...PRESET_NAMES].join(', ')})`);
    const entry = (typeof raw === 'string' ? { severity: raw } : raw ?? {}) as { severity?: string; options?: Record<string, unknown> };
    if (entry.severity !== undefined && !SEVERITIES.has(entry.severity)) fail(`custom.presets.${name as string}: severity must be error, warning or info`);
    out[name as string] = { severity: (entry.severity as Severity | undefined) ?? severity, ...(entry.options ? { options: entry.options } : {}) };
  }
  return out;
}

/** A rule from its package METADATA; every problem names the file and line of the annotation. */
function contractRule(module: ParsedModule, file: string, pkg: string[], kindGroups: KindGroups): UserRule | undefined {
  const note = module.annotations?.find((a) => a.scope === 'package' && a.custom && 'id' in a.custom);
  if (!note) return undefined;
  const custom = note.custom!;
  const line = note.location?.row ?? module.package.location?.row ?? 1;
  const where = `${file}:${line}`;
  const fail = (message: string): never => {
    throw new PolicyError(`${where}: METADATA ${message}`);
  };
  const id = custom.id;
  if (typeof id !== 'string' || !ID.test(id)) fail(`custom.id must be a rule id in lower case with dashes (e.g. "team-label"), got ${JSON.stringify(id)}`);
  if (!SEVERITIES.has(custom.severity as string)) fail('custom.severity must be error, warning or info');
  const scope = (custom.scope ?? 'resource') as 'resource' | 'batch';
  if (scope !== 'resource' && scope !== 'batch') fail('custom.scope must be resource or batch');
  if (custom.kinds !== undefined && !isKindList(custom.kinds)) fail('custom.kinds must be a list of kinds');
  if (scope === 'batch' && !isKindList(custom.reads)) fail('custom.reads must list the kinds a batch rule reads besides the reported object (["*"] for any)');
  if (scope === 'resource' && custom.reads !== undefined) fail('custom.reads is only for batch rules');
  if (custom.remediation !== undefined && typeof custom.remediation !== 'string') fail('custom.remediation must be a string');
  const optionsSchema = custom.options === undefined ? undefined : optionsSchemaOf(custom.options, fail);
  const presets = custom.presets === undefined ? undefined : presetEntries(custom.presets, custom.severity as Severity, fail);
  if (!(module.rules ?? []).some((r) => headName(r) === 'violation')) fail(`names rule "${String(id)}" but package ${pkg.join('.')} has no \`violation\` rule`);
  const title = note.title ?? (id as string);
  return {
    id: id as string,
    title,
    description: note.description ?? title,
    severity: custom.severity as Severity,
    kinds: expandKinds((custom.kinds as string[] | undefined) ?? [], kindGroups, fail),
    scope,
    ...(scope === 'batch' ? { reads: expandKinds(custom.reads as string[], kindGroups, fail) } : {}),
    ...(custom.remediation ? { remediation: custom.remediation as string } : {}),
    ...(presets ? { presets } : {}),
    origin: 'user',
    package: pkg,
    file,
    line,
    ...(optionsSchema ? { optionsSchema } : {}),
  };
}

/** Reserved packages never evaluated as conftest namespaces: kubelint's helpers and the generated entrypoint. */
const RESERVED = /^(kubelint(\.|$)|kubelint_user_entry$)/;

export function planPolicies(modules: ReadonlyArray<{ file: string; parsed: ParsedModule }>, selection: NamespaceSelection, kindGroups: KindGroups = {}): PolicyPlan {
  const rules: UserRule[] = [];
  const byId = new Map<string, UserRule>();
  const namespaces = new Map<string, ConftestNamespace>();
  for (const { file, parsed } of modules) {
    const pkg = parsed.package.path.slice(1).map((p) => String(p.value));
    const name = pkg.join('.');
    if (RESERVED.test(name)) continue;
    const rule = contractRule(parsed, file, pkg, kindGroups);
    if (rule) {
      const clash = byId.get(rule.id);
      if (clash) throw new PolicyError(`${file}:${rule.line}: rule id "${rule.id}" is already defined at ${clash.file}:${clash.line}`);
      byId.set(rule.id, rule);
      rules.push(rule);
      continue;
    }
    if (!selection.all && !selection.namespaces.includes(name)) continue;
    const names = (parsed.rules ?? []).map(headName).filter((n): n is string => !!n && isConftestRule(n));
    if (names.length === 0) continue;
    const ns = namespaces.get(name) ?? { name, rules: [], file, line: parsed.package.location?.row ?? 1 };
    // conftest treats same-named rules as one (case-insensitively).
    for (const n of names) if (!ns.rules.some((r) => r.toLowerCase() === n.toLowerCase())) ns.rules.push(n);
    namespaces.set(name, ns);
  }
  // Contract packages are never conftest namespaces, even under --all-namespaces.
  const contract = new Set(rules.map((r) => r.package.join('.')));
  return { rules: rules.sort((a, b) => a.id.localeCompare(b.id)), namespaces: [...namespaces.values()].filter((n) => !contract.has(n.name)) };
}

export const ENTRY_PACKAGE = 'kubelint_user_entry';
export const CONTRACT_ENTRYPOINT = `${ENTRY_PACKAGE}/main`;
export const conftestEntrypoint = (i: number) => `${ENTRY_PACKAGE}/conftest_${i}`;

function ref(pkg: readonly string[], rule: string): string {
  return `data${[...pkg, rule].map((s) => `[${JSON.stringify(s)}]`).join('')}`;
}

/**
 * The entrypoint module: `main` aggregates the contract rules over a batch (as the built-in
 * catalogue's does); `conftest_<i>` returns namespace i's rule values and exceptions for one
 * document. A value is wrapped in a list so an undefined rule is [] instead of undefined.
 */
export function entryModule(plan: PolicyPlan): string {
  const blocks = plan.rules.map(
    (r) =>
      `findings contains {"rule": ${JSON.stringify(r.id)}, "index": v.index, "msg": v.msg, "path": object.get(v, "path", [])} if {\n\tenabled[${JSON.stringify(r.id)}]\n\tsome v in ${ref(r.package, 'violation')}\n}\n`,
  );
  const conftest = plan.namespaces.map((ns, i) => {
    const pkg = ns.name.split('.');
    const values = ns.rules.map((rule) => `\t\t${JSON.stringify(rule)}: [v | v := ${ref(pkg, rule)}],`).join('\n');
    return `conftest_${i} := {\n\t"rules": {\n${values}\n\t},\n\t"exception": [v | v := ${ref(pkg, 'exception')}],\n}\n`;
  });
  return [
    '# Generated by kubelint from the users\' policies; not for editing.',
    `package ${ENTRY_PACKAGE}`,
    '',
    'enabled := {id | some id in input.enabled}',
    '',
    ...blocks,
    blocks.length > 0 ? 'main := [f | some f in findings]' : 'main := []',
    '',
    ...conftest,
  ].join('\n');
}

export function entrypoints(plan: PolicyPlan): string[] {
  return [CONTRACT_ENTRYPOINT, ...plan.namespaces.map((_, i) => conftestEntrypoint(i))];
}
