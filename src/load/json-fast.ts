// The JSON path: a text that is one JSON object or array (a `.json` manifest, `kubectl get -o json`
// output, JSON on stdin or in a `.yaml` file) is read by JSON.parse, and positions are found only
// when a finding asks for one (JsonLocator). The full `yaml` path read such texts at 3-7x the cost
// of their YAML twins: every JSON text spans lines with a flow collection, which the YAML fast path
// refuses. Only texts whose reading is surely the full path's are taken (jsonManifest's refusals);
// everything else, including every invalid or unusual JSON text, goes on to the YAML paths, which
// report exactly what they always did. test/load/json-differential holds the two paths to one answer.
import { LineCounter } from 'yaml';
import type { JsonPath, Location, Manifest, Source, SourceRange } from '../types.js';
import { firstLineOf, toSourceRange } from './locate.js';

/**
 * Characters the JSON path leaves to the YAML paths wherever they appear: a CR not ending a line,
 * controls, U+2028/9, a BOM inside the text. A tab is JSON's blank (JSON.parse refuses one inside
 * a string), and `yaml` reads it so in a flow collection. A directive (`# kubelint-disable ...`) in
 * a string is text: a comment's `#` outside strings is no JSON, so a JSON text has no comments.
 */
function leftToYaml(text: string): boolean {
  // Two searches: one regular expression with both alternatives was slower (no fast scan for its first character).
  return RARE_CHARACTER.test(text) || (text.includes('\r') && LONE_CR.test(text));
}
const RARE_CHARACTER = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
const LONE_CR = /\r(?!\n)/;

/** Objects and arrays nested deeper are left to the YAML paths, which measure and report depth. */
const MAX_JSON_DEPTH = 100;

/** `yaml` reads an implicit key of at most 1024 characters; longer keys are left to it. */
const MAX_KEY_CHARS = 1000;

/** True when the text's first character past blank lines opens an object or an array. */
function opensCollection(text: string): boolean {
  let at = 0;
  for (; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (!isBlank(c)) break;
  }
  const c = text.charCodeAt(at);
  return c === 0x7b /* { */ || c === 0x5b; /* [ */
}

/**
 * Where a JSON text sits in a stream of documents (json-stream.ts): its document index, the lines
 * above its slice, and whether a `---` line starts it (`yaml` then starts the document there: the
 * line `shift` counts to).
 */
export interface StreamPlace {
  index: number;
  shift: number;
  marker: boolean;
}
const ALONE: StreamPlace = { index: 0, shift: 0, marker: false };

/**
 * The manifest of a text that is one JSON object or array, read as the full path reads it, or
 * undefined to leave the text to the YAML paths: not JSON, or JSON whose YAML reading may differ
 * (a duplicate key, which JSON.parse keeps silently and `yaml` refuses; a `<<` merge key; a
 * `__proto__` key; a key split from its `:` across lines or too long for `yaml`; deep nesting).
 */
export function jsonManifest(text: string, source: Source, place: StreamPlace = ALONE): Manifest | undefined {
  if (!opensCollection(text) || leftToYaml(text)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const written = writtenKeys(text);
  if (written < 0) return undefined;
  const counted = { keys: 0 };
  if (!plainKeys(value, 0, counted) || counted.keys !== written) return undefined; // a duplicate key when fewer were kept
  return jsonDocument(text, source, value, place);
}

/**
 * Keys written in a text JSON.parse accepted (strings followed by a `:`), or -1 when one is past
 * MAX_KEY_CHARS or parted from its `:` by a line break. Only the quotes are visited.
 */
function writtenKeys(text: string): number {
  let keys = 0;
  for (let open = text.indexOf('"'); open !== -1; ) {
    const close = stringEnd(text, open) - 1;
    let after = close + 1;
    while (isInlineBlank(text.charCodeAt(after))) after++;
    const c = text.charCodeAt(after);
    if (c === 0x3a /* : */) {
      if (close - open > MAX_KEY_CHARS) return -1;
      keys++;
    } else if (c === 0x0a || c === 0x0d) {
      while (isBlank(text.charCodeAt(after))) after++;
      if (text.charCodeAt(after) === 0x3a) return -1;
    }
    open = text.indexOf('"', close + 1);
  }
  return keys;
}

/** Offset past the closing quote of the string opening at `open`, in valid JSON. */
function stringEnd(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (escaped(text, close)) close = text.indexOf('"', close + 1);
  return close + 1;
}

/** True when the quote at `at` follows an odd run of backslashes. */
function escaped(text: string, at: number): boolean {
  let slashes = 0;
  while (text.charCodeAt(at - 1 - slashes) === 0x5c) slashes++;
  return slashes % 2 === 1;
}

/** JSON's blanks: a space, a tab, a line break. */
const isBlank = (c: number): boolean => isInlineBlank(c) || c === 0x0a || c === 0x0d;
const isInlineBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/**
 * Counts the keys JSON.parse kept into `counted`; false at a key `yaml` reads otherwise (`<<`, a
 * merge; `__proto__`) or past MAX_JSON_DEPTH.
 */
function plainKeys(value: unknown, depth: number, counted: { keys: number }): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (depth >= MAX_JSON_DEPTH) return false;
  if (Array.isArray(value)) {
    for (const item of value) if (!plainKeys(item, depth + 1, counted)) return false;
    return true;
  }
  for (const key of Object.keys(value)) {
    if (key === '<<' || key === '__proto__') return false;
    counted.keys++;
    if (!plainKeys((value as Record<string, unknown>)[key], depth + 1, counted)) return false;
  }
  return true;
}

