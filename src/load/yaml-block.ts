// A reader for the block-style subset Kubernetes manifests are written in: block mappings with
// plain keys, block sequences, one-line plain and quoted scalars, literal block scalars (`|`, `|-`),
// empty `{}` and `[]`, comments, with LF or CRLF line ends, tabs where YAML allows them (after a
// `:`, before a comment, in comments, quoted scalars and literal bodies) and a CR alone inside a
// comment, a quoted scalar or a literal body, where `yaml` reads it as text. It reads such a document about twice as
// fast as js-yaml composes it.
// Anything outside that subset, or anything it is not sure of, answers UNSURE, and the caller asks
// js-yaml: the reader never decides an error or an unusual form, so on what it accepts its values
// are js-yaml's (test/load/yaml-block.test.ts holds the two to one answer on every corpus shape,
// fixture and manifest and on generated edge cases).
import { hazardAtLead } from './yaml-fast-guards.js';
import { resolveYaml11Scalar } from './yaml11.js';

export const UNSURE: unique symbol = Symbol('unsure');

/** Nesting past this is left to js-yaml, whose maxDepth check sends deep documents to the full path. */
const MAX_LEVELS = 50;

/** One content line (not blank, not a comment line): where it starts, its indentation, where it ends. */
interface Line {
  start: number;
  /** Offset of its first non-space character. */
  content: number;
  indent: number;
  /** Where its content ends: its `\n`, or the `\r` of a `\r\n` (never part of a value or a column). */
  end: number;
  /** Where the line below starts. */
  next: number;
}

class Unsure extends Error {}
const unsure = (): never => {
  throw new Unsure();
};

/** Characters that are rare in manifests: tabs, CR, other line breaks, controls, BOM (the fast path's one scan). */
export const OUTSIDE = /[\0-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

/**
 * What the reader leaves to js-yaml wherever it appears: OUTSIDE but tabs and CRs. `yaml` reads
 * `\r\n` as a line break, and so does the reader (lineEnd); a CR alone is not one for `yaml` (nor
 * for the reader, which splits lines at `\n`) and is for js-yaml, so a text holding a tab or a CR
 * alone is the reader's whole or the full path's (yaml-fast.ts), never js-yaml's: the reader reads
 * a tab only as a blank after a `:` or before a comment, or as text in a comment, a quoted scalar,
 * a literal body or inside a plain scalar; a CR alone only in the same places but plain scalars.
 */
export const READER_OUTSIDE = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;

/** A blank between tokens: YAML's separation spaces are spaces and tabs (never indentation, which is spaces only). */
const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;

/**
 * What a read says beyond the value, for the caller's lines and comments: where literal bodies
 * are (their `#` lines are text, not comments) and whether the document ends in an empty value.
 */
export interface BlockFacts {
  /** [start, end) offsets of each literal block scalar's body: from the line below its header. */
  scalars: number[];
  /** Where the document's last node would start when it is an empty value (`key:`, `-`: the line's end or its comment), else -1. */
  emptyLast: number;
}

// Characters that may not start a plain scalar here (indicators), or that js-yaml should judge.
const NOT_PLAIN_START = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));

/** `{}` and `[]` as value() tells them: the first character code times 256 plus the second's. */
const EMPTY_MAP = 0x7b * 0x100 + 0x7d;
const EMPTY_LIST = 0x5b * 0x100 + 0x5d;

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', '/': '/', n: '\n', t: '\t' };

class Reader {
  /** The next content line, read ahead; null at the end of the document. */
  line: Line | null;
  /** See BlockFacts.emptyLast: set by each value read, so the last one read decides. */
  emptyLast = -1;
  scalars: number[] = [];
  /** Where the scalar read last ends (plain, doubleQuoted, singleQuoted). */
  scalarEnd = 0;
  /**
   * Anchored values by name, in a document yaml-anchors.ts accepted (null: anchors, aliases and
   * merge keys are js-yaml's to read). Set when the anchored node ends, as js-yaml does.
   */
  readonly anchors: Map<string, unknown> | null;
  /** Keys merged so far in the document: js-yaml refuses more than MAX_MERGED_KEYS. */
  mergedKeys = 0;

