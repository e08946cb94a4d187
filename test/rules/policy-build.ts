// Tests need the compiled policies; build them once if a fresh checkout has none.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { packagePath } from '../../src/config/paths.js';

export function ensurePoliciesBuilt(): void {
  if (existsSync(packagePath('build', 'policies', 'policy.wasm')) && existsSync(packagePath('build', 'policies', 'rules.json'))) return;
  execFileSync(process.execPath, [packagePath('scripts', 'build-policies.mjs')], { stdio: 'inherit' });
}
