// Symlinks in a chart folder that lead out of the linted tree. Helm follows them ("Contents of
// linked file included and used"), so a committed `chart/token -> ~/.docker/config.json` read
// with `.Files.Get` would surface in resource names and findings. Such charts are refused before
// helm runs, as a walk refuses file symlinks out of the linted folder.
import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

function realOrUndefined(p: string): string | undefined {
  try {
    return realpathSync(p);
  } catch {
    return undefined; // a dangling link reads nothing
  }
}

function within(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** The bound: the current folder, or the chart's own folder when the chart lies outside it. */
export function chartBound(chartDir: string, cwd: string): string {
  const real = realOrUndefined(chartDir) ?? path.resolve(chartDir);
  const home = realOrUndefined(cwd) ?? path.resolve(cwd);
  return within(home, real) ? home : real;
}

/** The first symlink under chartDir (folders it links to included) whose target leaves bound. */
export function linkOutOf(chartDir: string, bound: string): string | undefined {
  const seen = new Set<string>();
  const visit = (dir: string): string | undefined => {
    const real = realOrUndefined(dir);
    if (!real || seen.has(real)) return undefined;
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return undefined;
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        const target = realOrUndefined(file);
        if (!target) continue;
        if (!within(bound, target)) return file;
        if (statSync(file).isDirectory()) {
          const inner = visit(file);
          if (inner) return inner;
        }
      } else if (entry.isDirectory()) {
        const inner = visit(file);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  return lstatSync(chartDir).isSymbolicLink() && !within(bound, realOrUndefined(chartDir) ?? chartDir) ? chartDir : visit(chartDir);
}