  constructor(
    readonly text: string,
    readonly to: number,
    from: number,
    anchored: boolean,
  ) {
    this.line = this.contentLine(from);
    this.anchors = anchored ? new Map() : null;
  }

  /** The first content line at or after offset `at` (a line start). */
  contentLine(at: number): Line | null {
    const { text, to } = this;
    while (at < to) {
      const newline = text.indexOf('\n', at);
      const next = newline === -1 || newline > to ? to + 1 : newline + 1;
      const end = lineEnd(text, at, next - 1);
      let content = at;
      while (content < end && text.charCodeAt(content) === 0x20) content++;
      if (content < end && text.charCodeAt(content) !== 0x23 /* # */) return { start: at, content, indent: content - at, end, next };
      at = next;
    }
    return null;
  }

  // A node's first line is read by the caller, which calls mapping or sequence: every method is
  // compiled on its own by V8 once hot (with what it inlines), so one-line dispatchers and line
  // steppers were extra compiles of the same code (BENCHMARKS.md round 6, r6cpu).

  /** Block mapping entries at column `indent`; its first key starts at `first` on the current line. */
  mapping(indent: number, first: number, levels: number): Record<string, unknown> {
    const { text } = this;
    if (levels > MAX_LEVELS) return unsure();
    const result: Record<string, unknown> = {};
    // Keys a merge key put here, which a later explicit key may set once (js-yaml's overridable keys).
    let merged: Set<string> | undefined;
    let keyAt = first;
    for (;;) {
      const line = this.line!;
      const colon = keyColon(text, keyAt, line.end);
      if (colon === -1) {
        if (!isMergeKey(text, keyAt, line.end) || this.anchors === null) return unsure(); // not `key:`
        merged = this.merge(result, merged, this.value(line, keyAt + 3, indent, true, levels));
      } else {
        const written = text.slice(keyAt, colon);
        const resolved = resolveYaml11Scalar(written);
        if (resolved === null) return unsure(); // null keys: the two parsers differ (left to the guards' path)
        const key = resolved === undefined ? written : String(resolved);
        if (key === '__proto__' || (Object.prototype.hasOwnProperty.call(result, key) && merged?.delete(key) !== true)) return unsure();
        result[key] = this.value(line, colon + 1, indent, true, levels);
      }
      const next = this.line;
      if (next === null || next.indent < indent) return result;
      if (next.indent > indent || isDash(text, next.content, next.end)) return unsure();
      keyAt = next.content;
    }
  }

