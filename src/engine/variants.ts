// One finding per source position across variants: two overlays of one base, or three renders of
// one chart, find the same problem on the same line; it is reported once, naming every variant.
import type { Finding } from '../types.js';

/** What makes two findings "the same" whatever variant found them (the resource may differ by a namespace or prefix). */
function keyOf(f: Finding): string {
  const r = f.range;
  return JSON.stringify([f.ruleId, f.severity, f.message, f.file, r?.line, r?.column, r?.endLine, r?.endColumn, f.path, f.note, f.suppressed?.kind, f.fatal]);
}

/** Merges findings of different variants at one position; the order of first appearance is kept. */
export function mergeVariants(findings: readonly Finding[]): Finding[] {
  const out: Finding[] = [];
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const variant = f.variants?.[0];
    if (variant === undefined) {
      out.push(f);
      continue;
    }
    const key = keyOf(f);
    const candidates = groups.get(key) ?? [];
    // The same finding twice within one variant is two findings (two containers on one line).
    const into = candidates.find((c) => !c.variants!.includes(variant));
    if (into) {
      into.variants!.push(variant);
      continue;
    }
    const copy = { ...f, variants: [variant] };
    candidates.push(copy);
    groups.set(key, candidates);
    out.push(copy);
  }
  return out;
}
