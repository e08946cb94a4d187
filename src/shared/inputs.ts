// What a run lints when it is given no inputs.
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';

/** Inputs given, else the config's `include` (relative to the config file), else the cwd. */
export function effectiveInputs(inputs: readonly string[], config: ResolvedConfig, cwd: string): string[] {
  if (inputs.length > 0) return [...inputs];
  if (config.include.length > 0) return config.include.map((p) => path.relative(cwd, path.resolve(config.root, p)) || '.');
  return ['.'];
}