  /**
   * A merge key's value merged into `result` as js-yaml merges it: a map, or each map of a list in
   * turn, adding only the keys `result` lacks (those then go into the returned `merged`). Anything
   * else (a list in the list, a scalar, null) js-yaml refuses or merges otherwise than `yaml`: unsure.
   */
  merge(result: Record<string, unknown>, merged: Set<string> | undefined, value: unknown): Set<string> {
    const sources = Array.isArray(value) ? value : [value];
    if (sources.length > MAX_MERGE_SOURCES) return unsure();
    const keys = merged ?? new Set<string>();
    for (const source of sources) {
      if (source === null || typeof source !== 'object' || Array.isArray(source)) return unsure();
      for (const key of Object.keys(source)) {
        if (++this.mergedKeys > MAX_MERGED_KEYS) return unsure();
        if (Object.prototype.hasOwnProperty.call(result, key)) continue;
        result[key] = (source as Record<string, unknown>)[key];
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * An anchor (`&name` before a value, read as value() reads it) or an alias (`*name`, the whole
   * value) at `at`, in a document yaml-anchors.ts accepted; unsure elsewhere.
   */
  property(line: Line, at: number, indent: number, inMapping: boolean, levels: number): unknown {
    const { text, anchors } = this;
    if (anchors === null) return unsure();
    let end = at + 1;
    while (end < line.end && isNameChar(text.charCodeAt(end))) end++;
    const name = text.slice(at + 1, end);
    if (name === '') return unsure();
    if (text.charCodeAt(at) === 0x2a /* * */) {
      if (!anchors.has(name)) return unsure(); // js-yaml's error to give
      afterValue(text, end, line.end);
      this.emptyLast = -1;
      this.line = this.contentLine(line.next);
      if (this.line !== null && this.line.indent > indent) return unsure();
      return anchors.get(name);
    }
    let next = end;
    while (next < line.end && isBlank(text.charCodeAt(next))) next++;
    const c = text.charCodeAt(next);
    if (next === end ? next < line.end : c === 0x26 || c === 0x2a || c === 0x21) return unsure(); // `&a:`, `&a &b`, `&a *b`, `&a !t`
    const value = this.value(line, end, indent, inMapping, levels);
    anchors.set(name, value);
    return value;
  }

  /** Block sequence items at column `indent`, the first on the current line. */
  sequence(indent: number, levels: number): unknown[] {
    const { text } = this;
    if (levels > MAX_LEVELS) return unsure();
    const result: unknown[] = [];
    for (;;) {
      const line = this.line!;
      let at = line.content + 1;
      while (at < line.end && text.charCodeAt(at) === 0x20) at++;
      if (at < line.end && (keyColon(text, at, line.end) !== -1 || (this.anchors !== null && isMergeKey(text, at, line.end)))) {
        // `- key: value` (or `- <<: *base`): a mapping whose keys sit at this column.
        result.push(this.mapping(at - line.start, at, levels + 1));
      } else {
        result.push(this.value(line, line.content + 1, indent, false, levels));
      }
      const next = this.line;
      // A line at this column that is not an item ends a compact sequence (the caller judges it).
      if (next === null || next.indent < indent || (next.indent === indent && !isDash(text, next.content, next.end))) return result;
      if (next.indent > indent) return unsure();
    }
  }

  /**
   * The value after a key's colon or an item's dash at offset `at` of `line`, whose block sits at
   * column `indent`; leaves the reader on the line after the value.
   */
  value(line: Line, at: number, indent: number, inMapping: boolean, levels: number): unknown {
    const { text } = this;
    let start = at;
    while (start < line.end && isBlank(text.charCodeAt(start))) start++;
    if (start < line.end && start === at) return unsure(); // `key:x` is not a key
    if (start === line.end || text.charCodeAt(start) === 0x23) {
      // Nothing on the line: a block below, a compact sequence at the key's column, or null.
      const next = (this.line = this.contentLine(line.next));
      if (next !== null && next.indent > indent) {
        return isDash(text, next.content, next.end) ? this.sequence(next.indent, levels + 1) : this.mapping(next.indent, next.content, levels + 1);
      }
      if (inMapping && next !== null && next.indent === indent && isDash(text, next.content, next.end)) return this.sequence(indent, levels + 1);
      this.emptyLast = start;
      return null;
    }
    const c = text.charCodeAt(start);
    if (c === 0x26 /* & */ || c === 0x2a /* * */) return this.property(line, start, indent, inMapping, levels);
    this.emptyLast = -1;
    if (c === 0x7c /* | */) return this.literal(line, start, indent);
    // `{}` and `[]` are told by arithmetic done for every value: V8 optimises this method on the
    // first values it meets, and a test or store made only for the first `{}` after that (on a text
    // with none early on) threw the optimised code away, to be compiled again.
    const pair = c * 0x100 + text.charCodeAt(start + 1);
    const pairEnd = start + 2;
    let value: unknown;
    let end = -1;
    if (pair === EMPTY_MAP) {
      value = {};
      end = pairEnd;
    } else if (pair === EMPTY_LIST) {
      value = [];
      end = pairEnd;
    } else {
      // Each scalar reader leaves where its scalar ends in scalarEnd: a [value, end] pair per scalar
      // was an allocation, and its destructuring a large part of this method's optimised code.
      value = c === 0x22 /* " */ ? this.doubleQuoted(start, line.end) : c === 0x27 /* ' */ ? this.singleQuoted(start, line.end) : this.plain(start, line.end);
    }
    afterValue(text, end === -1 ? this.scalarEnd : end, line.end);
    this.line = this.contentLine(line.next);
    // A more indented line below a one-line scalar continues it (or is an error): js-yaml's to read.
    if (this.line !== null && this.line.indent > indent) return unsure();
    return value;
  }

  /** A one-line plain scalar at `at` (YAML 1.1), ending before blanks or ` #`. */
  plain(at: number, end: number): unknown {
    const { text } = this;
    // Every test here is made for every scalar, in an order that needs no test made only after a
    // rare character: V8 optimises this code on the first values it meets, and a test first made
    // later (the first `-x`, ` #` or `a:b` of a text whose first values had none) threw that code
    // away, to be compiled again.
    const first = text.charCodeAt(at);
    const word = at + 1 < end && !isBlank(text.charCodeAt(at + 1));
    // `-x` is a plain scalar (args such as `--port=80`); `- x` is an item, which never gets here.
    if (!(first === 0x2d && word) && NOT_PLAIN_START.has(first)) return unsure();
    let stop = end;
    let before = -1;
    let i = at;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x23 && isBlank(before)) {
        stop = i;
        break;
      }
      // `: ` would make this a key: not a scalar (a final `:` too, below). A CR alone: `yaml`
      // reads it as text, but where a plain scalar ends around one is left to the full path.
      if ((isBlank(c) && before === 0x3a) || c === 0x0d) return unsure();
      before = c;
    }
    if (i === end && before === 0x3a) return unsure();
    while (stop > at && isBlank(text.charCodeAt(stop - 1))) stop--;
    this.scalarEnd = stop;
    const written = text.slice(at, stop);
    const resolved = resolveYaml11Scalar(written);
    return resolved === undefined ? written : resolved;
  }

  /** A double-quoted scalar closing on its line, with the common escapes only. */
  doubleQuoted(at: number, end: number): string {
    const { text } = this;
    let out = '';
    let from = at + 1;
    for (let i = from; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        this.scalarEnd = i + 1;
        return out + text.slice(from, i);
      }
      if (c === 0x5c) {
        const escaped = ESCAPES[text[i + 1]!];
        if (escaped === undefined || i + 1 >= end) return unsure();
        out += text.slice(from, i) + escaped;
        i++;
        from = i + 1;
      }
    }
    return unsure();
  }

