// Guards that keep parsing cost proportional to the text's size (#21 item 5):
// - nesting, estimated in one pass over the text before any parser runs (the `yaml` package takes
//   seconds on a few KB of `[[[[…` and minutes on 5,000 block levels before it gives up);
// - duplicate keys, found with one Set per mapping (the package's own check compares every key
//   with every earlier one: 300,000 keys in one mapping took minutes);
// - the size aliases expand a document to, counted once per shared node (the package's guard
//   counts aliases, not what they expand to: 100 aliases of a 20,000-item list pass it).
import { isMap, isScalar, visit, type Document } from 'yaml';

export interface TextPosition {
  line: number;
  column: number;
}

/** Block scalar header at the end of a line (`key: |`, `- >-`, `|2+ # comment`). */
export const BLOCK_SCALAR = /(?:^|[\s:-])[|>][1-9+-]{0,2}[ \t]*(?:#.*)?$/;
/** A line that opens a block collection below it: `key:` or `- key:` or `-` with nothing after. */
export const OPENER = /(?::|^-|\s-)[ \t]*(?:#.*)?$/;

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
/** The regexes' `\s`, Unicode spaces included. */
const isSpace = (c: number): boolean => (c < 0x80 ? c === 0x20 || (c >= 0x09 && c <= 0x0d) : /\s/.test(String.fromCharCode(c)));
/** A block scalar's indentation or chomping indicator: 1-9, + or -. */
export const isIndicator = (c: number): boolean => (c >= 0x31 && c <= 0x39) || c === 0x2b || c === 0x2d;

/**
 * OPENER and BLOCK_SCALAR of the line text[from, to) without a `#` in it, read from its end (the
 * regexes, run on every line, were most of this pass): [opens a collection, heads a block scalar].
 */
function lineEnding(text: string, from: number, to: number): [boolean, boolean] {
  let end = to;
  while (end > from && isBlank(text.charCodeAt(end - 1))) end--;
  if (end === from) return [false, false];
  const last = text.charCodeAt(end - 1);
  const opener = last === 0x3a /* : */ || (last === 0x2d /* - */ && (end - 1 === from || isSpace(text.charCodeAt(end - 2))));
  if (last !== 0x7c && last !== 0x3e && !isIndicator(last)) return [opener, false];
  // `[|>][1-9+-]{0,2}` ending the line, after its start, a space, `:` or `-`.
  for (let p = Math.max(from, end - 3); p < end; p++) {
    const c = text.charCodeAt(p);
    if (c !== 0x7c && c !== 0x3e) continue;
    let rest = p + 1;
    while (rest < end && isIndicator(text.charCodeAt(rest))) rest++;
    if (rest !== end) continue;
    const prev = p > from ? text.charCodeAt(p - 1) : -1;
    if (prev === -1 || isSpace(prev) || prev === 0x3a || prev === 0x2d) return [opener, true];
  }
  return [opener, false];
}

/** OPENER and BLOCK_SCALAR on a line's content (from its first non-blank character). */
export function lineOpens(text: string, from: number, to: number, hash: boolean): [boolean, boolean] {
  if (!hash) return lineEnding(text, from, to);
  const content = text.slice(from, to);
  return [OPENER.test(content), BLOCK_SCALAR.test(content)];
}

/**
 * A bound of the flow levels nestingScan can count in a text, up to `cap`. The scan opens a flow
 * collection only at a bracket after a space or at a line's content start (flowStart), and one
 * closed by the next character (`[]`, `{}`) ends there: when every such bracket is closed at once,
 * a flow level is never more than one, however many brackets a text holds (a CRD's `pattern:
 * ^[a-z]` values made every large CRD file take the whole scan). Otherwise every bracket counts.
 */
function flowLevelsUpTo(text: string, cap: number): number {
  let n = 0;
  let opens = false;
  for (const bracket of ['[', '{']) {
    for (let at = text.indexOf(bracket); at !== -1; at = text.indexOf(bracket, at + 1)) {
      n++;
      if (!opens) opens = mayOpenFlow(text, at);
      if (opens && n >= cap) return n;
    }
  }
  return opens ? n : Math.min(n, 1);
}

/** True when the bracket at `at` may open a flow collection that nestingScan reads past its next character. */
function mayOpenFlow(text: string, at: number): boolean {
  const before = at === 0 ? 0x0a : text.charCodeAt(at - 1);
  const after = text.charCodeAt(at + 1);
  return (before === 0x20 || before === 0x0a) && after !== 0x5d && after !== 0x7d;
}

/** True when a line of the text starts with `n` spaces or more. */
function indentedBy(text: string, n: number): boolean {
  const spaces = ' '.repeat(n);
  return text.startsWith(spaces) || text.includes(`\n${spaces}`);
}

/**
 * Where the nesting of a text passes `limit` levels, or undefined. The count is a lower bound
 * of the real nesting (never a false refusal of a valid text): a block level is counted when a
 * line is indented below a line that opens a collection (`key:`, `-`); block scalars' lines are
 * passed over; a flow collection (`[`, `{` starting a value) counts its brackets outside quotes.
 */
export function nestingPastLimit(text: string, limit: number): TextPosition | undefined {
  // Each level needs a line, and (block) one more column of indentation or (flow) a bracket:
  // the count can pass the limit only if some line is indented by `limit - flow levels` spaces.
  // Native searches answer most texts (manifests indent 20-40 columns) without the scan.
  return mayNestPast(text, limit) ? nestingScan(text, limit) : undefined;
}

/** False when nestingScan surely finds nothing: the native searches of nestingPastLimit (exported for tests). */
export function mayNestPast(text: string, limit: number): boolean {
  if (text.length < limit) return false;
  const flow = flowLevelsUpTo(text, limit);
  return flow >= limit || indentedBy(text, limit - flow);
}

/** The line scan of nestingPastLimit, without its bound (exported for the test holding the two to one answer). */
export function nestingScan(text: string, limit: number): TextPosition | undefined {
  const indents: number[] = [];
  let opener = false;
  let scalarIndent = -1; // inside a block scalar: its parent line's indentation
  let flow = 0;
  let line = 0;
  // Next `#`, `[` and `{` at or after the line start: found once, not searched again on each line.
  let hash = -1;
  let bracket = -1;
  let brace = -1;
  for (let start = 0; start <= text.length; ) {
    line++;
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    let indent = 0;
    while (text.charCodeAt(start + indent) === 0x20) indent++;
    const first = text.charCodeAt(start + indent);
    const blank = start + indent >= end || first === 0x23 /* # */ || first === 0x0d;
    if (flow > 0) {
      flow = flowDepth(text, start, end, flow, limit - indents.length);
      if (flow > limit - indents.length) return { line, column: passedAt - start + 1 };
    } else if (!blank && !(scalarIndent >= 0 && indent > scalarIndent)) {
      scalarIndent = -1;
      while (indents.length > 0 && indent < indents[indents.length - 1]!) indents.pop();
      if (indents.length === 0 || (indent > indents[indents.length - 1]! && opener)) indents.push(indent);
      if (indents.length > limit) return { line, column: indent + 1 };
      if (bracket !== Infinity && bracket < start) bracket = nextAt(text, '[', start);
      if (brace !== Infinity && brace < start) brace = nextAt(text, '{', start);
      const open = bracket < end || brace < end ? flowStart(text.slice(start + indent, end)) : -1;
      if (open >= 0) {
        flow = flowDepth(text, start + indent + open, end, 0, limit - indents.length);
        if (flow > limit - indents.length) return { line, column: passedAt - start + 1 };
      }
      if (flow === 0) {
        if (hash !== Infinity && hash < start) hash = nextAt(text, '#', start);
        const [opens, scalar] = lineOpens(text, start + indent, end, hash < end);
        opener = opens;
        if (scalar) scalarIndent = indent;
      } else opener = false;
    }
    if (newline === -1) break;
    start = newline + 1;
  }
  return undefined;
}

/** True when a document marker (`---`, `...`) starts at `at`: the mark, then a blank, a line end or the text's end. */
export function isMarker(text: string, at: number, mark: string): boolean {
  if (!text.startsWith(mark, at)) return false;
  const next = text[at + 3];
  return next === undefined || next === ' ' || next === '\n' || next === '\r';
}

/** True when text[from, to) is spaces only (or empty). */
export function spacesBefore(text: string, from: number, to: number): boolean {
  let i = from;
  while (i < to && text.charCodeAt(i) === 0x20) i++;
  return i === to;
}

/** Offset of the next `char` at or after `from`, or Infinity. */
export function nextAt(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? Infinity : at;
}

/** Offset in a block line's content of a `[` or `{` that starts a flow value, or -1. */
function flowStart(content: string): number {
  const c = content.charCodeAt(0);
  if (c === 0x5b || c === 0x7b) return 0;
  for (const marker of [': [', ': {', '- [', '- {']) {
    const at = content.indexOf(marker);
    if (at >= 0 && (marker[0] === ':' || at === 0 || content[at - 1] === ' ')) return at + 2;
  }
  return -1;
}

/** Where flowDepth last went past its maximum (module state: the scan is synchronous). */
let passedAt = 0;

/** Flow bracket depth after reading text[from, to) starting at `depth`; stops early past `max` (see passedAt). */
function flowDepth(text: string, from: number, to: number, depth: number, max: number): number {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > max) {
        passedAt = i;
        return depth;
      }
    } else if (c === 0x5d || c === 0x7d) {
      if (--depth === 0) return 0;
    } else if (c === 0x22 || c === 0x27) {
      const close = closingQuote(text, i, to);
      if (close === -1) return depth; // a quoted scalar spanning lines: its next lines count as flow text
      i = close;
    } else if (c === 0x23 && (i === from || text.charCodeAt(i - 1) === 0x20)) return depth; // a comment
  }
  return depth;
}

