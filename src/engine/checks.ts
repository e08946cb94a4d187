// The checks every front door runs, assembled once per process.
import { defaultConfig } from '../config/defaults.js';
import { duplicateCheck } from './builtin.js';
import type { Check } from './check.js';
import { createLinter, type Linter } from './engine.js';
import { loadRegoCheck } from './rego.js';
import { createSchemaCheck } from './schema.js';
import { createSuppressor } from './suppress.js';

let linter: Promise<Linter> | undefined;

async function defaultChecks(): Promise<Check[]> {
  // The schema check reads its settings from each run's config; the default only seeds it.
  return [duplicateCheck, createSchemaCheck(defaultConfig(process.cwd())), await loadRegoCheck()];
}

/** The linter with every built-in check; policies are loaded once per process. */
export function getLinter(): Promise<Linter> {
  linter ??= defaultChecks()
    .then((checks) => createLinter(checks, createSuppressor))
    .catch((error: unknown) => {
      linter = undefined;
      throw error;
    });
  return linter;
}
