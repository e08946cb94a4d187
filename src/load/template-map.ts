// Maps a JSON path in a rendered Helm document back into the template text that produced it.
//
// What is reported, in order of preference:
//  1. The template line that writes the deepest key of the path literally (`key:` or `- key:`),
//     column of the key. Keys are matched as a chain with YAML indentation; lines that are only
//     `{{ }}` actions are opaque and never end a block. Paths to fields missing from the rendered
//     object are first cut to their deepest existing ancestor.
//  2. When the rest of the path was produced by an action (`{{ toYaml .Values.x | nindent }}`,
//     `{{ include "name" . }}`, a templated key), the value is followed: into the `define` of an
//     included template when it writes the key literally, else into the values files (last `-f`
//     first, then the chart's values.yaml) when the whole values path is there; else the action's
//     line, with a note naming the rendered path.
//  3. Otherwise the deepest literal parent key (or the document's first line), with a note.
// Sequence items are matched by their literal scalars (none may disagree with the rendered
// item), else by position; positions behind a range/if/with, and range bodies, carry a note.
// fixtures/helm/README.md documents this for users.
import { isRecord } from '../shared/records.js';
import type { JsonPath, Location, SourceRange } from '../types.js';
import { actionsOf, defineBlocks, isStructural, literalValue, outlineTemplate, type OutlineLine } from './template-outline.js';
import { guardedItems, sectionFor, sectionLines, type Container } from './template-sections.js';

export interface TemplateFile {
  /** Display path (relative to the cwd). */
  file: string;
  text: string;
}

export interface ValuesFile {
  file: string;
  /** Where the chart's values sit in this file: ['cache'] for a subchart's values in its parent's files. */
  prefix?: string[];
  value: unknown;
  locate(path: JsonPath): Location;
}

/** What else a chart offers to follow values: its other templates (for `define`) and values. */
export interface ChartContext {
  templates: TemplateFile[];
  /** Highest precedence first (last `-f` file first, the chart's values.yaml last). */
  values: ValuesFile[];
  /** `--set`/`--set-string` assignments, `a.b=c`. */
  set: string[];
}

interface Walk {
  idx?: number;
  matched: number;
  approximate?: string;
  /** Outline index of the action that produced the rest of the path. */
  insertion?: number;
}

const outlines = new WeakMap<TemplateFile, OutlineLine[]>();
function outlineOf(t: TemplateFile): OutlineLine[] {
  let o = outlines.get(t);
  if (!o) outlines.set(t, (o = outlineTemplate(t.text)));
  return o;
}

/** The longest prefix of `path` that exists in `value`. */
export function existingPrefix(value: unknown, path: JsonPath): JsonPath {
  let current = value;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i]!;
    if (Array.isArray(current) && typeof seg === 'number' && seg < current.length) current = current[seg];
    else if (isRecord(current) && Object.hasOwn(current, String(seg))) current = current[String(seg)];
    else return path.slice(0, i);
  }
  return path;
}

function valueAt(value: unknown, path: JsonPath): unknown {
  let current = value;
  for (const seg of path) current = (current as Record<string | number, unknown> | undefined)?.[seg];
  return current;
}

/** A JSON path as text: `spec.containers[0].image`. */
export function dottedJsonPath(path: JsonPath): string {
  return path.reduce<string>((acc, seg) => (typeof seg === 'number' ? `${acc}[${seg}]` : acc ? `${acc}.${seg}` : seg), '');
}

function mapIndent(o: OutlineLine[], c: Container): number | undefined {
  if (c.inline !== undefined) return o[c.inline]!.keyIndent;
  let min: number | undefined;
  for (let i = c.from; i < c.to; i++) if (o[i]!.kind === 'key' && (min === undefined || o[i]!.indent < min)) min = o[i]!.indent;
  return min;
}

/** The block under a key or item: following lines until one at or left of it. */
function blockAfter(o: OutlineLine[], idx: number, to: number, indent: number, dashContinues: boolean): Container {
  let end = idx + 1;
  for (; end < to; end++) {
    const e = o[end]!;
    if (!isStructural(e)) continue;
    if (e.indent < indent || (e.indent === indent && !(dashContinues && e.dash))) break;
  }
  return { from: idx + 1, to: end };
}

