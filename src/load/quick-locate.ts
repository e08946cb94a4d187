// Locates a path in a plain block-style YAML document by reading its lines, without composing a
// `yaml` Document (composing is the fast path's largest cost when a run has many findings: about
// 2 MB/s). It covers the shapes Kubernetes manifests are written in — block maps and sequences,
// one-line plain and quoted scalars, one-line flow collections as leaves — and answers `undefined`
// for anything else (block scalars, multi-line scalars, keys that YAML 1.1 would not read as the
// same string, descending into flow collections), so the caller composes instead. Wherever it does
// answer, the range is the one locate.ts computes from the composed Document (test/load).
import type { JsonPath, SourceRange } from '../types.js';

interface Line {
  text: string;
  /** Columns of leading spaces. */
  indent: number;
  /** Blank, or a comment only: never part of the structure. */
  skip: boolean;
}

/** A block collection: the column its entries start at and the line of its first entry. */
interface Block {
  kind: 'map' | 'seq';
  col: number;
  line: number;
}

/** Where a path step ended: the range locate.ts would show, and the block to descend into. */
interface Step {
  range: [number, number, number]; // line, start column (0-based), end column
  child?: Block;
  /** A flow collection: a leaf here, so a path going deeper is beyond this reader. */
  opaque?: boolean;
}

const SAFE_KEY = /^[A-Za-z_][\w.\/-]*$/;
// YAML 1.1 reads these plain words as booleans or null, not as the string written.
const NOT_A_STRING = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

class Unsure extends Error {}
const unsure = (): never => {
  throw new Unsure();
};

function splitLines(text: string): Line[] {
  return text.split('\n').map((t) => {
    const indent = t.length - t.trimStart().length;
    const rest = t.slice(indent);
    return { text: t, indent, skip: rest === '' || rest.startsWith('#') };
  });
}

/** The next structural line at or after `from`, or -1. */
function nextLine(lines: Line[], from: number): number {
  for (let i = from; i < lines.length; i++) if (!lines[i]!.skip) return i;
  return -1;
}

/** End column of a one-line scalar starting at `start`, or unsure when it may continue or is special. */
function scalarEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"' || first === "'") {
    for (let i = start + 1; i < text.length; i++) {
      if (first === '"' && text[i] === '\\') i++;
      else if (text[i] === first) {
        if (first === "'" && text[i + 1] === "'") i++;
        else return i + 1;
      }
    }
    return unsure();
  }
  if (first === undefined || '|>&*!%@`'.includes(first)) return unsure();
  // A plain scalar ends before ` #` (a comment) and before trailing blanks.
  const comment = text.indexOf(' #', start);
  const end = (comment === -1 ? text : text.slice(0, comment)).trimEnd().length;
  if (text.slice(start, end).includes(': ')) return unsure();
  return end;
}

/**
 * End column of a one-line flow collection starting at `start` and ending its line (blanks or a
 * comment after it); unsure when it holds quotes or `#`, whose reading this scan does not attempt.
 */
function flowEnd(text: string, start: number): number {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'" || c === '#') return unsure();
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) {
        const after = text.slice(i + 1);
        return after.trim() === '' || /^\s+#/.test(after) ? i + 1 : unsure();
      }
    }
  }
  return unsure();
}

/** True when a scalar ending on `line` continues on the following lines (a multi-line plain scalar). */
function continues(lines: Line[], line: number, parentIndent: number): boolean {
  for (let i = line + 1; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.text.trim() === '') continue;
    return l.indent > parentIndent;
  }
  return false;
}

