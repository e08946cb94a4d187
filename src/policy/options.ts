// Options of users' rules (config `rules.<id>.options`), checked against the JSON Schema the rule
// declares in its METADATA (`custom.options`); a rule that declares none takes none.
import { createRequire } from 'node:module';
import type { UserPolicies } from './load.js';
import { PolicyError } from './opa.js';
import type { ResolvedConfig } from '../config/types.js';

const require = createRequire(import.meta.url);

export function checkUserRuleOptions(user: UserPolicies, config: ResolvedConfig): void {
  const where = config.configFile ?? 'config';
  for (const rule of user.rules) {
    const options = config.rules[rule.id]?.options;
    if (options === undefined) continue;
    const schema = rule.optionsSchema;
    if (!schema) throw new PolicyError(`${where}: rules.${rule.id}.options: rule "${rule.id}" takes no options (its METADATA declares no custom.options)`);
    const { Ajv } = require('ajv') as typeof import('ajv');
    const validate = new Ajv({ allErrors: false, strict: false }).compile(schema);
    if (!validate(options)) {
      const error = validate.errors![0]!;
      const at = ['rules', rule.id, 'options', ...error.instancePath.split('/').filter(Boolean)].join('.');
      throw new PolicyError(`${where}: ${at}: ${error.message}`);
    }
  }
}