/** An object's member or an array's item: where its key (objects) and its value are written. */
interface Member {
  keyFrom: number;
  keyTo: number;
  from: number;
  to: number;
}

interface Members {
  items: Member[];
  /** An object's members by key (JSON.parse accepted the text and no key repeats). */
  byKey?: Map<string, Member>;
}

/** Manifests the JSON path made (tests ask which path a text took). */
const made = new WeakSet<Manifest>();

export function tookJsonPath(manifest: Manifest): boolean {
  return made.has(manifest);
}

/**
 * A JSON text's manifest: its value from JSON.parse, each position found on first use. A plain
 * object, as the YAML paths' are: rendered.ts spreads manifests into new ones.
 */
function jsonDocument(text: string, source: Source, value: unknown, place: StreamPlace): Manifest {
  const root = rootFrom(text);
  const rootEnd = rootTo(text);
  const start = lineOf(text, root);
  const rootLine = start + countLines(text, root, rootEnd);
  // `yaml` ends a document whose root is a flow collection on the line below the collection when
  // the text goes on past that line's break (blank lines), else on the collection's own line.
  const newline = text.indexOf('\n', rootEnd);
  const end = newline !== -1 && newline + 1 < text.length ? rootLine + 1 : rootLine;
  const shift = place.shift;
  let locator: JsonLocator | undefined;
  const manifest: Manifest = {
    source,
    index: place.index,
    value,
    lines: { start: place.marker ? shift : start + shift, end: end + shift },
    comments: new Map(),
    locate(path: JsonPath): Location {
      let range: SourceRange | undefined | null = null;
      return {
        file: source.name,
        // Computed on first read: suppressions ask every manifest for `locate([]).file` only.
        get range(): SourceRange | undefined {
          if (range === null) range = shifted((locator ??= new JsonLocator(text)).locate(path), shift);
          return range;
        },
      };
    },
  };
  made.add(manifest);
  return manifest;
}

/** A range moved down `shift` lines (a document of a stream, located in its own slice). */
function shifted(range: SourceRange | undefined, shift: number): SourceRange | undefined {
  return range && shift !== 0 ? { line: range.line + shift, column: range.column, endLine: range.endLine + shift, endColumn: range.endColumn } : range;
}

/** Offset of the root's `{` or `[`. */
function rootFrom(text: string): number {
  let at = 0;
  while (isBlank(text.charCodeAt(at))) at++;
  return at;
}

/** Offset past the root's closing bracket (only blanks follow it in a JSON text). */
function rootTo(text: string): number {
  let at = text.length;
  while (isBlank(text.charCodeAt(at - 1))) at--;
  return at;
}

/** The 1-based line of `offset`. */
function lineOf(text: string, offset: number): number {
  return 1 + countLines(text, 0, offset);
}