  /** A single-quoted scalar closing on its line (`''` is a quote). */
  singleQuoted(at: number, end: number): string {
    const { text } = this;
    let out = '';
    let from = at + 1;
    for (let i = from; i < end; i++) {
      if (text.charCodeAt(i) !== 0x27) continue;
      if (text.charCodeAt(i + 1) === 0x27 && i + 1 < end) {
        out += text.slice(from, i + 1);
        i++;
        from = i + 1;
        continue;
      }
      this.scalarEnd = i + 1;
      return out + text.slice(from, i);
    }
    return unsure();
  }

  /** A literal block scalar (`|` or `|-`) whose header is at `at`. */
  literal(line: Line, at: number, indent: number): string {
    const { text, to } = this;
    let chomp = text.charCodeAt(at + 1);
    let headerEnd = at + 1;
    if (chomp === 0x2d /* - */) headerEnd++;
    else chomp = 0;
    afterValue(text, headerEnd, line.end);
    // Content lines: their indentation is the first one's; blank lines must hold no more spaces.
    const parts: string[] = [];
    let blankRun = 0;
    let textIndent = -1;
    let lineStart = line.next;
    while (lineStart < to) {
      const newline = text.indexOf('\n', lineStart);
      const next = newline === -1 || newline > to ? to + 1 : newline + 1;
      const end = lineEnd(text, lineStart, next - 1);
      let spaces = 0;
      while (lineStart + spaces < end && text.charCodeAt(lineStart + spaces) === 0x20) spaces++;
      if (lineStart + spaces === end) {
        if (textIndent === -1 || spaces > textIndent) return unsure(); // leading or over-indented blank lines
        blankRun++;
      } else {
        if (textIndent === -1) {
          if (spaces <= indent) break;
          textIndent = spaces;
        } else if (spaces < textIndent) break;
        // A body line starting as a syntax hazard does (`- - x`, `* x`): such texts take the full
        // path (yaml-fast-guards.ts), which the split of the documents no longer checks line by line.
        if (hazardAtLead(text, lineStart + spaces)) return unsure();
        for (; blankRun > 0; blankRun--) parts.push('');
        parts.push(text.slice(lineStart + textIndent, end));
      }
      lineStart = next;
    }
    if (textIndent === -1) return unsure(); // an empty block scalar
    this.scalars.push(line.next, lineStart);
    this.line = this.contentLine(lineStart);
    if (this.line !== null && this.line.indent > indent) return unsure();
    // Lines joined by `\n` whatever their ends were: `yaml` too gives `\n` for every line break in a block scalar.
    const body = parts.join('\n');
    return chomp === 0x2d ? body : `${body}\n`;
  }
}