function closingQuote(text: string, open: number, to: number): number {
  const quote = text.charCodeAt(open);
  for (let i = open + 1; i < to; i++) {
    const c = text.charCodeAt(i);
    if (quote === 0x22 && c === 0x5c) i++;
    else if (c === quote) {
      if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
      else return i;
    }
  }
  return -1;
}

/**
 * Offset of the first key that repeats an earlier key of its mapping, compared as the `yaml`
 * package compares them (scalars by value, anything else by identity), or undefined.
 */
export function firstDuplicateKey(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key;
        if (!isScalar(key) || Number.isNaN(key.value)) continue; // NaN !== NaN in the package's check
        if (seen.has(key.value)) {
          const at = key.range?.[0] ?? 0;
          if (found === undefined || at < found) found = at;
          break;
        }
        seen.add(key.value);
      }
      return undefined;
    },
  });
  return found;
}

export interface ValueShape {
  /** Deepest nesting of objects/arrays (the root is 0). */
  depth: number;
  /** Objects, arrays and scalars once every alias is expanded. */
  expanded: number;
  /** The same, counting each shared (aliased) node once: what the text writes. */
  written: number;
}

/**
 * Depth and sizes of a parsed value, in time proportional to the written size: a node shared
 * through aliases is measured once, its sizes reused. Iterative, so nothing overflows the stack.
 * Stops early (with the sizes so far) once the depth passes `maxDepth`.
 */
