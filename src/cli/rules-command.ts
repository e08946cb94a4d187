// `kubelint rules [id]`: the rule catalogue as a table, or one rule in full.
import { parseArgs } from 'node:util';
import { PRESETS, presetsOf } from '../config/presets.js';
import { resolveConfig } from '../config/load.js';
import { trustedByEnv } from '../config/trust.js';
import { docExamples, ruleDocLink } from '../docs/links.js';
import { readsText } from '../docs/rule-doc.js';
import { ruleOptions } from '../docs/rule-options.js';
import type { RuleInfo } from '../engine/check.js';
import { linterFor } from '../engine/linter-factory.js';
import { applyPolicyArgs, POLICY_HELP, POLICY_OPTIONS, policyArgsFrom } from './policy-args.js';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';

export const RULES_HELP = `Usage: kubelint rules [--json] [rule-id]

Without an id: every rule with its default severity, the presets holding it and its title, the
users' own (config "policies", --policy) included.
Presets: ${PRESETS.map((p) => p.name).join(', ')} (kubelint --preset <name>).
With an id: the rule's description, how to fix it, its options, its pass/fail examples and
where its docs are (the page shipped with kubelint: readable offline).

Options:
      --json       machine-readable output
  -c, --config <file>            use this config file (default: search .kubelint.json and friends)
      --no-config                ignore config files
      --trust-config             trust the config file (code, programs, network; see README)
${POLICY_HELP}  -h, --help       show this help
`;

/** The presets holding a rule, `name` or `name:level` where its level there differs from its default. */
function presetList(rule: RuleInfo): string {
  const held = presetsOf(rule);
  if (held['*']) return '(every)';
  return PRESETS.filter((p) => held[p.name])
    .map((p) => (held[p.name]!.severity === rule.severity ? p.name : `${p.name}:${held[p.name]!.severity}`))
    .join(',');
}

function table(rules: readonly RuleInfo[]): string {
  const rows = rules.map((r) => [r.id, r.severity, r.scope === 'batch' ? 'batch' : 'resource', presetList(r), r.title]);
  const head = ['RULE', 'SEVERITY', 'SCOPE', 'PRESETS', 'TITLE'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...rows.map(line)].join('\n') + `\n\n${rules.length} rules. Details: kubelint rules <id>\n`;
}

function detail(rule: RuleInfo, docsUrl: string | undefined): string {
  const options = ruleOptions(rule);
  const out = [
    `${rule.id}: ${rule.title}`,
    '',
    `  severity  ${rule.severity} (default)`,
    `  kinds     ${rule.kinds?.length ? rule.kinds.join(', ') : 'any'}`,
    ...(rule.reads ? [`  reads     ${readsText(rule.reads)}`] : []),
    `  scope     ${rule.scope === 'batch' ? 'cross-resource (whole batch)' : 'one resource at a time'}`,
    `  engine    ${rule.origin}`,
    `  presets   ${presetList(rule)}`,
    ...(rule.podSecurity ? [`  control   ${rule.podSecurity.control} (Pod Security ${rule.podSecurity.level})`] : []),
    '',
    rule.description,
    '',
    `How to fix: ${rule.remediation ?? 'see the description.'}`,
    '',
  ];
  if (options.length === 0) out.push('Options: none');
  else {
    out.push('Options:');
    for (const o of options) {
      const def = o.default === undefined ? '' : ` (default ${JSON.stringify(o.default)})`;
      out.push(`  ${o.name}: ${o.type}${def}`, ...(o.description ? [`      ${o.description}`] : []));
    }
  }
  const examples = docExamples(rule.id);
  if (examples) out.push('', examples);
  out.push('', rule.origin === 'user' ? 'Docs: defined by a user policy (its METADATA)' : `Docs: ${ruleDocLink(rule.id, docsUrl)}`, '');
  return out.join('\n');
}

/** A rule for --json: its options as a list (name, type, default, description), not as a schema. */
function forJson(rule: RuleInfo) {
  const { optionsSchema: _schema, ...info } = rule;
  return { ...info, presets: presetsOf(rule), options: ruleOptions(rule) };
}

export async function rulesCommand(argv: string[], io: CliIO): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' }, config: { type: 'string', short: 'c' }, 'no-config': { type: 'boolean' }, 'trust-config': { type: 'boolean' }, ...POLICY_OPTIONS },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(RULES_HELP);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError(`kubelint rules takes at most one rule id, got ${positionals.length}`);
  const resolved = await resolveConfig({ cwd: io.cwd, configFile: values['no-config'] ? false : values.config, trustConfig: values['trust-config'] || trustedByEnv(io.env) });
  const config = applyPolicyArgs(resolved, policyArgsFrom(values), io.cwd);
  const rules = [...(await linterFor(config, { cwd: io.cwd, env: io.env })).rules.values()].sort((a, b) => a.id.localeCompare(b.id));
  const id = positionals[0];
  if (id === undefined) {
    io.stdout.write(values.json ? JSON.stringify(rules.map((r) => forJson(r)), null, 2) + '\n' : table(rules));
    return 0;
  }
  const rule = rules.find((r) => r.id === id);
  // The config's docsUrl, if any, says where the rule pages are published.
  const { docsUrl } = resolved;
  if (!rule) {
    const near = rules.filter((r) => r.id.includes(id) || id.includes(r.id)).map((r) => r.id);
    throw new UsageError(`unknown rule "${id}"${near.length ? ` (did you mean ${near.join(', ')}?)` : ''}; see \`kubelint rules\``);
  }
  io.stdout.write(values.json ? JSON.stringify({ ...forJson(rule), docs: ruleDocLink(rule.id, docsUrl) }, null, 2) + '\n' : detail(rule, docsUrl));
  return 0;
}
