// Where kubelint's own files live (schemas, compiled policies, tools), independent of the cwd.
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: two levels above this file in both src/ (tests) and dist/ (built). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function packagePath(...parts: string[]): string {
  return path.join(PACKAGE_ROOT, ...parts);
}

/**
 * kubelint's per-user cache folder, outside any repository: KUBELINT_CACHE_DIR, else
 * $XDG_CACHE_HOME/kubelint, else ~/.cache/kubelint (compiled user policies, the --cache key).
 */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBELINT_CACHE_DIR) return path.resolve(env.KUBELINT_CACHE_DIR);
  return path.join(env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'kubelint');
}
