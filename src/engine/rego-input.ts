// The input of one evaluation of the compiled policy: the batch's objects plus what the config
// says (rule options, enabled rules, the Pod Security policy and the Namespaces' labels).
import type { ResolvedConfig } from '../config/types.js';
import type { Resource } from '../types.js';
import type { CheckContext, RuleInfo } from './check.js';
import { presetOptions, ruleLevel } from '../config/presets.js';
import { batchNamespaceContexts, labelledRules, runPodSecurity, type PodSecurityInput } from './pod-security.js';
import { Pruner } from './rego-prune.js';

export interface RegoInput {
  resources: Array<{ index: number; object: Record<string, unknown> }>;
  params: Record<string, Record<string, unknown>>;
  enabled: string[];
  defaultNamespace: string;
  podSecurity: PodSecurityInput;
  /** See CallScope.knownKinds; absent means any kind may be in the batch. */
  knownKinds?: readonly string[];
  /** Custom workload kinds (lib.custom_kind); absent when there are none. */
  workloadKinds?: ResolvedConfig['workloadKinds'];
}

/** What an input holds besides the batch: it depends on the config and the rule filter only. */
interface ConfigParts {
  params: RegoInput['params'];
  podSecurity: Omit<PodSecurityInput, 'namespaces'>;
  /** Enabled rule ids per rule filter: without and with Namespaces labelled for Pod Security in the batch. */
  enabled: WeakMap<object, [string[], string[]]>;
  unfiltered?: [string[], string[]];
  /** What the objects keep for each list of enabled rules (rego-prune.ts). */
  pruners: WeakMap<string[], Pruner>;
}

/**
 * Keeps the config-derived parts of inputs (params, the run's Pod Security policy, enabled rules)
 * for the next batch with the same config object and rule filter: the webhook evaluates every
 * review with the same ones, and computing them took a tenth of a review. Configs are not changed
 * once resolved (a reload makes a new one).
 */
export class InputParts {
  private readonly byConfig = new WeakMap<ResolvedConfig, ConfigParts>();

  constructor(
    private readonly rules: readonly RuleInfo[],
    private readonly defaults: Record<string, Record<string, unknown>>,
    /**
     * Cut objects down to what the rules can read (rego-prune.ts): only for the bundled catalogue,
     * whose rules' declared kinds are checked; users' rules read what they like.
     */
    private readonly pruneInput = false,
  ) {}

  of(config: ResolvedConfig, ruleFilter: CheckContext['ruleFilter']): { params: RegoInput['params']; podSecurity: ConfigParts['podSecurity']; enabled: [string[], string[]]; pruner: (enabled: string[]) => Pruner | undefined } {
    let parts = this.byConfig.get(config);
    if (!parts) {
      parts = { params: ruleParams(this.rules, this.defaults, config), podSecurity: runPodSecurity(this.rules, config), enabled: new WeakMap(), pruners: new WeakMap() };
      this.byConfig.set(config, parts);
    }
    let enabled = ruleFilter ? parts.enabled.get(ruleFilter) : parts.unfiltered;
    if (!enabled) {
      enabled = enabledRules(this.rules, config, ruleFilter);
      if (ruleFilter) parts.enabled.set(ruleFilter, enabled);
      else parts.unfiltered = enabled;
    }
    const { pruners } = parts;
    const pruner = (on: string[]): Pruner | undefined => {
      if (!this.pruneInput) return undefined;
      let found = pruners.get(on);
      if (!found) pruners.set(on, (found = new Pruner(this.rules, on, config.workloadKinds)));
      return found;
    };
    return { params: parts.params, podSecurity: parts.podSecurity, enabled, pruner };
  }
}

function ruleParams(rules: readonly RuleInfo[], defaults: Record<string, Record<string, unknown>>, config: ResolvedConfig): RegoInput['params'] {
  const params: RegoInput['params'] = {};
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const [id, values] of Object.entries(defaults)) {
    const rule = byId.get(id);
    params[id] = { ...values, ...(rule ? presetOptions(rule, config) : {}), ...config.rules[id]?.options };
  }
  return params;
}

/** The rules to evaluate: without and with Namespaces labelled for Pod Security in the batch. */
function enabledRules(rules: readonly RuleInfo[], config: ResolvedConfig, ruleFilter: CheckContext['ruleFilter']): [string[], string[]] {
  const selected = ruleFilter ? rules.filter(ruleFilter) : rules;
  const on = selected.filter((r) => ruleLevel(r, config) !== 'off').map((r) => r.id);
  return [on, [...new Set([...on, ...labelledRules(selected, config)])]];
}

export function buildInput(
  batch: readonly Resource[],
  rules: readonly RuleInfo[],
  defaults: Record<string, Record<string, unknown>>,
  ctx: CheckContext,
  parts: InputParts = new InputParts(rules, defaults),
): RegoInput {
  const { config, ruleFilter, knownKinds } = ctx;
  const { params, podSecurity: run, enabled, pruner } = parts.of(config, ruleFilter);
  const namespaces = batchNamespaceContexts(batch, config.kubernetesVersion);
  const on = Object.keys(namespaces).length === 0 ? enabled[0] : enabled[1];
  const cut = pruner(on);
  return {
    resources: batch.map((r, index) => ({ index, object: cut ? cut.prune(r.object) : r.object })),
    params,
    enabled: on,
    podSecurity: { ...run, namespaces },
    defaultNamespace: config.defaultNamespace,
    ...(knownKinds ? { knownKinds } : {}),
    ...(config.workloadKinds.length > 0 ? { workloadKinds: config.workloadKinds } : {}),
  };
}
