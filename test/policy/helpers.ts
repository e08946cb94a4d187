// Shared set-up for the users'-policy tests: a private compile cache per test file, and an opa
// wrapper that records every invocation (to prove a cached run never calls opa).
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

export const OPA = path.join(REPO_ROOT, '.tools', 'bin', 'opa');

export function policyEnv(): { env: Record<string, string>; dir: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-policy-'));
  return { dir, env: { KUBELINT_CACHE_DIR: path.join(dir, 'cache'), PATH: process.env.PATH ?? '' } };
}

/** An opa that logs its arguments to `log` and runs the real one. */
export function countingOpa(dir: string): { binary: string; calls: () => string[] } {
  const log = path.join(dir, 'opa-calls.log');
  const binary = path.join(dir, 'opa');
  writeFileSync(binary, `#!/bin/sh\necho "$1" >> '${log}'\nexec '${OPA}' "$@"\n`);
  chmodSync(binary, 0o755);
  return { binary, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) };
}
