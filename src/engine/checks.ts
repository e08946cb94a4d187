// The checks every front door runs, assembled once per process.
import { duplicateCheck } from './builtin.js';
import type { Check } from './check.js';
import { createLinter, type Linter } from './engine.js';

let linter: Promise<Linter> | undefined;

async function defaultChecks(): Promise<Check[]> {
  return [duplicateCheck];
}

/** The linter with every built-in check; policies are loaded once per process. */
export function getLinter(): Promise<Linter> {
  linter ??= defaultChecks().then((checks) => createLinter(checks));
  return linter;
}