/** Lines writing `key` in a map; several when `if`/`else` branches each open it. */
function findKeys(o: OutlineLine[], c: Container, key: string): number[] {
  if (c.inline !== undefined && o[c.inline]!.key === key) return [c.inline];
  const indent = mapIndent(o, c);
  const found: number[] = [];
  for (let i = c.from; i < c.to; i++) if (o[i]!.kind === 'key' && o[i]!.indent === indent && o[i]!.key === key) found.push(i);
  return found;
}

/** How well a key's block agrees with the rendered value: literal scalars under it that match (-∞ on a mismatch). */
function agreement(o: OutlineLine[], block: Container, rendered: unknown): number {
  if (!isRecord(rendered)) return 0;
  const indent = mapIndent(o, block);
  let score = 0;
  for (let i = block.from; i < block.to; i++) {
    const e = o[i]!;
    if (e.kind !== 'key' || e.indent !== indent || e.key === undefined) continue;
    const literal = literalValue(e);
    const value = rendered[e.key];
    if (value === undefined) score -= 1; // a key the render does not have: likely another branch
    else if (literal !== undefined && literal !== '' && typeof value !== 'object') score += String(value) === literal ? 1 : -Infinity;
  }
  return score;
}

/**
 * The template item whose literal scalars agree with the rendered item (`name: web`, `port: 80`,
 * `- sh`): none may disagree, the most agreeing wins. Undefined when no item has a literal to compare.
 */
