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
  /**
   * Where each path segment taken from this block led (see `step`), on the block itself: a Block
   * is made once per text (the step or root that holds it is kept), so a segment is one Map lookup
   * instead of a block key and two lookups.
   */
  steps?: Map<string | number, Step | typeof NO_STEP | typeof UNSURE_STEP>;
}

/** Where a path step ended: the range locate.ts would show, and the block to descend into. */
interface Step {
  range: [number, number, number]; // line, start column (0-based), end column
  child?: Block;
  /** A flow collection: a leaf here, so a path going deeper is beyond this reader. */
  opaque?: boolean;
  /** An empty one (`{}`, `[]`): a path going deeper is missing there, and ends at it (as locate.ts ends a missing step). */
  empty?: boolean;
}

/** A flow collection with nothing in it, alone on its line (a comment may follow). */
const EMPTY_FLOW = /^(?:\{ *\}|\[ *\]) *(?:#.*)?$/;

const SAFE_KEY = /^[A-Za-z_][\w.\/-]*$/;
// YAML 1.1 reads these plain words as booleans or null, not as the string written.
const NOT_A_STRING = /^(?:y|n|yes|no|on|off|true|false|null)$/i;

class Unsure extends Error {}
const unsure = (): never => {
  throw new Unsure();
};

/**
 * Lines split (line starts found) and lines read (indentation looked at) so far, over the process:
 * what tests hold against the number of locate calls and the size of the located documents.
 */
export const quickLocateWork = { linesSplit: 0, linesRead: 0, stepsRead: 0, rootsRead: 0 };

/**
 * A text's lines, read only where a path leads: the line starts are found once per text, a line's
 * indentation when it is first asked for, and the lines a block scan passes over (deeper or blank
 * lines) are skipped by a regular expression. Splitting every line of every located document into
 * an object was most of locating's cost in a short run (BENCHMARKS.md round 7, r7cpu). Blanks are
 * spaces and tabs only: texts holding any other blank that trimStart would take are declined
 * (NOT_YAML_BLANK), and so are U+2028/9. A line ending in `\r\n` (Windows editors) is read without
 * its CR, as `yaml` reads it; a CR alone is text for `yaml` but a line end for `^` in these
 * expressions, so a match there is passed over (find). A tab is never indentation in the texts
 * located here (the block reader reads a tab-led line only inside a literal body, which is deeper
 * than any block scanned across it): counting it with the spaces skips such lines alike.
 */
class Lines {
  private readonly starts: number[] = [];
  private readonly read: Array<Line | undefined> = [];

  constructor(private readonly text: string) {
    for (let at = 0; at !== -1; ) {
      this.starts.push(at);
      const newline = text.indexOf('\n', at);
      at = newline === -1 ? -1 : newline + 1;
    }
  }

  get count(): number {
    return this.starts.length;
  }

  /** The text's length: no column is past it. */
  get width(): number {
    return this.text.length;
  }

  at(i: number): Line {
    let line = this.read[i];
    if (line === undefined) {
      const start = this.starts[i]!;
      let end = i + 1 < this.starts.length ? this.starts[i + 1]! - 1 : this.text.length;
      if (end > start && this.text.charCodeAt(end - 1) === 0x0d) end--;
      const text = this.text.slice(start, end);
      let indent = 0;
      while (indent < text.length && (text.charCodeAt(indent) === 0x20 || text.charCodeAt(indent) === 0x09)) indent++;
      line = { text, indent, skip: indent === text.length || text.charCodeAt(indent) === 0x23 };
      this.read[i] = line;
      quickLocateWork.linesRead++;
    }
    return line;
  }

  /** The first line at or after `from` whose start `pattern` (global, multiline, `^`-anchored) matches, or -1. */
  find(pattern: RegExp, from: number): number {
    if (from >= this.starts.length) return -1;
    pattern.lastIndex = this.starts[from]!;
    for (;;) {
      const match = pattern.exec(this.text);
      if (match === null) return -1;
      // The match starts a line: the last line start at or before it. After a CR alone it starts
      // none (`yaml` reads the CR as text): the search goes on from there.
      let low = from;
      let high = this.starts.length - 1;
      while (low < high) {
        const mid = (low + high + 1) >> 1;
        if (this.starts[mid]! <= match.index) low = mid;
        else high = mid - 1;
      }
      if (this.starts[low] === match.index) return low;
      pattern.lastIndex = match.index + 1;
    }
  }
}

// A CR is a line end here (a `\r\n`'s: a CR alone is declined), never a line's content.
/** A structural line: not blank, not a comment. */
const STRUCTURAL = /^[ \t]*[^ \t\r\n#]/gm;
/** A line holding more than blanks (a comment counts). */
const FILLED = /^[ \t]*[^ \t\r\n]/gm;
/** Structural lines indented by at most a column, by column: what a block scan at that column stops at. */
const AT_MOST: RegExp[] = [];
/** Past this column a block scan reads line by line: one expression per column, each with a counted blank run, stays small. */
const AT_MOST_COLUMNS = 64;

/** The next structural line at or after `from` indented by at most `col`, or -1. */
function atMost(lines: Lines, col: number, from: number): number {
  if (col <= AT_MOST_COLUMNS) return lines.find((AT_MOST[col] ??= new RegExp(`^[ \\t]{0,${col}}[^ \\t\\r\\n#]`, 'gm')), from);
  for (let i = from; i < lines.count; i++) {
    const l = lines.at(i);
    if (!l.skip && l.indent <= col) return i;
  }
  return -1;
}

/**
 * A text's lines and the entries of the blocks read so far, kept for the next calls: a document
 * with thousands of findings (a 10,000-item List) asks for thousands of paths in one text, and
 * splitting it or scanning a block again for each would make locating quadratic.
 */
interface Indexed {
  lines: Lines;
  /** The text holds a character this reader's trims and `\s` would take for a blank (NOT_YAML_BLANK). */
  declined: boolean;
  /** Keys of a block map (first line of each), by block; null when the block is beyond this reader. */
  maps: Map<number, Map<string, number> | null>;
  /** Lines of a block sequence's items, by block. */
  seqs: Map<number, number[]>;
  /** Each document's root map, by its first line (see `rootOf`). */
  roots: Map<number, Root | null>;
}

/** A document's root map and the range shown for the document itself (its first line). */
interface Root {
  block: Block;
  range: [number, number, number];
}

/** A step's answers kept in `Indexed.steps`: no such key or item, and beyond this reader. */
const NO_STEP = 0;
const UNSURE_STEP = 1;

/**
 * What JavaScript's trim and `\s` take for blanks but YAML reads as content (NBSP and the other
 * Unicode spaces, a BOM, \v, \f, often pasted into values), and U+2028/9: texts holding one are
 * located by the composed Document (a key after an NBSP was placed on the document's first line).
 * A CR alone is read (see Lines): the block reader takes it only inside comments, quoted scalars
 * and literal bodies, none of which this reader reads as blanks.
 */
const NOT_YAML_BLANK = /[\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/;

/**
 * Texts indexed recently. A document's findings are located one after another (by resource, within
 * each check), so the last two are enough: two texts in turn (two checks' findings on two large
 * documents) are not split again. Each index kept longer outlives young-generation collections and
 * is promoted, then dropped: with 16 kept, legacy 10,000 (10,000 documents, 54,000 findings) peaked
 * ~10 MiB higher for no text split less on any corpus shape (quickLocateWork the same).
 */
const indexes = new Map<string, Indexed>();
export const INDEXES_KEPT = 2;

function indexOf(text: string): Indexed {
  let found = indexes.get(text);
  if (found) return found;
  if (indexes.size >= INDEXES_KEPT) indexes.delete(indexes.keys().next().value!);
  const lines = new Lines(text);
  quickLocateWork.linesSplit += lines.count;
  found = { lines, declined: NOT_YAML_BLANK.test(text), maps: new Map(), seqs: new Map(), roots: new Map() };
  indexes.set(text, found);
  return found;
}

/** One number per block of a text (no string built per lookup): a column is at most the text's length, and the product stays exact. */
const blockKey = (index: Indexed, block: Block) => block.line * (index.lines.width + 1) + block.col;

/** The next structural line at or after `from`, or -1. */
function nextLine(lines: Lines, from: number): number {
  return lines.find(STRUCTURAL, from);
}

/** A comment's `#`: after a space or a tab. */
const COMMENT_AFTER_BLANK = /[ \t]#/;
/** A `:` a blank follows, which a plain scalar may not hold. */
const KEY_INDICATOR = /:[ \t]/;

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
  // A plain scalar ends before a `#` after a blank (a comment) and before trailing blanks.
  const comment = COMMENT_AFTER_BLANK.exec(text.slice(start));
  const end = (comment === null ? text : text.slice(0, start + comment.index)).trimEnd().length;
  if (KEY_INDICATOR.test(text.slice(start, end))) return unsure();
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
function continues(lines: Lines, line: number, parentIndent: number): boolean {
  const next = lines.find(FILLED, line + 1);
  return next !== -1 && lines.at(next).indent > parentIndent;
}

/** The block that a key or dash with nothing after it on its line holds, if any. */
function blockBelow(lines: Lines, line: number, indent: number, compactSeq: boolean): Block | undefined {
  const next = nextLine(lines, line + 1);
  if (next === -1) return undefined;
  const l = lines.at(next);
  const rest = l.text.slice(l.indent);
  const isDash = rest === '-' || rest.startsWith('- ');
  if (l.indent > indent || (compactSeq && l.indent === indent && isDash)) {
    if (isDash) return { kind: 'seq', col: l.indent, line: next };
    if (/^[^\s#][^#]*?:(?:[ \t]|$)/.test(rest)) return { kind: 'map', col: l.indent, line: next };
    return unsure();
  }
  return undefined;
}

/** What starts at column `col` of a line: a map (key), or a value handled by the caller. */
function startsMap(text: string, col: number): boolean {
  const rest = text.slice(col);
  return !rest.startsWith('- ') && rest !== '-' && /^[^\s#"'[{][^#]*?:(?:[ \t]|$)/.test(rest);
}

/** A block map entry's key and its `:` (sticky: matched where the key starts). */
const ENTRY_KEY = /([^\s#"'[{?][^:#]*?):(?:[ \t]|$)/y;

/**
 * The key of a block map entry whose key starts at column `at` of `l`; null for a compact sequence
 * item below the previous key; unsure when the line is not a key this reader is sure of.
 */
function entryKey(l: Line, at: number, first: boolean): string | null {
  const text = l.text;
  // A compact sequence: it belongs to the previous key.
  if (text.charCodeAt(at) === 0x2d && (at + 1 === text.length || text.charCodeAt(at + 1) === 0x20)) return first ? unsure() : null;
  // Sticky at `at`, not `^` on a slice: no copy of the line's rest per entry read.
  ENTRY_KEY.lastIndex = at;
  const colon = ENTRY_KEY.exec(text);
  if (!colon) return unsure();
  const key = colon[1]!;
  if (!SAFE_KEY.test(key) || NOT_A_STRING.test(key)) return unsure();
  return key;
}

/** A block map's keys (the first line of each), read once per text; unsure (thrown) when the map is beyond this reader. */
function mapIndex(index: Indexed, block: Block): Map<string, number> {
  const k = blockKey(index, block);
  let keys = index.maps.get(k);
  if (keys === undefined) {
    try {
      keys = new Map<string, number>();
      const { lines } = index;
      const first = lines.at(block.line);
      let key = first.skip ? null : entryKey(first, block.col, true);
      if (key !== null) keys.set(key, block.line);
      // The entries are the structural lines at the map's column, until one less indented.
      for (let i = atMost(lines, block.col, block.line + 1); i !== -1; i = atMost(lines, block.col, i + 1)) {
        const l = lines.at(i);
        if (l.indent < block.col) break;
        key = entryKey(l, l.indent, false);
        if (key !== null && !keys.has(key)) keys.set(key, i);
      }
    } catch (error) {
      if (!(error instanceof Unsure)) throw error;
      keys = null;
    }
    index.maps.set(k, keys);
  }
  return keys ?? unsure();
}

function findKey(index: Indexed, block: Block, key: string): Step | undefined {
  const lines = index.lines;
  const line = mapIndex(index, block).get(key);
  if (line === undefined) return undefined;
  const text = lines.at(line).text;
  const keyStart = line === block.line ? block.col : lines.at(line).indent;
  const keyEnd = keyStart + key.length;
  let valueStart = keyEnd + 1;
  while (text[valueStart] === ' ' || text[valueStart] === '\t') valueStart++;
  const rest = text.slice(valueStart);
  if (rest === '' || rest.startsWith('#')) {
    const child = blockBelow(lines, line, keyStart, true);
    if (child) return { range: [line, keyStart, keyEnd], child }; // a block below: the key alone
    // A null value: `yaml` gives it an empty range just past the colon; anything after is unsure.
    if (text.length !== keyEnd + 1) return unsure();
    return { range: [line, keyStart, keyEnd + 1] };
  }
  if (rest[0] === '{' || rest[0] === '[') return { range: [line, keyStart, keyEnd], opaque: true, empty: EMPTY_FLOW.test(rest) };
  const end = scalarEnd(text, valueStart);
  if (continues(lines, line, keyStart)) return unsure();
  return { range: [line, keyStart, end] };
}

/** Lines of a block sequence's items, read once per text. */
function itemLines(index: Indexed, block: Block): number[] {
  const k = blockKey(index, block);
  let items = index.seqs.get(k);
  if (!items) {
    items = [];
    const lines = index.lines;
    for (let i = atMost(lines, block.col, block.line); i !== -1; i = atMost(lines, block.col, i + 1)) {
      const l = lines.at(i);
      if (l.indent < block.col) break;
      const rest = l.text.slice(l.indent);
      if (rest !== '-' && !rest.startsWith('- ')) break; // the map this compact sequence sits in
      items.push(i);
    }
    index.seqs.set(k, items);
  }
  return items;
}

function findItem(index: Indexed, block: Block, item: number): Step | undefined {
  const lines = index.lines;
  const i = itemLines(index, block)[item];
  if (i === undefined) return undefined;
  const l = lines.at(i);
  let start = l.indent + 1;
  while (l.text[start] === ' ' || l.text[start] === '\t') start++;
  const rest = l.text.slice(start);
  if (rest === '' || rest.startsWith('#')) {
    const below = blockBelow(lines, i, l.indent, false);
    // A null item has no range of its own; a block below is shown by its first line.
    if (!below) return unsure();
    const first = lines.at(below.line);
    return { range: [below.line, below.col, first.text.length], child: below };
  }
  if (rest === '-' || rest.startsWith('- ')) return unsure();
  // A one-line flow collection item (`- {}` in an allow-all NetworkPolicy rule): a leaf.
  if (rest[0] === '{' || rest[0] === '[') return { range: [i, start, flowEnd(l.text, start)], opaque: true, empty: EMPTY_FLOW.test(rest) };
  if (startsMap(l.text, start)) return { range: [i, start, l.text.length], child: { kind: 'map', col: start, line: i } };
  const end = scalarEnd(l.text, start);
  // `- "quoted key": value` is a map, not a scalar item.
  if (/^\s*:(?:\s|$)/.test(l.text.slice(end))) return unsure();
  if (continues(lines, i, l.indent)) return unsure();
  return { range: [i, start, end] };
}

/**
 * Where `segment` leads from `block`, read once per text: a document's findings share the first
 * steps of their paths (a legacy workload's ~15 findings each go through spec, template, spec,
 * containers, 0), and each step read again costs a key's line, its value and the block below it.
 */
function step(index: Indexed, block: Block, segment: string | number): Step | undefined {
  const steps = (block.steps ??= new Map());
  let taken = steps.get(segment);
  if (taken === undefined) {
    quickLocateWork.stepsRead++;
    try {
      if (block.kind === 'map') taken = findKey(index, block, String(segment)) ?? NO_STEP;
      else taken = (typeof segment === 'number' ? findItem(index, block, segment) : undefined) ?? NO_STEP;
    } catch (error) {
      if (!(error instanceof Unsure)) throw error;
      taken = UNSURE_STEP;
    }
    steps.set(segment, taken);
  }
  if (taken === UNSURE_STEP) return unsure();
  return taken === NO_STEP ? undefined : taken;
}

/**
 * The range of `path` (or of its deepest existing ancestor) in a document whose first structural
 * line is `firstLine` (0-based, in `text`), with lines counted from `text`'s first line (1-based);
 * undefined when the document is outside what this reader is sure of.
 */
export function quickLocate(text: string, firstLine: number, path: JsonPath): SourceRange | undefined {
  const known = memo?.get(text, firstLine, path);
  if (known) return known;
  const range = locateNow(text, firstLine, path);
  if (range && memo) memo.set(text, firstLine, path, range);
  return range;
}

/**
 * Ranges found by an earlier run, by the text (cache/located-ranges.ts): quickLocate's answer is a
 * function of the text, the first line and the path. Only answers are kept; declined paths are asked again.
 */
export interface LocateMemo {
  get(text: string, firstLine: number, path: JsonPath): SourceRange | undefined;
  set(text: string, firstLine: number, path: JsonPath, range: SourceRange): void;
}

let memo: LocateMemo | undefined;

/** The CLI's store of ranges, or none (the default: a library caller locates every time). */
export function useLocateMemo(to: LocateMemo | undefined): void {
  memo = to;
}

function locateNow(text: string, firstLine: number, path: JsonPath): SourceRange | undefined {
  const index = indexOf(text);
  if (index.declined) return undefined;
  try {
    const root = rootOf(index, firstLine);
    if (root === null) return undefined;
    let block: Block | undefined = root.block;
    let best = root.range;
    // An index, not path.entries(): a run without TurboFan (legacy 1,000: 5,510 findings located)
    // made an iterator result and a [depth, segment] pair per segment.
    for (let depth = 0; depth < path.length && block; depth++) {
      const next = step(index, block, path[depth]!);
      if (!next) break;
      if (next.opaque && depth < path.length - 1) {
        // Nothing is inside an empty one: the path is missing below it, so it ends there.
        if (!next.empty) return undefined;
        best = next.range;
        break;
      }
      best = next.range;
      block = next.child;
    }
    // Indexes, not `const [line, start, end] = best`: destructuring runs the iterator protocol
    // in the interpreter, once per finding.
    const line = best[0] + 1;
    return { line, column: best[1] + 1, endLine: line, endColumn: best[2] + 1 };
  } catch (error) {
    if (error instanceof Unsure) return undefined;
    throw error;
  }
}

/**
 * The root map of the document starting at `firstLine` and its range, read once per text (null:
 * beyond this reader). A document's findings (~5 per legacy workload) share it.
 */
function rootOf(index: Indexed, firstLine: number): Root | null {
  let root = index.roots.get(firstLine);
  if (root === undefined) {
    quickLocateWork.rootsRead++;
    root = null;
    const lines = index.lines;
    const rootLine = nextLine(lines, firstLine);
    if (rootLine !== -1) {
      const first = lines.at(rootLine);
      const rest = first.text.slice(first.indent);
      if (rest !== '-' && !rest.startsWith('- ') && startsMap(first.text, first.indent)) {
        root = { block: { kind: 'map', col: first.indent, line: rootLine }, range: [rootLine, first.indent, first.text.length] };
      }
    }
    index.roots.set(firstLine, root);
  }
  return root;
}
