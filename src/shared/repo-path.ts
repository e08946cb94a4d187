// Paths as CI systems want them: relative to the repository root (the git top level of the cwd,
// else the cwd), with forward slashes.
import { existsSync } from 'node:fs';
import path from 'node:path';

const roots = new Map<string, string>();

/** The nearest ancestor of `cwd` holding `.git` (a directory, or a file in worktrees/submodules); else `cwd`. */
export function findRepoRoot(cwd: string): string {
  const cached = roots.get(cwd);
  if (cached !== undefined) return cached;
  let dir = path.resolve(cwd);
  let root = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) {
      root = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  roots.set(cwd, root);
  return root;
}

/** `file` (relative to `cwd`) relative to `root` in posix form; undefined when it lies outside `root`. */
export function relativeTo(root: string, cwd: string, file: string): string | undefined {
  const rel = path.relative(root, path.resolve(cwd, file));
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep).join('/');
}

/** Real files only: stdin and admission requests have no path on disk. */
export function isDiskFile(file: string | undefined): file is string {
  return file !== undefined && !/^<.*>$/.test(file);
}
