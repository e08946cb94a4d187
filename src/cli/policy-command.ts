// `kubelint policy build|test`: compile users' policies into a bundle for machines without opa
// (CI images, the webhook), and run their Rego unit tests with opa.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../config/load.js';
import { trustedByEnv } from '../config/trust.js';
import { compilePolicies, defaultCacheDir, libFiles } from '../policy/compile.js';
import { findOpa, PolicyError } from '../policy/opa.js';
import { readPolicySources } from '../policy/sources.js';
import { makeDirs } from '../shared/make-dirs.js';
import type { CliIO } from './io.js';
import { UsageError } from './io.js';
import { applyPolicyArgs, POLICY_OPTIONS, policyArgsFrom } from './policy-args.js';

export const POLICY_COMMAND_HELP = `Usage: kubelint policy build [options] <paths...> -o <bundle.tar.gz>
       kubelint policy test [options] <paths...>

build  compiles the policies (folders, .rego files) to WebAssembly with opa and writes a bundle
       that \`kubelint --policy bundle.tar.gz\` and the webhook load without opa.
test   runs the policies' *_test.rego with \`opa test\` (kubelint's data.kubelint.lib included).

Without paths, the config's "policies" (and "policyData") are used.

Options:
  -o, --output <file>        build: the bundle to write
      --data <path>          JSON/YAML data merged under data.*; repeatable
      --namespace <pkg>      conftest-style rules live in this package (default: main); repeatable
      --all-namespaces       conftest-style rules in every package
  -c, --config <file>        use this config file
      --no-config            ignore config files
      --trust-config         trust the config file (code, programs, network; see README)
  -v, --verbose              test: opa test --verbose
  -h, --help                 show this help

Exit codes: 0 built / tests passed, 1 a test failed, 2 usage or policy error (opa's message
with the file:line:column).
`;

export async function policyCommand(argv: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    io.stdout.write(POLICY_COMMAND_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'build' && sub !== 'test') throw new UsageError(`unknown policy command "${sub}" (build or test)`);
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' }, 'trust-config': { type: 'boolean' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
        ...POLICY_OPTIONS,
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout.write(POLICY_COMMAND_HELP);
    return 0;
  }
  const resolved = await resolveConfig({ cwd: io.cwd, configFile: values['no-config'] ? false : values.config, trustConfig: values['trust-config'] || trustedByEnv(io.env) });
  const base = positionals.length > 0 ? { ...resolved, policies: [] } : resolved;
  const config = applyPolicyArgs(base, { ...policyArgsFrom(values), policies: [...positionals, ...(values.policy ?? [])] }, io.cwd);
  if (config.policies.length === 0) throw new UsageError(`policy ${sub} needs the policies: give paths, or "policies" in the config`);
  const sources = readPolicySources(config.policies, config.policyData);
  if (sources.bundles.length > 0) throw new UsageError(`policy ${sub} reads Rego sources, not bundles (${sources.bundles.map((b) => path.relative(io.cwd, b)).join(', ')})`);

  if (sub === 'build') {
    if (!values.output) throw new UsageError('policy build needs -o <bundle.tar.gz>');
    const selection = { namespaces: config.conftest.namespaces, all: config.conftest.allNamespaces };
    const { compiled, bundle } = await compilePolicies(sources, { selection, opaBinary: config.opa.binary, root: config.root, cwd: io.cwd, env: io.env, cacheDir: defaultCacheDir(io.env) });
    const target = path.resolve(io.cwd, values.output);
    makeDirs(path.dirname(target));
    writeFileSync(target, bundle);
    const { rules, namespaces } = compiled.plan;
    io.stderr.write(
      `kubelint: wrote ${values.output}: ${rules.length} rule${rules.length === 1 ? '' : 's'} in kubelint's contract, ${namespaces.length} conftest package${namespaces.length === 1 ? '' : 's'} (opa ${compiled.opaVersion})\n`,
    );
    return 0;
  }

  const opa = await findOpa(config.opa.binary, config.root, io.env);
  const files = [...sources.modules, ...sources.tests].map((m) => m.file);
  if (sources.tests.length === 0) throw new PolicyError('no *_test.rego files in the given policies');
  const args = ['test', ...(values.verbose ? ['--verbose'] : []), ...libFiles(), ...files, ...sources.dataFiles];
  const result = await opa.run(args, io.cwd);
  io.stdout.write(result.stdout);
  io.stderr.write(result.stderr);
  return result.code === 0 ? 0 : /\bFAIL\b|\bERROR\b/.test(result.stdout) && !/rego_\w+_error/.test(result.stdout + result.stderr) ? 1 : 2;
}
