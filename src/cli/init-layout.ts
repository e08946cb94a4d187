// Which directories `kubelint init` includes. Each include entry is walked on its own, so a
// Kustomize base listed beside its overlays (`base/` + `overlays/`) would also be built alone,
// without the overlays' patches: such bases are left out (their overlays lint them).
import path from 'node:path';
import fg from 'fast-glob';
import { KUSTOMIZATION_FILES, referencedDirs } from '../load/kustomization-file.js';

/** Kustomization directories at most four levels below `dir` (itself included). */
function kustomizations(dir: string): string[] {
  const files = fg.sync(KUSTOMIZATION_FILES.map((f) => `**/${f}`), { cwd: dir, deep: 5, ignore: ['**/node_modules/**', '**/.git/**'], absolute: true });
  return [...new Set(files.map((f) => path.dirname(f)))].sort();
}

/**
 * The include list: the candidate directories, less Kustomize bases used by an overlay found in
 * any of them. A candidate holding bases and overlays together is replaced by its overlays.
 */
export function includeDirs(cwd: string, candidates: readonly string[]): string[] {
  const found = new Map(candidates.map((c) => [c, kustomizations(path.join(cwd, c))]));
  const referenced = new Set([...found.values()].flat().flatMap((d) => referencedDirs(d)));
  const include: string[] = [];
  for (const [candidate, dirs] of found) {
    if (!dirs.some((d) => referenced.has(d))) {
      include.push(candidate);
      continue;
    }
    for (const d of dirs) if (!referenced.has(d)) include.push(path.relative(cwd, d).split(path.sep).join('/'));
  }
  return include;
}
