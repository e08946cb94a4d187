// Which part of a Helm template rendered a document, and which list items a condition guards:
// a template file may render several documents of one kind (names templated), and a list may
// start with an item behind an `if` that the render left out.
import { literalValue, type OutlineLine } from './template-outline.js';

/** A range of outline indexes; `inline` is an item line (`- key: v`) whose key opens this map. */
export interface Container {
  from: number;
  to: number;
  inline?: number;
}

function sectionsOf(o: OutlineLine[]): Container[] {
  const bounds: number[] = [0];
  o.forEach((e, i) => /^---(\s|$)/.test(e.text) && bounds.push(i + 1));
  bounds.push(o.length);
  return bounds.slice(0, -1).map((from, i) => ({ from, to: bounds[i + 1]! - (i + 1 < bounds.length - 1 ? 1 : 0) }));
}

/**
 * The template section (between `---` lines) that renders a document: the one of its kind with
 * its literal name, else the `ordinal`-th of its kind (documents of a template render in order).
 */
export function sectionFor(o: OutlineLine[], kind: unknown, name: unknown, ordinal = 0): Container {
  const sections = sectionsOf(o);
  if (sections.length === 1) return sections[0]!;
  const literal = (s: Container, key: string, indent: number) => {
    const e = o.slice(s.from, s.to).find((l) => l.kind === 'key' && l.indent === indent && l.key === key);
    return e && literalValue(e);
  };
  const sameKind = sections.filter((s) => literal(s, 'kind', 0) === kind);
  const named = sameKind.find((s) => literal(s, 'name', 2) === name);
  if (named) return named;
  const unnamed = sameKind.filter((s) => literal(s, 'name', 2) === undefined);
  return unnamed[ordinal] ?? unnamed[0] ?? sameKind[0] ?? sections.find((s) => literal(s, 'kind', 0) !== undefined) ?? sections[0]!;
}

/** The 1-based lines of a section (for a document's comments and its suppressions' reach). */
export function sectionLines(o: OutlineLine[], section: Container): { start: number; end: number } {
  const first = o[section.from]?.line ?? 1;
  return { start: first, end: o[Math.max(section.from, section.to - 1)]?.line ?? first };
}

/** For each item (outline index), whether an `if`/`with`/`range` opened inside the list guards it. */
export function guardedItems(o: OutlineLine[], c: Container, items: number[]): boolean[] {
  const open: number[] = [];
  const guarded = new Map<number, boolean>();
  const indent = items.length > 0 ? o[items[0]!]!.indent : 0;
  for (let i = c.from; i < c.to; i++) {
    const e = o[i]!;
    if (e.kind === 'control' && e.indent <= indent + 2) {
      if (e.control === 'if' || e.control === 'with' || e.control === 'range') open.push(i);
      else if (e.control === 'end') open.pop();
    }
    if (items.includes(i)) guarded.set(i, open.length > 0);
  }
  return items.map((i) => guarded.get(i) ?? false);
}