function countLines(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/**
 * Ranges of JSON paths as locate.ts gives them from the composed `yaml` Document: a scalar with
 * its key spans `"key": value`, a collection under a key shows the key, a collection item (or the
 * root) its first line, and a missing step falls back to the deepest one found. Each container's
 * members are listed once, when a path first goes through it: a `kind: List` of 1,000 objects
 * is not scanned again for every finding.
 */
export class JsonLocator {
  private readonly members = new Map<number, Members>();
  private lines: LineCounter | undefined;
  private ends: Map<number, number> | undefined;

  constructor(private readonly text: string) {}

  locate(path: JsonPath): SourceRange {
    const { text } = this;
    let from = rootFrom(text);
    let to = rootTo(text);
    let best = firstLineOf(text, from, to);
    for (const segment of path) {
      const opener = text.charCodeAt(from);
      if (opener !== 0x7b && opener !== 0x5b) break;
      const { items, byKey } = this.membersOf(from);
      const member = byKey ? byKey.get(String(segment)) : typeof segment === 'number' ? items[segment] : undefined;
      if (!member) break;
      ({ from, to } = member);
      const collection = isOpener(text.charCodeAt(from));
      if (byKey) best = [member.keyFrom, collection ? member.keyTo : to];
      else best = collection ? firstLineOf(text, from, to) : [from, to];
    }
    return toSourceRange((this.lines ??= lineCounterOf(text)), best[0], best[1]);
  }

  private containerEnds(): Map<number, number> {
    return (this.ends ??= containerEnds(this.text));
  }

  private membersOf(open: number): Members {
    let members = this.members.get(open);
    if (!members) {
      members = this.text.charCodeAt(open) === 0x7b ? this.readObject(open) : this.readArray(open);
      this.members.set(open, members);
    }
    return members;
  }

  private readObject(open: number): Members {
    const { text } = this;
    const items: Member[] = [];
    const byKey = new Map<string, Member>();
    let at = skipBlanks(text, open + 1);
    while (text.charCodeAt(at) === 0x22 /* " */) {
      const keyTo = stringEnd(text, at);
      const raw = text.slice(at + 1, keyTo - 1);
      const key = raw.includes('\\') ? (JSON.parse(text.slice(at, keyTo)) as string) : raw;
      const from = skipBlanks(text, skipBlanks(text, keyTo) + 1); // past the `:`
      const to = valueEnd(text, from, this.containerEnds());
      const member = { keyFrom: at, keyTo, from, to };
      items.push(member);
      if (!byKey.has(key)) byKey.set(key, member);
      at = skipBlanks(text, to);
      if (text.charCodeAt(at) === 0x2c /* , */) at = skipBlanks(text, at + 1);
    }
    return { items, byKey };
  }

  private readArray(open: number): Members {
    const { text } = this;
    const items: Member[] = [];
    let at = skipBlanks(text, open + 1);
    while (text.charCodeAt(at) !== 0x5d /* ] */ && at < text.length) {
      const to = valueEnd(text, at, this.containerEnds());
      items.push({ keyFrom: at, keyTo: at, from: at, to });
      at = skipBlanks(text, to);
      if (text.charCodeAt(at) === 0x2c) at = skipBlanks(text, at + 1);
    }
    return { items };
  }

}

const isOpener = (c: number): boolean => c === 0x7b || c === 0x5b;

function skipBlanks(text: string, at: number): number {
  while (isBlank(text.charCodeAt(at))) at++;
  return at;
}

/** The text's line starts, as the `yaml` parser records them for locate.ts. */
function lineCounterOf(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) lines.addNewLine(at + 1);
  return lines;
}

/** Passes over a whole text made to locate in it (tests hold it to one per text, whatever the nesting). */
export const jsonLocateWork = { passes: 0 };

/** Offset past the value starting at `from`: a collection's end is looked up in `ends` (containerEnds). */
function valueEnd(text: string, from: number, ends: ReadonlyMap<number, number>): number {
  const c = text.charCodeAt(from);
  if (c === 0x22) return stringEnd(text, from);
  if (isOpener(c)) return ends.get(from) ?? text.length;
  let at = from;
  while (at < text.length && !isScalarEnd(text.charCodeAt(at))) at++;
  return at;
}

/**
 * Where every object and array ends (past its bracket), by where it opens: one pass over the
 * text, strings passed over whole (they may hold brackets). Counting brackets from each value
 * listed instead read the text once per level of nesting (a List's items were read 8-10 times).
 */
function containerEnds(text: string): Map<number, number> {
  jsonLocateWork.passes++;
  const ends = new Map<number, number>();
  const open: number[] = [];
  for (let at = 0; at < text.length; at++) {
    const c = text.charCodeAt(at);
    if (c === 0x22) at = stringEnd(text, at) - 1;
    else if (isOpener(c)) open.push(at);
    else if (c === 0x7d || c === 0x5d) ends.set(open.pop()!, at + 1);
  }
  return ends;
}

/** A scalar token ends at a blank, `,`, `]` or `}`. */
const isScalarEnd = (c: number): boolean => isBlank(c) || c === 0x2c || c === 0x5d || c === 0x7d;
