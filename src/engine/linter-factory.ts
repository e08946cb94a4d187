// The checks every front door runs, assembled once per process; users' policies (config
// `policies`) add their own checks on top, one linter per set of policies.
import path from 'node:path';
import { defaultConfig } from '../config/defaults.js';
import type { ResolvedConfig } from '../config/types.js';
import { loadUserPolicies, type LoadOptions, type UserPolicies } from '../policy/load.js';
import { PolicyError } from '../policy/opa.js';
import { checkUserRuleOptions } from '../policy/options.js';
import { apiValidationCheck } from './api-validation/check.js';
import { duplicateCheck } from './builtin.js';
import type { Check } from './check.js';
import { createLinter, type Linter } from './engine.js';
import { loadRegoCheck } from './rego.js';
import { createSchemaCheck } from './schema.js';
import { createSuppressor } from './suppress.js';

let builtin: Promise<Check[]> | undefined;
let linter: Promise<Linter> | undefined;

function builtinChecks(): Promise<Check[]> {
  // The schema check reads its settings from each run's config; the default only seeds it.
  builtin ??= loadRegoCheck()
    .then((rego) => [duplicateCheck, createSchemaCheck(defaultConfig(process.cwd())), apiValidationCheck, rego])
    .catch((error: unknown) => {
      builtin = undefined;
      throw error;
    });
  return builtin;
}

/** The linter with every built-in check; policies are loaded once per process. */
export function getLinter(): Promise<Linter> {
  linter ??= builtinChecks()
    .then((checks) => createLinter(checks, createSuppressor))
    .catch((error: unknown) => {
      linter = undefined;
      throw error;
    });
  return linter;
}

/** The built-in checks plus already loaded user policies; a user rule id must not name a built-in rule. */
export async function linterWithPolicies(user: UserPolicies, cwd = process.cwd()): Promise<Linter> {
  const base = await getLinter();
  for (const rule of user.contract) {
    if (base.rules.has(rule.id)) throw new PolicyError(`${path.relative(cwd, rule.file)}:${rule.line}: rule id "${rule.id}" is a built-in rule's; choose another id`);
  }
  return createLinter([...(await builtinChecks()), ...user.checks], createSuppressor);
}

const withPolicies = new Map<string, Promise<Linter>>();

/** The linter for this config: the built-in one, or one with the config's user policies. */
export async function linterFor(config: ResolvedConfig, options: LoadOptions = {}): Promise<Linter> {
  if (config.policies.length === 0) return getLinter();
  const user = await loadUserPolicies(config, options);
  checkUserRuleOptions(user, config);
  let found = withPolicies.get(user.hash);
  if (!found) {
    found = linterWithPolicies(user, options.cwd);
    found.catch(() => withPolicies.delete(user.hash));
    withPolicies.set(user.hash, found);
    // A webhook reloading its policies keeps only the recent sets.
    if (withPolicies.size > 4) withPolicies.delete(withPolicies.keys().next().value!);
  }
  return found;
}