/** Where the content of the line text[start, breakAt) ends: before the CR of a `\r\n` (`breakAt` being its `\n`). */
function lineEnd(text: string, start: number, breakAt: number): number {
  return breakAt > start && text.charCodeAt(breakAt - 1) === 0x0d ? breakAt - 1 : breakAt;
}

/** A `-` item indicator at `at`: followed by a space or the line's end. */
function isDash(text: string, at: number, end: number): boolean {
  return text.charCodeAt(at) === 0x2d && (at + 1 === end || text.charCodeAt(at + 1) === 0x20);
}

/** A `<<:` merge key at `at` (a blank or the line's end after its colon). */
function isMergeKey(text: string, at: number, end: number): boolean {
  return text.charCodeAt(at) === 0x3c && text.charCodeAt(at + 1) === 0x3c && text.charCodeAt(at + 2) === 0x3a && (at + 3 === end || isBlank(text.charCodeAt(at + 3)));
}

/** An anchor's or alias's name character, as yaml-anchors.ts takes them: letters, digits and `_ . -`. */
function isNameChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2d;
}

/** js-yaml refuses a merge of more maps than this at once ("abnormal merge sequence size"), and more merged keys per document. */
const MAX_MERGE_SOURCES = 100;
const MAX_MERGED_KEYS = 10_000;

/** A plain key character: letters, digits and `_ . / -`. */
function isKeyChar(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f || c === 0x2e || c === 0x2f || c === 0x2d;
}

/** Offset of the colon when a plain key and `: ` (or `:` ending the line) start at `at`, else -1. */
function keyColon(text: string, at: number, end: number): number {
  const c = text.charCodeAt(at);
  if (!isKeyChar(c) || c === 0x2d || c === 0x2e || c === 0x2f) return -1;
  let i = at + 1;
  while (i < end && isKeyChar(text.charCodeAt(i))) i++;
  return text.charCodeAt(i) === 0x3a && (i + 1 === end || isBlank(text.charCodeAt(i + 1))) ? i : -1;
}

/** After a scalar or a header: blanks, then the line's end or a comment. */
function afterValue(text: string, at: number, end: number): void {
  let i = at;
  while (i < end && isBlank(text.charCodeAt(i))) i++;
  if (i < end && (i === at || text.charCodeAt(i) !== 0x23)) unsure();
}

/**
 * The value of the document text[from, to) (a line start to the document's end, `---` line
 * included), null when it holds no content, or UNSURE when js-yaml must read it.
 */
export function readBlockDocument(text: string, from: number, to: number, facts?: BlockFacts, checked = false, anchored = false): unknown {
  if (!checked && READER_OUTSIDE.test(text.slice(from, to))) return UNSURE;
  // A CR ending the text is a line end to `yaml` in a block scalar and text elsewhere: left to it.
  if (to === text.length && text.charCodeAt(to - 1) === 0x0d) return UNSURE;
  try {
    const reader = new Reader(text, to, from, anchored);
    const marker = reader.line;
    if (marker !== null && marker.indent === 0 && text.startsWith('---', marker.start)) {
      // The document's `---` line (comments may come above it): nothing but a comment after it.
      afterValue(text, marker.start + 3, marker.end);
      reader.line = reader.contentLine(marker.next);
    }
    const first = reader.line;
    if (first === null) return null;
    if (first.indent !== 0 || keyColon(text, first.content, first.end) === -1) return UNSURE;
    const value = reader.mapping(0, first.content, 0);
    if (reader.line !== null) return UNSURE;
    if (facts) {
      facts.scalars = reader.scalars;
      facts.emptyLast = reader.emptyLast;
    }
    return value;
  } catch (error) {
    if (error instanceof Unsure) return UNSURE;
    throw error;
  }
}
