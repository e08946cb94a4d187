// `kubelint [lint]` arguments → inputs, config overrides and output targets.
import { parseArgs } from 'node:util';
import type { ConfigFile } from '../config/load.js';
import type { RuleLevel } from '../config/types.js';
import { UsageError } from './io.js';
import { POLICY_HELP, POLICY_OPTIONS, policyArgsFrom, type PolicyArgs } from './policy-args.js';

export interface Output {
  format: string;
  /** Undefined: standard output. */
  file?: string;
}

export interface LintArgs {
  inputs: string[];
  configFile?: string | false;
  /** --trust-config: the config file may run code, choose programs and open the network. */
  trustConfig: boolean;
  overrides: ConfigFile;
  /** Explicit --format/--output-file pairs; empty means "use the config's". */
  outputs: Output[];
  color?: boolean;
  quiet: boolean;
  help: boolean;
  /** Pre-commit mode: inputs are changed files; lint the whole input set, report only those (see changed-files.ts). */
  changed: boolean;
  cache: boolean;
  cacheLocation?: string;
  baseline?: string;
  writeBaseline?: string;
  policy: PolicyArgs;
}

export const LINT_HELP = `Usage: kubelint [lint] [options] [inputs...]

Lints Kubernetes manifests: files, directories (recursive .yaml/.yml/.json), globs, Helm charts,
Kustomize overlays, or - for standard input. Without inputs, lints the config's "include" (or .).

Options:
  -c, --config <file>            use this config file (default: search .kubelint.json and friends)
      --no-config                ignore config files
      --trust-config             trust the config file: it may be code (.kubelintrc.js), name programs
                                 (helm.binary) and allow the network (kustomize.allowRemote); only for
                                 repositories you trust (also KUBELINT_TRUST_CONFIG=1). See README
  -f, --format <name>            stylish (default) | compact | json | sarif | junit | github
                                 | codeclimate (GitLab Code Quality); repeatable
  -o, --output-file <path>       write the preceding --format to a file instead of stdout
  -k, --kubernetes-version <v>   target Kubernetes version, e.g. 1.30 (default: newest bundled)
      --fail-on <severity>       error (default) | warning | info: lowest severity that fails the run
      --max-warnings <n>         fail when there are more than n warnings
      --preset <name>            rule set: recommended (default) | pss-baseline | pss-restricted |
                                 all; repeatable; replaces the config's presets
      --rule <id=level>          set a rule's level: error | warning | info | off; repeatable
      --default-namespace <ns>   namespace of resources that name none (default: default)
      --exclude <glob>           skip matching paths while walking; repeatable
      --no-strict                allow unknown fields in schema validation
      --quiet                    report errors only
      --changed                  pre-commit mode: the inputs are changed files; lint them with the
                                 config's include set (cross-resource rules) and report only them
      --baseline <file>          suppress findings recorded in this baseline; fail only on new ones
      --write-baseline <file>    record today's findings as the baseline (the run then passes)
${POLICY_HELP}      --cache                    reuse the last report when no input, config or rule changed
      --cache-location <path>    cache file (default: .kubelintcache)
      --color / --no-color       force colour on or off (default: on for a TTY, off with NO_COLOR)
  -h, --help                     show this help
  -v, --version                  print the version

Exit codes: 0 clean, 1 findings at or above the threshold, 2 usage, config or input error.
`;

const LEVELS = new Set(['error', 'warning', 'info', 'off']);

function parseRule(spec: string): [string, RuleLevel] {
  const [id, level] = spec.split('=');
  if (!id || !level || !LEVELS.has(level)) throw new UsageError(`--rule expects <id>=<error|warning|info|off>, got "${spec}"`);
  return [id, level as RuleLevel];
}

export function parseLintArgs(argv: string[]): LintArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      tokens: true,
      options: {
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        'trust-config': { type: 'boolean' },
        format: { type: 'string', short: 'f', multiple: true },
        'output-file': { type: 'string', short: 'o', multiple: true },
        'kubernetes-version': { type: 'string', short: 'k' },
        'fail-on': { type: 'string' },
        'max-warnings': { type: 'string' },
        rule: { type: 'string', multiple: true },
        preset: { type: 'string', multiple: true },
        'default-namespace': { type: 'string' },
        exclude: { type: 'string', multiple: true },
        'no-strict': { type: 'boolean' },
        quiet: { type: 'boolean' },
        changed: { type: 'boolean' },
        cache: { type: 'boolean' },
        'cache-location': { type: 'string' },
        baseline: { type: 'string' },
        'write-baseline': { type: 'string' },
        color: { type: 'boolean' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        ...POLICY_OPTIONS,
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals, tokens } = parsed;
  if (values.baseline && values['write-baseline']) throw new UsageError('--baseline and --write-baseline cannot be used together');
  if (values['cache-location'] && !values.cache) throw new UsageError('--cache-location needs --cache');
  if (values.changed && values['write-baseline']) throw new UsageError('--write-baseline records the whole input set; it cannot be combined with --changed');
  if (values.changed && positionals.includes('-')) throw new UsageError('--changed takes file names, not standard input');
  const overrides: ConfigFile = {};
  if (values['kubernetes-version']) overrides.kubernetesVersion = values['kubernetes-version'];
  if (values['fail-on']) overrides.failOn = values['fail-on'] as ConfigFile['failOn'];
  if (values['max-warnings'] !== undefined) {
    const n = Number(values['max-warnings']);
    if (!Number.isInteger(n) || n < -1) throw new UsageError(`--max-warnings expects a whole number, got "${values['max-warnings']}"`);
    overrides.maxWarnings = n;
  }
  if (values.preset) overrides.presets = values.preset.flatMap((p) => p.split(',')).filter(Boolean);
  if (values.rule) overrides.rules = Object.fromEntries(values.rule.map(parseRule));
  if (values['default-namespace']) overrides.defaultNamespace = values['default-namespace'];
  if (values.exclude) overrides.exclude = values.exclude;
  if (values['no-strict']) overrides.schema = { strict: false };

  // Pair each --output-file with the --format before it, in command-line order.
  const outputs: Output[] = [];
  for (const token of tokens ?? []) {
    if (token.kind !== 'option') continue;
    if (token.name === 'format') outputs.push({ format: token.value! });
    if (token.name === 'output-file') {
      const last = outputs[outputs.length - 1];
      if (!last || last.file !== undefined) throw new UsageError('--output-file must follow the --format it writes');
      last.file = token.value!;
    }
  }
  return {
    inputs: positionals,
    configFile: values['no-config'] ? false : values.config,
    trustConfig: values['trust-config'] ?? false,
    overrides,
    outputs,
    color: values['no-color'] ? false : values.color ? true : undefined,
    quiet: values.quiet ?? false,
    help: values.help ?? false,
    changed: values.changed ?? false,
    cache: values.cache ?? false,
    cacheLocation: values['cache-location'],
    baseline: values.baseline,
    writeBaseline: values['write-baseline'],
    policy: policyArgsFrom(values),
  };
}
