// Users' rules in kubelint's contract, evaluated like the built-in catalogue: one evaluation per
// batch (or per namespace chunk) of the generated entrypoint. When an evaluation fails, each
// enabled rule is evaluated alone, so the failing one becomes a `policy-error` finding on its
// own file and the others still report.
import type { Check, RuleInfo } from '../engine/check.js';
import { existingPrefix, namespaceChunks, positional, type Chunking } from '../engine/rego.js';
import { buildInput } from '../engine/rego-input.js';
import { compareText } from '../engine/order.js';
import type { Resource, Violation } from '../types.js';
import { PolicyInstance, PolicyRuntimeError } from './instance.js';
import { CONTRACT_ENTRYPOINT, type UserRule } from './plan.js';
import { policyErrorViolation } from './policy-error.js';
import { appendAll } from '../shared/append-all.js';

interface Result {
  rule: string;
  index: number;
  msg: string;
  path: Array<string | number>;
}

const CHUNKING: Chunking = { from: 2000, size: 1000 };

/** Defaults from each rule's options schema (METADATA custom.options). */
function optionDefaults(rules: readonly UserRule[]): Record<string, Record<string, unknown>> {
  const defaults: Record<string, Record<string, unknown>> = {};
  for (const rule of rules) {
    const properties = (rule.optionsSchema?.properties ?? {}) as Record<string, { default?: unknown }>;
    defaults[rule.id] = Object.fromEntries(Object.entries(properties).filter(([, p]) => p.default !== undefined).map(([k, p]) => [k, p.default]));
  }
  return defaults;
}

export function ruleInfoOf(rule: UserRule): RuleInfo {
  const { package: _p, file: _f, line: _l, ...info } = rule;
  return info;
}

function isResult(value: unknown): value is Result {
  const r = value as Result;
  return typeof r === 'object' && r !== null && Number.isInteger(r.index) && typeof r.msg === 'string' && Array.isArray(r.path);
}

export function createContractCheck(module: WebAssembly.Module, data: Record<string, unknown>, rules: readonly UserRule[], cwd: string): Check {
  const instance = new PolicyInstance(module, data);
  const infos = rules.map(ruleInfoOf);
  const defaults = optionDefaults(rules);
  const byId = new Map(rules.map((r) => [r.id, r]));

  function evaluate(input: object): Result[] {
    const value = instance.evaluate(CONTRACT_ENTRYPOINT, input);
    if (!Array.isArray(value)) throw new PolicyRuntimeError('the rules returned no result');
    return value as Result[];
  }

  return {
    rules: infos,
    run(batch, ctx) {
      const whole = buildInput(batch, infos, defaults, ctx);
      if (whole.enabled.length === 0 || batch.length === 0) return [];
      const results: Result[] = [];
      const failed = new Map<string, string>();
      for (const members of namespaceChunks(batch, whole.defaultNamespace, CHUNKING)) {
        const input = members ? { ...whole, resources: positional(whole.resources, members) } : whole;
        // A chunk's indexes are positions in it: results go back to the batch's (an index outside
        // the chunk becomes none, and is reported as a malformed violation).
        const toBatch = (found: Result[]): Result[] => (members ? found.map((r) => ({ ...r, index: (Number.isInteger(r.index) ? members[r.index] : undefined) as number })) : found);
        try {
          appendAll(results, toBatch(evaluate(input)));
        } catch (error) {
          if (!(error instanceof PolicyRuntimeError)) throw error;
          for (const id of input.enabled) {
            if (failed.has(id)) continue;
            try {
              appendAll(results, toBatch(evaluate({ ...input, enabled: [id] })));
            } catch (alone) {
              if (!(alone instanceof PolicyRuntimeError)) throw alone;
              failed.set(id, alone.message);
            }
          }
        }
      }
      const violations: Violation[] = [];
      for (const [id, message] of failed) {
        const rule = byId.get(id)!;
        violations.push(policyErrorViolation(`rule ${id}`, rule.file, rule.line, message, cwd));
      }
      for (const r of results.sort((a, b) => a.index - b.index || compareText(a.rule, b.rule) || compareText(a.msg, b.msg))) {
        const rule = byId.get(r.rule)!;
        const resource: Resource | undefined = isResult(r) ? batch[r.index] : undefined;
        if (!resource) {
          const got = JSON.stringify(r).slice(0, 200);
          violations.push(policyErrorViolation(`rule ${r.rule}`, rule.file, rule.line, `a violation must be {"index": <position in input.resources>, "msg": <string>, "path": [<segments>]}, got ${got}`, cwd));
          continue;
        }
        violations.push({ ruleId: r.rule, message: r.msg, resource, path: existingPrefix(resource.object, r.path) });
      }
      return violations;
    },
    release: () => instance.release(),
  };
}