/** The block that a key or dash with nothing after it on its line holds, if any. */
function blockBelow(lines: Line[], line: number, indent: number, compactSeq: boolean): Block | undefined {
  const next = nextLine(lines, line + 1);
  if (next === -1) return undefined;
  const l = lines[next]!;
  const rest = l.text.slice(l.indent);
  const isDash = rest === '-' || rest.startsWith('- ');
  if (l.indent > indent || (compactSeq && l.indent === indent && isDash)) {
    if (isDash) return { kind: 'seq', col: l.indent, line: next };
    if (/^[^\s#][^#]*?:(?: |$)/.test(rest)) return { kind: 'map', col: l.indent, line: next };
    return unsure();
  }
  return undefined;
}

/** What starts at column `col` of a line: a map (key), or a value handled by the caller. */
function startsMap(text: string, col: number): boolean {
  const rest = text.slice(col);
  return !rest.startsWith('- ') && rest !== '-' && /^[^\s#"'[{][^#]*?:(?: |$)/.test(rest);
}

/** The entries of a block map: [line, key start column, key] for each key at the map's column. */
function mapEntries(lines: Line[], block: Block): Array<[number, string]> {
  const entries: Array<[number, string]> = [];
  for (let i = block.line; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.skip) continue;
    const at = i === block.line ? block.col : l.indent;
    if (i !== block.line) {
      if (l.indent < block.col) break;
      if (l.indent > block.col) continue;
    }
    const rest = l.text.slice(at);
    if (rest === '-' || rest.startsWith('- ')) {
      if (i === block.line) return unsure();
      continue; // a compact sequence: it belongs to the previous key
    }
    const colon = /^([^\s#"'[{?][^:#]*?):(?: |$)/.exec(rest);
    if (!colon) return unsure();
    const key = colon[1]!;
    if (!SAFE_KEY.test(key) || NOT_A_STRING.test(key)) return unsure();
    entries.push([i, key]);
  }
  return entries;
}

function findKey(lines: Line[], block: Block, key: string): Step | undefined {
  const entry = mapEntries(lines, block).find(([, k]) => k === key);
  if (!entry) return undefined;
  const [line] = entry;
  const text = lines[line]!.text;
  const keyStart = line === block.line ? block.col : lines[line]!.indent;
  const keyEnd = keyStart + key.length;
  let valueStart = keyEnd + 1;
  while (text[valueStart] === ' ') valueStart++;
  const rest = text.slice(valueStart);
  if (rest === '' || rest.startsWith('#')) {
    const child = blockBelow(lines, line, keyStart, true);
    if (child) return { range: [line, keyStart, keyEnd], child }; // a block below: the key alone
    // A null value: `yaml` gives it an empty range just past the colon; anything after is unsure.
    if (text.length !== keyEnd + 1) return unsure();
    return { range: [line, keyStart, keyEnd + 1] };
  }
  if (rest[0] === '{' || rest[0] === '[') return { range: [line, keyStart, keyEnd], opaque: true };
  const end = scalarEnd(text, valueStart);
  if (continues(lines, line, keyStart)) return unsure();
  return { range: [line, keyStart, end] };
}

function findItem(lines: Line[], block: Block, index: number): Step | undefined {
  let count = -1;
  for (let i = block.line; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.skip || l.indent > block.col) continue;
    if (l.indent < block.col) break;
    const rest = l.text.slice(l.indent);
    if (rest !== '-' && !rest.startsWith('- ')) break; // the map this compact sequence sits in
    if (++count !== index) continue;
    let start = l.indent + 1;
    while (l.text[start] === ' ') start++;
    const item = l.text.slice(start);
    if (item === '' || item.startsWith('#')) {
      const below = blockBelow(lines, i, l.indent, false);
      // A null item has no range of its own; a block below is shown by its first line.
      if (!below) return unsure();
      const first = lines[below.line]!;
      return { range: [below.line, below.col, first.text.length], child: below };
    }
    if (item === '-' || item.startsWith('- ')) return unsure();
    // A one-line flow collection item (`- {}` in an allow-all NetworkPolicy rule): a leaf.
    if (item[0] === '{' || item[0] === '[') return { range: [i, start, flowEnd(l.text, start)], opaque: true };
    if (startsMap(l.text, start)) return { range: [i, start, l.text.length], child: { kind: 'map', col: start, line: i } };
    const end = scalarEnd(l.text, start);
    // `- "quoted key": value` is a map, not a scalar item.
    if (/^\s*:(?:\s|$)/.test(l.text.slice(end))) return unsure();
    if (continues(lines, i, l.indent)) return unsure();
    return { range: [i, start, end] };
  }
  return undefined;
}

/**
 * The range of `path` (or of its deepest existing ancestor) in a document whose first structural
 * line is `firstLine` (0-based, in `text`), with lines counted from `text`'s first line (1-based);
 * undefined when the document is outside what this reader is sure of.
 */
export function quickLocate(text: string, firstLine: number, path: JsonPath): SourceRange | undefined {
  if (text.includes('\r')) return undefined;
  const lines = splitLines(text);
  try {
    const rootLine = nextLine(lines, firstLine);
    if (rootLine === -1) return undefined;
    const root = lines[rootLine]!;
    const rootRest = root.text.slice(root.indent);
    let block: Block | undefined;
    if (rootRest === '-' || rootRest.startsWith('- ')) return undefined;
    if (startsMap(root.text, root.indent)) block = { kind: 'map', col: root.indent, line: rootLine };
    else return undefined;
    let best: [number, number, number] = [rootLine, root.indent, root.text.length];
    for (const [depth, segment] of path.entries()) {
      if (!block) break;
      let step: Step | undefined;
      if (block.kind === 'map') step = findKey(lines, block, String(segment));
      else if (typeof segment === 'number') step = findItem(lines, block, segment);
      if (!step) break;
      if (step.opaque && depth < path.length - 1) return undefined;
      best = step.range;
      block = step.child;
    }
    const [line, start, end] = best;
    return { line: line + 1, column: start + 1, endLine: line + 1, endColumn: end + 1 };
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}