export function measureValue(value: unknown, maxDepth: number): ValueShape {
  type Entry = { node: object; depth: number; childIndex: number; children: unknown[]; expanded: number; height: number };
  const done = new Map<object, { expanded: number; height: number }>();
  let written = 0;
  let deepest = 0;
  if (value === null || typeof value !== 'object') return { depth: 0, expanded: 1, written: 1 };
  const open = (node: object, depth: number): Entry => {
    written++;
    if (depth > deepest) deepest = depth;
    return { node, depth, childIndex: 0, children: Object.values(node), expanded: 1, height: 0 };
  };
  const stack: Entry[] = [open(value, 0)];
  let last = { expanded: 0, height: 0 };
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (deepest > maxDepth) return { depth: deepest, expanded: top.expanded, written };
    if (top.childIndex < top.children.length) {
      const child = top.children[top.childIndex++];
      if (child === null || typeof child !== 'object') {
        written++;
        top.expanded++;
        continue;
      }
      const known = done.get(child);
      if (known) {
        top.expanded += known.expanded;
        if (top.depth + 1 + known.height > deepest) deepest = top.depth + 1 + known.height;
        continue;
      }
      stack.push(open(child, top.depth + 1));
      continue;
    }
    stack.pop();
    last = { expanded: top.expanded, height: top.height };
    done.set(top.node, last);
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.expanded += last.expanded;
      parent.height = Math.max(parent.height, last.height + 1);
    }
  }
  return { depth: deepest, expanded: last.expanded, written };
}