function matchByContent(o: OutlineLine[], c: Container, items: number[], rendered: unknown): number | undefined {
  let best: { idx: number; score: number } | undefined;
  for (const idx of items) {
    const item = o[idx]!;
    let score = 0;
    if (item.key === undefined) {
      const literal = item.text.trim().replace(/^-\s*/, '').replace(/\s+#.*$/, '');
      if (literal !== '' && !literal.includes('{{') && !isRecord(rendered)) score = literal.replace(/^(["'])(.*)\1$/, '$2') === String(rendered) ? 1 : -1;
    } else if (isRecord(rendered)) {
      const body: Container = { ...blockAfter(o, idx, c.to, item.indent, false), inline: idx };
      const indent = item.keyIndent;
      for (let i = body.from - 1; i < body.to; i++) {
        const e = o[i]!;
        if (e.key === undefined || (i !== idx && (e.kind !== 'key' || e.indent !== indent))) continue;
        const literal = literalValue(e);
        const value = rendered[e.key];
        if (literal === undefined || literal === '' || value === undefined || typeof value === 'object') continue;
        score = String(value) === literal ? Math.max(score, 0) + 1 : -Infinity;
      }
    }
    if (score > 0 && (!best || score > best.score)) best = { idx, score };
  }
  return best?.idx;
}

function findItem(o: OutlineLine[], c: Container, index: number, rendered: unknown, list: unknown): { idx: number; approximate?: string } | undefined {
  const dashes = o.slice(c.from, c.to).filter((e) => e.dash);
  if (dashes.length === 0) return undefined;
  const indent = Math.min(...dashes.map((e) => e.indent));
  const items = dashes.filter((e) => e.indent === indent).map((e) => o.indexOf(e, c.from));
  // A range/if/with written between the items (not indented into one of them) makes positions unreliable.
  const between = o.slice(c.from, c.to).filter((e) => e.indent <= indent && (e.control === 'range' || e.control === 'if' || e.control === 'with'));
  const byContent = matchByContent(o, c, items, rendered);
  if (byContent !== undefined) {
    // Content pins the template item; say so when that item is repeated by a loop.
    const loop = [...between].reverse().find((e) => e.line < o[byContent]!.line && e.control === 'range');
    return { idx: byContent, approximate: loop && `item ${index} is produced by the range loop at line ${loop.line}` };
  }
  if (between.length === 0 && index < items.length) return { idx: items[index]! };
  // Items behind an `if`/`with` the render left out: when the rendered list has exactly the
  // unguarded items, positions count among those (a debug container before the app's own).
  const guarded = guardedItems(o, c, items);
  const unguarded = items.filter((_, i) => !guarded[i]);
  if (Array.isArray(list) && list.length === unguarded.length && index < unguarded.length && guarded.some(Boolean)) return { idx: unguarded[index]! };
  const idx = items[Math.min(index, items.length - 1)]!;
  return { idx, approximate: `item ${index} is produced by a loop or condition; showing the template item that writes it` };
}

function findInsertion(o: OutlineLine[], c: Container): number | undefined {
  for (let i = c.from; i < c.to; i++) if (o[i]!.kind === 'output') return i;
  return undefined;
}

/**
 * The line writing `key`: with several (if/else branches), the one whose block agrees with the
 * rendered value and writes more of the rest of the path literally.
 */
function bestKey(o: OutlineLine[], c: Container, key: string, rest: JsonPath, rendered: unknown): number | undefined {
  const candidates = findKeys(o, c, key);
  if (candidates.length <= 1) return candidates[0];
  let best: { idx: number; depth: number; score: number } | undefined;
  for (const idx of candidates) {
    const block = blockAfter(o, idx, c.to, o[idx]!.keyIndent!, true);
    const score = agreement(o, block, rendered);
    const depth = walkChain(o, block, rest, rendered, []).matched;
    if (!best || score > best.score || (score === best.score && depth > best.depth)) best = { idx, depth, score };
  }
  return best!.idx;
}

/** Follows `path` from container `c` as far as the template writes it literally. */
function walkChain(o: OutlineLine[], start: Container, path: JsonPath, rendered: unknown, renderedBase: JsonPath): Walk {
  let c = start;
  const walk: Walk = { matched: 0 };
  for (const [i, seg] of path.entries()) {
    let idx: number | undefined;
    if (typeof seg === 'number') {
      const item = findItem(o, c, seg, valueAt(rendered, [...renderedBase, ...path.slice(0, i + 1)]), valueAt(rendered, [...renderedBase, ...path.slice(0, i)]));
      if (item) {
        idx = item.idx;
        walk.approximate ??= item.approximate;
        const e = o[idx]!;
        c = { ...blockAfter(o, idx, c.to, e.indent, false), inline: e.key !== undefined ? idx : undefined };
      }
    } else {
      idx = bestKey(o, c, seg, path.slice(i + 1), rendered === undefined ? undefined : valueAt(rendered, [...renderedBase, ...path.slice(0, i + 1)]));
      if (idx !== undefined) c = blockAfter(o, idx, c.to, o[idx]!.keyIndent!, true);
    }
    if (idx === undefined) {
      walk.insertion = findInsertion(o, c);
      return walk;
    }
    walk.idx = idx;
    walk.matched = i + 1;
  }
  return walk;
}

function rangeOf(e: OutlineLine, atAction = false): SourceRange {
  const end = e.text.replace(/\s+#.*$/, '').trimEnd().length + 1;
  const column = atAction ? e.text.indexOf('{{') + 1 : (e.key !== undefined ? e.keyIndent! : e.indent) + 1;
  return { line: e.line, column, endLine: e.line, endColumn: Math.max(end, column + 1) };
}

/** The `.Values` path an action reads: explicit, or through the `with` that sets `.`. */
function valuesPathOf(o: OutlineLine[], idx: number): string[] | undefined {
  const action = o[idx]!.action ?? actionsOf(o[idx]!.text).join(' ');
  const explicit = /\.Values((?:\.[\w-]+)+)/.exec(action);
  if (explicit) return explicit[1]!.slice(1).split('.');
  if (!/(^|[\s(|])\.(\s|\)|$)/.test(action)) return undefined;
  let depth = 0;
  for (let j = idx - 1; j >= 0; j--) {
    for (const a of actionsOf(o[j]!.text).reverse()) {
      if (/^end\b/.test(a)) depth++;
      else if (/^(if|with|range|define|block)\b/.test(a)) {
        if (depth > 0) { depth--; continue; }
        const withValues = /^with\s+\.Values((?:\.[\w-]+)+)\s*$/.exec(a);
        if (withValues) return withValues[1]!.slice(1).split('.');
        if (!a.startsWith('if')) return undefined;
      }
    }
  }
  return undefined;
}

/** Follows an `include "name"` into its `define` when that writes the rest of the path literally. */
function followInclude(action: string, rest: JsonPath, chart: ChartContext, depth = 0): Location | undefined {
  // \`include "x" .\` passes the root context: \`.Values\` inside the define are the chart's values.
  const name = /include\s+"([^"]+)"/.exec(action)?.[1];
  if (!name || depth > 3) return undefined;
  for (const t of chart.templates) {
    const o = outlineOf(t);
    const block = defineBlocks(o).get(name);
    if (!block) continue;
    const walk = walkChain(o, { from: block[0], to: block[1] }, rest, undefined, []);
    if (walk.matched === rest.length && walk.idx !== undefined) return { file: t.file, range: rangeOf(o[walk.idx]!) };
    if (walk.insertion === undefined || walk.matched !== 0) return undefined;
    const inner = o[walk.insertion]!;
    const nested = followInclude(inner.action ?? '', rest, chart, depth + 1);
    if (nested) return nested;
    // The define writes the value with an action of its own (\`toYaml .Values.resources\`).
    const valuesPath = valuesPathOf(o, walk.insertion);
    const viaValues = valuesPath && followValues(valuesPath, rest, chart, `\`{{ ${inner.action ?? ''} }}\` at ${t.file}:${inner.line}`);
    return viaValues && 'file' in viaValues ? viaValues : undefined;
  }
  return undefined;
}

function followValues(valuesPath: string[], rest: JsonPath, chart: ChartContext, origin: string): Location | { setBy: string } | undefined {
  const full = [...valuesPath, ...rest];
  const dotted = dottedJsonPath(full);
  // Set on the command line (the key itself, or a parent of it): no file holds it.
  const set = chart.set.find((s) => {
    const key = s.slice(0, s.indexOf('='));
    return key === dotted || dotted.startsWith(`${key}.`) || dotted.startsWith(`${key}[`);
  });
  if (set) return { setBy: set };
  for (const values of chart.values) {
    const inFile = [...(values.prefix ?? []), ...full];
    if (existingPrefix(values.value, inFile).length === inFile.length) {
      return { ...values.locate(inFile), file: values.file, note: `value of .Values.${dotted}, inserted by ${origin}` };
    }
  }
  return undefined;
}

/** The section of a template that rendered a document (the `ordinal`-th of its kind from this template). */
function documentSection(template: TemplateFile, rendered: unknown, ordinal: number): Container {
  const metadata = isRecord(rendered) && isRecord(rendered.metadata) ? rendered.metadata : {};
  return sectionFor(outlineOf(template), isRecord(rendered) ? rendered.kind : undefined, metadata.name, ordinal);
}

/** The template lines that rendered a document: its comments and suppressions reach only these. */
export function documentLines(template: TemplateFile, rendered: unknown, ordinal = 0): { start: number; end: number } {
  return sectionLines(outlineOf(template), documentSection(template, rendered, ordinal));
}

/** Locates a rendered path in a template (see the module comment for what is reported). */
export function mapToTemplate(template: TemplateFile, rendered: unknown, fullPath: JsonPath, chart?: ChartContext, ordinal = 0): Location {
  const o = outlineOf(template);
  const path = existingPrefix(rendered, fullPath);
  const section = documentSection(template, rendered, ordinal);
  const walk = walkChain(o, section, path, rendered, []);
  const shown = dottedJsonPath(path);
  if (walk.matched === path.length && walk.idx !== undefined) {
    return { file: template.file, range: rangeOf(o[walk.idx]!), note: walk.approximate };
  }
  const rest = path.slice(walk.matched);
  if (walk.insertion !== undefined) {
    const action = o[walk.insertion]!;
    const origin = `\`{{ ${action.action ?? ''} }}\` at ${template.file}:${action.line}`;
    const viaInclude = chart && followInclude(action.action ?? '', rest, chart);
    if (viaInclude) return { ...viaInclude, note: viaInclude.note ? `${viaInclude.note}, included by ${origin}` : `${shown} is written by ${origin}` };
    const valuesPath = valuesPathOf(o, walk.insertion);
    const viaValues = chart && valuesPath && followValues(valuesPath, rest, chart, origin);
    if (viaValues && 'file' in viaValues) return viaValues;
    const note = viaValues ? `${shown} is produced by this template action from --set ${viaValues.setBy}` : `${shown} is produced by this template action`;
    return { file: template.file, range: rangeOf(action, true), note };
  }
  const first = o.slice(section.from, section.to).find((e) => e.kind === 'key') ?? o[0];
  if (path.length === 0) return { file: template.file, range: first ? rangeOf(first) : undefined };
  const at = walk.idx !== undefined ? o[walk.idx]! : first;
  const missing = dottedJsonPath(rest) || shown;
  return {
    file: template.file,
    range: at ? rangeOf(at) : undefined,
    note: `rendered ${shown || 'document'}: \`${missing}\` is not written literally in the template; showing ${walk.idx !== undefined ? 'the closest parent' : 'the first line'}`,
  };
}
