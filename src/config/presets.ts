// Presets: named sets of rules with levels (and options). A run uses the presets it names
// (`--preset`, config `presets`), `recommended` when it names none; `rules` in config overrides
// any preset, rule by rule. A rule says which presets hold it in its METADATA (`custom.presets`).
import type { RuleInfo } from '../engine/check.js';
import type { Severity } from '../types.js';
import type { PresetEntry, ResolvedConfig, RuleLevel } from './types.js';

export interface PresetInfo {
  name: string;
  description: string;
}

export const DEFAULT_PRESETS: readonly string[] = ['recommended'];

export const PRESETS: readonly PresetInfo[] = [
  {
    name: 'recommended',
    description:
      'The default: rules a team can adopt on day one (correctness, security context, probes, resources, cross-resource checks) plus the Pod Security baseline controls no recommendation already covers.',
  },
  { name: 'pss-baseline', description: 'Exactly the Pod Security Standards baseline controls, as the PodSecurity admission enforces them.' },
  { name: 'pss-restricted', description: 'Exactly the Pod Security Standards restricted controls (baseline included), as the PodSecurity admission enforces them.' },
  { name: 'all', description: 'Every rule at its default level.' },
];

export const PRESET_NAMES: ReadonlySet<string> = new Set(PRESETS.map((p) => p.name));

/** Input and meta rules (unreadable files, duplicates, suppression bookkeeping) hold in every preset. */
const EVERY_PRESET = '*';

/**
 * The presets holding a rule, with its level in each. Rules that declare none: builtin rules and
 * users' rules are in every preset; others (schema validation, Rego rules) in `recommended`. `all`
 * holds every rule.
 */
export function presetsOf(rule: RuleInfo): Record<string, PresetEntry> {
  // Users' own rules run whatever the presets, unless their METADATA names presets.
  const everywhere = rule.origin === 'builtin' || rule.origin === 'user';
  const declared = rule.presets ?? (everywhere ? { [EVERY_PRESET]: { severity: rule.severity } } : { recommended: { severity: rule.severity } });
  return { ...declared, all: declared.all ?? { severity: rule.severity } };
}

/** The preset entry that decides a rule's level: the strictest among the run's presets. */
function entryFor(rule: RuleInfo, presets: readonly string[]): PresetEntry | undefined {
  const held = presetsOf(rule);
  if (held[EVERY_PRESET]) return held[EVERY_PRESET];
  let best: PresetEntry | undefined;
  for (const name of presets) {
    const entry = held[name];
    if (entry && (!best || RANK[entry.severity] > RANK[best.severity])) best = entry;
  }
  return best;
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** A rule's level in this run: config `rules` first, then the presets, else off. */
export function ruleLevel(rule: RuleInfo, config: Pick<ResolvedConfig, 'rules' | 'presets'>): RuleLevel {
  return config.rules[rule.id]?.severity ?? entryFor(rule, config.presets)?.severity ?? 'off';
}

/** Options the run's presets set for a rule (config `rules.<id>.options` go over them). */
export function presetOptions(rule: RuleInfo, config: Pick<ResolvedConfig, 'presets'>): Record<string, unknown> {
  return entryFor(rule, config.presets)?.options ?? {};
}

export function checkPresetNames(names: readonly string[], where: string): string | undefined {
  const unknown = names.find((n) => !PRESET_NAMES.has(n));
  return unknown === undefined ? undefined : `${where}: unknown preset "${unknown}" (one of ${[...PRESET_NAMES].join(', ')})`;
}
