// The fast parse path: values from js-yaml with a YAML 1.1 schema, composing the full `yaml`
// Document (for locate and comments) only when a document is asked for one. It takes a text only
// when every document in it is plainly simple; otherwise it returns undefined and the caller runs
// the full `yaml` path on the whole text, so results are identical by construction for anything
// unusual (anchors, tags, merge keys, directives, `...`, errors, very deep nesting).
import jsYaml from 'js-yaml';
import type { JsonPath, Location, Manifest, Source, SourceRange } from '../types.js';
import { blockScalarBodyEnd } from './block-scalar-body.js';
import { quickLocate } from './quick-locate.js';
import { OUTSIDE, READER_OUTSIDE, readBlockDocument, UNSURE, type BlockFacts } from './yaml-block.js';
import { DIRECTIVE_MARKER, directiveComments, type LineStart } from './yaml-comments.js';
import { HAZARD_START, inLineHazard, lineStartHazard } from './yaml-fast-guards.js';
import { isIndicator, isMarker, lineOpens, spacesBefore } from './yaml-guards.js';
import { multiLineQuoted } from './yaml-quoted.js';
import { emptyValueEnd, jsYamlDiverges, LONE_CR } from './yaml-fast-diverge.js';
import { YAML11_MERGE_SCHEMA, YAML11_SCHEMA } from './yaml11.js';
import { anchoredValueFits, countIn, MAY_MERGE, scanAnchors, type AnchorMarks } from './yaml-anchors.js';

/** A document of the text: its slice (starting at a line start) and where it sits. */
export interface Piece {
  from: number;
  to: number;
  /** 1-based line of `from`. */
  firstLine: number;
  /** Line the `yaml` package reports as the document's first (its `---`, else its first content). */
  startLine: number;
  /** Line of the document's last character, counted as `yaml`'s document range is. */
  endLine: number;
}

/** Lines this long may hold an implicit key past `yaml`'s 1024-character limit. */
const LONG_LINE = 1024;

/**
 * Why a text needs the full path, tested on the whole text once (false positives only cost speed).
 * The line-start half of the syntax hazards is checked by splitDocuments, in its own line pass;
 * multi-line quoted scalars by readText (yaml-quoted.ts).
 */
function needsFullParse(text: string, outside: boolean): boolean {
  return outside && text.includes('\uFEFF');
}

/** Brackets opened minus closed on the line text[from, to): above 0, a flow collection continues on later lines. */
function openBrackets(text: string, from: number, to: number): number {
  let open = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) open++;
    else if (c === 0x5d || c === 0x7d) open--;
  }
  return open;
}

/** True when text[at, end), after a `---`, may start a block collection: `- `, `? ` or a `:` ending a key. */
function collectionAfterMarker(text: string, at: number, end: number): boolean {
  // A comment (`--- # Source: x.yaml`, as many tools write) is not content.
  const rest = text.slice(at, end).replace(/(?:^|[ \t])#.*/, '').trimStart();
  return /^[-?](?:[ \t]|\r?$)/.test(rest) || /:(?:[ \t]|\r?$)/.test(rest);
}

/**
 * True when the line text[at, end) holds something other than spaces and a comment. Any other
 * blank trimStart takes counts as content: `yaml` reads a tab, a CR alone, an NBSP or another
 * Unicode space there as text or refuses it (a line of tabs alone made no document here, and a
 * file of NBSPs was "no Kubernetes documents" here but a scalar, "not a manifest", on the full path).
 */
function hasContent(text: string, at: number, end: number): boolean {
  const line = text.slice(at, end);
  const trimmed = line.trimStart();
  if (trimmed !== '' && trimmed[0] !== '#') return true;
  const blanks = line.length - trimmed.length;
  for (let i = 0; i < blanks; i++) {
    const c = line.charCodeAt(i);
    if (c !== 0x20 && !(c === 0x0d && i + 1 === line.length && text.charCodeAt(end) === 0x0a)) return true;
  }
  return false;
}

/** A block scalar header with an explicit indentation indicator ending the line (a comment may follow). */
const INDENTATION_INDICATOR = /(?:^|[\s:-])[|>](?:[1-9][+-]?|[+-][1-9])[ \t]*(?:#.*)?\r?$/;

function hasIndentationIndicator(text: string, at: number, end: number): boolean {
  return INDENTATION_INDICATOR.test(text.slice(at, end));
}

/** The last non-blank character of the line's content text[lead, lineEnd) (a header may have blanks after it: `key: |  `). */
function lastFilled(text: string, lead: number, lineEnd: number): number {
  let filled = lineEnd;
  while (filled > lead && text.charCodeAt(filled - 1) === 0x20) filled--;
  return filled > lead ? text.charCodeAt(filled - 1) : -1;
}

/** A `-` item with nothing after it on its line (blanks or a comment at most), from `at`. */
function isNullItem(text: string, at: number, end: number): boolean {
  if (text.charCodeAt(at) !== 0x2d) return false;
  let i = at + 1;
  if (i < end && text.charCodeAt(i) !== 0x20 && text.charCodeAt(i) !== 0x0d) return false;
  while (i < end && text.charCodeAt(i) === 0x20) i++;
  return i === end || text.charCodeAt(i) === 0x23 || (text.charCodeAt(i) === 0x0d && i + 1 === end);
}

/**
 * Splits a text into documents the way `yaml` does for simple texts, or returns undefined when a
 * line makes that uncertain (`...`, directives, multi-line flow collections, very long keys) or,
 * with `lineStarts`, when a line starts with a syntax hazard (yaml-fast-guards.ts): one pass over
 * the lines answers both, without a string per line.
 */
export function splitDocuments(text: string, lineStarts: boolean): Piece[] | undefined {
  return flowAcrossLines(text) ? undefined : splitLines(text, lineStarts);
}

/** splitDocuments past its flow check: the line pass. */
function splitLines(text: string, lineStarts: boolean): Piece[] | undefined {
  const split = new LineSplit(text, lineStarts);
  const last = split.lines();
  if (last === 0) return undefined;
  // The last document runs to the end of the text (`last` is the line of text.length).
  split.close(text.length, last);
  return split.pieces;
}

/**
 * splitDocuments' pieces without most of its line-by-line work, or undefined when the text must
 * take the line pass (LineSplit): a line whose look may make that pass refuse it (a `%` or `.` at
 * its start, a `---` that is not a bare marker, one past LONG_LINE, and rareLine's). V8 runs the
 * line pass's per-line code unoptimised through a first run's first files and compiles it at
 * length (BENCHMARKS.md round 14, r14parse); here a line costs the search for its end and a look
 * at its first and last characters. What the line pass also checks, a syntax hazard at a line's
 * start, the block reader refuses wherever it reads (a key, an item, a literal body line:
 * yaml-block.ts), so readText takes these pieces only when the block reader read every document.
 */
export function leanSplit(text: string): Piece[] | undefined {
  const pieces: Piece[] = [];
  let from = 0;
  let firstLine = 1;
  let startLine = 0;
  // Next `#`, `|` and `>` at or after the line start, found once (as LineSplit does); `|` and `>`
  // only looked for on lines with a `#`.
  let hash = nextOffset(text, '#', 0);
  let bar = -1;
  let angle = -1;
  let at = 0;
  let line = 1;
  while (at < text.length) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    if (end - at > LONG_LINE) return undefined;
    if (hash < at) hash = nextOffset(text, '#', at);
    let header = false;
    if (hash < end) {
      if (bar < at) bar = nextOffset(text, '|', at);
      if (angle < at) angle = nextOffset(text, '>', at);
      header = bar < end || angle < end;
    }
    if (rareLine(text, at, end, hash, header)) return undefined;
    const first = text.charCodeAt(at);
    if (first === 0x25 /* % */ || first === 0x2e /* . */) return undefined;
    if (first === 0x2d && text.startsWith('---', at)) {
      if (!isMarker(text, at, '---') || collectionAfterMarker(text, at + 3, end)) return undefined;
      if (startLine !== 0) {
        pieces.push(pieceTo(text, at, line, from, firstLine, startLine));
        from = at;
        firstLine = line;
      }
      startLine = line;
    } else if (startLine === 0 && hasContent(text, at, end)) startLine = line;
    if (newline === -1) break;
    at = newline + 1;
    line++;
  }
  if (startLine !== 0) pieces.push(pieceTo(text, text.length, line, from, firstLine, startLine));
  return pieces;
}

/**
 * True when the line text[at, end) (its first `#` at `hash`, or later; `header`: a `|` or `>` is on
 * it when it holds a `#`) may be one the line pass
 * refuses a text for, by its state from line to line (LineSplit.line): a null item (`-` alone,
 * maybe with a comment: isNullItem), a line of spaces (a block scalar's leading blank line), an
 * indentation indicator (`|2`, `>-1`), trailing blanks. Read from the line's last characters and
 * its `#`; a false answer of true only sends the text to the line pass.
 */
function rareLine(text: string, at: number, end: number, hash: number, header: boolean): boolean {
  let last = end - 1;
  if (last >= at && text.charCodeAt(last) === 0x0d) last--;
  if (last < at) return false;
  const tail = text.charCodeAt(last);
  // Trailing blanks (a line of spaces, `-   `), or a dash after nothing but spaces (`-`).
  if (tail === 0x20 || (tail === 0x2d && spacesBefore(text, at, last))) return true;
  // An indentation indicator ending the line (`|2`, `>+1`, `|2-`; not `|-`): a digit in its last
  // two characters, a `|` or `>` one or two characters before the last.
  const digit = isDigit(tail) || (isIndicator(tail) && isDigit(text.charCodeAt(last - 1)));
  if (digit && (isHeaderChar(text.charCodeAt(last - 1)) || (last - 2 >= at && isHeaderChar(text.charCodeAt(last - 2))))) return true;
  if (hash >= end) return false;
  // With a comment: `- # note` (a dash, spaces, the `#`), or a header before it (its own test).
  let before = hash - 1;
  while (before >= at && text.charCodeAt(before) === 0x20) before--;
  if (before < hash - 1 && before >= at && text.charCodeAt(before) === 0x2d && spacesBefore(text, at, before)) return true;
  return header && hasIndentationIndicator(text, at, end);
}

const isHeaderChar = (c: number): boolean => c === 0x7c || c === 0x3e;
const isDigit = (c: number): boolean => c >= 0x31 && c <= 0x39;

/** The piece ending at `to` (a line start, or the text's end, on line `lineAtTo`), as LineSplit.close makes it. */
function pieceTo(text: string, to: number, lineAtTo: number, from: number, firstLine: number, startLine: number): Piece {
  const endLine = text.charCodeAt(to - 1) === 0x0a ? lineAtTo - 1 : lineAtTo;
  return { from, to, firstLine, startLine, endLine };
}

/**
 * True when a line opens more `[`/`{` than it closes (a flow collection going on below), comment
 * and `---` lines and block scalars' bodies aside. Only the lines holding a bracket are looked at, before the line pass: in
 * that pass, a check first made on a line with a bracket after V8 had optimised it threw that code
 * away, and V8 compiled it again.
 */
export function flowAcrossLines(text: string): boolean {
  for (let at = firstBracket(text, 0); at < text.length; ) {
    const start = text.lastIndexOf('\n', at) + 1;
    const newline = text.indexOf('\n', at);
    const end = newline === -1 ? text.length : newline;
    let lead = start;
    while (lead < end && text.charCodeAt(lead) === 0x20) lead++;
    const skipped = text.charCodeAt(lead) === 0x23 /* # */ || isMarker(text, start, '---');
    if (!skipped && openBrackets(text, start, end) > 0) {
      // A block scalar's text (a ConfigMap's JSON file) opens no collection: its body is passed over.
      const body = blockScalarBodyEnd(text, start, lead - start);
      if (body === -1) return true;
      at = firstBracket(text, body);
      continue;
    }
    at = firstBracket(text, end);
  }
  return false;
}

/** Offset of the first `[` or `{` at or after `from`, or the text's length. */
function firstBracket(text: string, from: number): number {
  return Math.min(nextOffset(text, '[', from), nextOffset(text, '{', from));
}

/** Offset of the next `char` at or after `from`, or the text's length. */
function nextOffset(text: string, char: string, from: number): number {
  const at = text.indexOf(char, from);
  return at === -1 ? text.length : at;
}

/** splitDocuments' state from one line to the next. */
class LineSplit {
  readonly pieces: Piece[] = [];
  /** The document being read: where it starts; its startLine is 0 while only comments were seen. */
  from = 0;
  firstLine = 1;
  startLine = 0;
  // Next `#`, `|` and `>` at or after the line start: found once, not searched for on every line;
  // the text's length when there is none (a small integer like the offsets: Infinity turned the
  // fields into doubles when first stored, and V8 threw away the code compiled for integers).
  hash = -1;
  bar = -1;
  angle = -1;
  nullItemIndent = -1;
  afterHeader = false;

  constructor(
    readonly text: string,
    readonly lineStarts: boolean,
  ) {
    // Found here rather than by line's first call: a text without `#` (CRDs) never calls it in
    // line, where the first call, made on the next text after V8 had optimised line, threw that code away.
    this.hash = nextOffset(text, '#', 0);
  }

  /**
   * Reads every line; the number of the last, or 0 when a line needs the full path. The loop stays
   * small and each line is judged by a call: a file's thousands of lines made V8 compile one long
   * loop up to three times (BENCHMARKS.md round 6, r6cpu). Nothing but a number is returned after
   * the loop: code after a loop that V8 optimised while it ran has no type feedback on the first
   * text, and reaching it threw that code away (every large CRD file did so once).
   */
  lines(): number {
    const { text } = this;
    let at = 0;
    let line = 1;
    // A text ending in a line break has an empty last line: nothing to read there (and reading past
    // the text's end would make V8 throw away and recompile this hot function's optimised code).
    while (at < text.length) {
      const newline = text.indexOf('\n', at);
      const end = newline === -1 ? text.length : newline;
      if (!this.line(at, end, line)) return 0;
      // Before a text's first `---` or content line only: kept out of line, where it was first
      // reached on the second text, after V8 had optimised line (and threw that code away).
      if (this.startLine === 0 && hasContent(text, at, end)) this.startLine = line;
      if (newline === -1) break;
      at = newline + 1;
      line++;
    }
    return line;
  }

  close(to: number, lineAtTo: number): void {
    if (this.startLine === 0) return; // comments only, no marker: not a document
    const endOffset = this.text[to - 1] === '\n' ? to - 1 : to;
    // The line of endOffset: lineAtTo, minus one when endOffset is the newline ending the previous line.
    const endLine = endOffset < to ? lineAtTo - 1 : lineAtTo;
    this.pieces.push({ from: this.from, to, firstLine: this.firstLine, startLine: this.startLine, endLine });
  }

  /** Reads the line text[at, end) (`line` its 1-based number); false when the text needs the full path. */
  line(at: number, end: number, line: number): boolean {
    const { text } = this;
    // The line's indentation, walked once: the comment test, the line-start hazards and the
    // content's indentation all start from its first non-space character.
    let lead = at;
    while (lead < end && text.charCodeAt(lead) === 0x20) lead++;
    const leadChar = lead < end ? text.charCodeAt(lead) : -1;
    if (leadChar === 0x23 /* # */) {
      // A comment line: nothing in it is structure (most comment bytes are never read). Only a
      // comment at column 0 ends what may be a block scalar's leading blank lines.
      if (lead === at) this.afterHeader = false;
      return true;
    }
    if (this.hash < at) this.hash = nextOffset(text, '#', at);
    const first = text.charCodeAt(at);
    if (first === 0x25 /* % */ || isMarker(text, at, '...')) return false;
    // Both tested on every line: a test made only after a `-` at column 0 was, on texts whose first
    // lines have none, first made after V8 had optimised this method, which threw that code away.
    const dashes = text.startsWith('---', at);
    const marker = isMarker(text, at, '---');
    // `---x`, `---#`: content for `yaml` and Kubernetes (a marker needs a blank after it), a marker for js-yaml.
    if (dashes && !marker) return false;
    if (this.lineStarts && leadChar >= 0 && leadChar < 128 && HAZARD_START[leadChar] === 1 && lineStartHazard(text, lead)) return false;
    if (marker) {
      // `--- key: v`, `--- - a`: js-yaml reads a collection there; `yaml` and Kubernetes refuse a
      // block collection on the marker's line. (Scalars after it, `--- |`, are fine.)
      if (collectionAfterMarker(text, at + 3, end)) return false;
      if (this.startLine !== 0) {
        this.close(at, line);
        this.from = at;
        this.firstLine = line;
      }
      this.startLine = line;
      return true;
    }
    if (end === at) return true;
    if (end - at > LONG_LINE && /:(?:[ \t]|\r?$)/.test(text.slice(at, end))) return false;
    const lineEnd = text.charCodeAt(end - 1) === 0x0d ? end - 1 : end;
    // Indentation of the content, or -1 on a blank line (spaces, a CR at most).
    const indent = lead === lineEnd ? -1 : lead - at;
    // A blank line holding spaces right below a block scalar header: js-yaml takes its spaces as
    // the scalar's indentation where `yaml` refuses a more indented leading blank line.
    if (this.afterHeader) {
      if (indent < 0 && lineEnd > at) return false;
      if (indent >= 0) this.afterHeader = false;
    }
    // A block scalar header may end the line (its indicators the last non-blank characters:
    // `key: |  `, `- >-`) or come before a trailing comment (then a `|` or `>` is on the line);
    // the regexes that decide run only then.
    const commented = this.hash < end;
    const last = commented ? -1 : lastFilled(text, lead, lineEnd);
    let header = last === 0x7c || last === 0x3e || isIndicator(last);
    if (commented) {
      if (this.bar < at) this.bar = nextOffset(text, '|', at);
      if (this.angle < at) this.angle = nextOffset(text, '>', at);
      header = this.bar < end || this.angle < end;
    }
    if (header) {
      // An indentation indicator (`|2`, `>-1`): js-yaml keeps the spaces of a blank line in the
      // scalar that `yaml` drops. Rare in manifests: the full path reads them.
      if ((commented || isIndicator(last)) && hasIndentationIndicator(text, at, end)) return false;
      if (lineOpens(text, at, lineEnd, commented)[1]) this.afterHeader = true;
    }
    // After a null item (`-` alone), js-yaml puts the next less indented item into the null
    // item's own sequence (`yaml`, like Kubernetes, does not): such texts take the full path.
    if (indent >= 0) {
      if (this.nullItemIndent >= 0) {
        if (indent < this.nullItemIndent) return false;
        this.nullItemIndent = -1;
      }
      if (leadChar === 0x2d && isNullItem(text, lead, end)) this.nullItemIndent = indent;
    }
    return true;
  }
}

/** Parses one document's text with the full path; the manifest it returns is relative to that slice. */
export type FullParse = (pieceText: string, source: Source) => Manifest | undefined;

/** Offset of the start of the `lines`-th line (0-based) of a text. */
function documentStart(text: string, lines: number): number {
  let at = 0;
  for (let i = 0; i < lines && at !== -1; i++) at = text.indexOf('\n', at) + 1 || -1;
  return at === -1 ? text.length : at;
}

/** The line after a bare `---` at `startLine`, else `startLine`; undefined when `---` has content. */
function firstContentLine(pieceText: string, startLine: number): number | undefined {
  const at = documentStart(pieceText, startLine);
  if (!pieceText.startsWith('---', at)) return startLine;
  const eol = pieceText.indexOf('\n', at);
  const rest = pieceText.slice(at + 3, eol === -1 ? undefined : eol).trim();
  return rest === '' || rest.startsWith('#') ? startLine + 1 : undefined;
}

/**
 * A manifest whose locate and comments come from the full parse of its slice, made on first use.
 * `scalars`: undefined when no directive marker is in the piece, null when its block scalars are
 * unknown (js-yaml read it, and a `|` or `>` is in it), else the literal bodies (BlockFacts.scalars;
 * none for a document without either character).
 */
function lazyManifest(text: string, piece: Piece, index: number, value: unknown, source: Source, fullParse: FullParse, scalars: number[] | null | undefined): Manifest {
  const pieceText = text.slice(piece.from, piece.to);
  const shift = piece.firstLine - 1;
  let full: Manifest | undefined | null = null;
  const composed = (): Manifest | undefined => {
    if (full === null) full = fullParse(pieceText, source);
    return full;
  };
  let comments: ReadonlyMap<number, string> | undefined;
  // The line reader needs the document's first line below its `---` (0-based in the piece).
  const contentLine = firstContentLine(pieceText, piece.startLine - piece.firstLine);
  return {
    source,
    index,
    value,
    lines: { start: piece.startLine, end: piece.endLine },
    locate(path: JsonPath): Location {
      // The range is computed on first read: callers often want only the file (suppressions
      // ask every manifest for `locate([]).file`), and composing is what the fast path avoids.
      let range: SourceRange | undefined | null = null;
      return {
        file: source.name,
        get range(): SourceRange | undefined {
          if (range === null) {
            const quick = contentLine === undefined ? undefined : quickLocate(pieceText, contentLine, path);
            const r = quick ?? composed()?.locate(path).range;
            range = r && { line: r.line + shift, column: r.column, endLine: r.endLine + shift, endColumn: r.endColumn };
          }
          return range;
        },
      };
    },
    get comments(): ReadonlyMap<number, string> {
      if (comments === undefined) {
        // Only directive comments are kept (Manifest.comments): a document without the marker at or
        // below its first line has none. With it, the lines holding the marker are read; where the
        // block reader did not read the document (so its block scalars are unknown), the slice is composed.
        const from = scalars === undefined ? -1 : piece.from + documentStart(pieceText, piece.startLine - piece.firstLine);
        const marker = from === -1 ? -1 : text.indexOf(DIRECTIVE_MARKER, from);
        if (marker === -1 || marker >= piece.to) comments = new Map();
        else if (scalars) {
          // A line may continue a multi-line plain scalar, which the block reader does not note:
          // where that reading and the line's own differ, the slice is composed.
          const lineStart = (offset: number): LineStart => (inRanges(scalars, offset) ? 'content' : 'unsure');
          comments = directiveComments(text, from, piece.to, piece.startLine, lineStart) ?? shifted(composed(), shift);
        } else comments = shifted(composed(), shift);
      }
      return comments;
    },
  };
}

/** The directive comments of a composed slice, on the whole text's lines. */
function shifted(manifest: Manifest | undefined, shift: number): ReadonlyMap<number, string> {
  return new Map([...(manifest?.comments ?? [])].map(([l, c]) => [l + shift, c]));
}

/** True when the piece holds no `|` and no `>`, so no block scalar (every header has one). */
function blockScalarFree(text: string, piece: Piece): boolean {
  const bar = text.indexOf('|', piece.from);
  const angle = text.indexOf('>', piece.from);
  return (bar === -1 || bar >= piece.to) && (angle === -1 || angle >= piece.to);
}

/**
 * Where the piece's root flow collection starts, or -1 when its root is not one: its first content
 * (past a `---`, blanks and comment lines) is a `{` or `[`. `yaml` ends such a document after the
 * line right below the collection (flowRootEndLine), not at the next `---`, so the directives
 * further down are not the document's: its comments are the composed slice's, not every line's to
 * the piece's end.
 */
function flowRootAt(text: string, piece: Piece): number {
  for (let at = piece.from; at < piece.to; ) {
    const newline = text.indexOf('\n', at);
    const end = newline === -1 || newline > piece.to ? piece.to : newline;
    let i = isMarker(text, at, '---') ? at + 3 : at;
    while (i < end && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09 || text.charCodeAt(i) === 0x0d)) i++;
    const c = i < end ? text.charCodeAt(i) : 0x23;
    if (c !== 0x23 /* # */) return c === 0x7b /* { */ || c === 0x5b /* [ */ ? i : -1;
    at = end + 1;
  }
  return -1;
}

/**
 * The end line `yaml` gives a document whose root is a flow collection starting at `root` (on one
 * line: the fast path takes no collection spanning lines): the line below it when the piece goes
 * on past that line's break (one blank or comment line is the document's, whatever follows), else
 * the collection's own line.
 */
function flowRootEndLine(text: string, piece: Piece, root: number): number {
  let line = piece.firstLine;
  for (let nl = text.indexOf('\n', piece.from); nl !== -1 && nl < root; nl = text.indexOf('\n', nl + 1)) line++;
  const newline = text.indexOf('\n', root);
  return newline !== -1 && newline + 1 < piece.to ? line + 1 : line;
}

/** True when `at` falls in one of the [start, end) offset pairs of `ranges`. */
function inRanges(ranges: number[], at: number): boolean {
  for (let i = 0; i < ranges.length; i += 2) if (at >= ranges[i]! && at < ranges[i + 1]!) return true;
  return false;
}

/**
 * Nodes this deep make js-yaml throw, and the text takes the full path, which measures and reports
 * depth (MAX_DEPTH in yaml.ts; this must stay at or below it). js-yaml checks while composing, so
 * no separate walk over the values is needed; 100 is also js-yaml's own default.
 */
export const FAST_MAX_DEPTH = 100;

const LOAD_OPTIONS = { schema: YAML11_SCHEMA, json: false, maxDepth: FAST_MAX_DEPTH } as jsYaml.LoadOptions;
/** For documents with anchors, aliases or merge keys (yaml-anchors.ts). */
const MERGE_OPTIONS = { ...LOAD_OPTIONS, schema: YAML11_MERGE_SCHEMA } as jsYaml.LoadOptions;

/**
 * What a manifest of the fast path is made of besides the text: the document's place, its value,
 * and its block scalars (lazyManifest's `scalars`). A large text's are kept on disk by its
 * content (cache/parsed-documents.ts), so a warm run skips reading it again.
 */
export interface FastDocument {
  piece: Piece;
  index: number;
  value: unknown;
  scalars: number[] | null | undefined;
}

/** Manifests for a text whose documents all pass the fast path, or undefined to use the full path. */
export function parseFast(text: string, source: Source, fullParse: FullParse): Manifest[] | undefined {
  const documents = readFast(text);
  return documents && fastManifests(text, documents, source, fullParse);
}

/** The manifests of documents readFast gave for this very text. */
export function fastManifests(text: string, documents: readonly FastDocument[], source: Source, fullParse: FullParse): Manifest[] {
  return documents.map((d) => lazyManifest(text, d.piece, d.index, d.value, source, fullParse, d.scalars));
}

/**
 * Two documents with a double-quoted value: paths of the line splitter and the block reader that
 * V8 otherwise meets first deep into a large CRD file (its second `---`, its first `"`).
 */
export const PRIMER = '---\na: "b"\n---\nc: d\n';

let primed = false;

/**
 * V8 optimises a function for the paths it ran before and throws that code away at the first path
 * it never ran, to compile it again: the line splitter and the block reader's `value` were compiled
 * twice on the crd shape (test/load/yaml-fast-tiering). The primer is read before the first text,
 * a few times, as V8 records what a function runs only after its first calls.
 */
function prime(): void {
  primed = true;
  // Made as a file's text is (a string literal is of another kind for V8, and feedback from it
  // made the code for the files after it slower: plain 1,000's first pass +6-10 ms).
  const text = Buffer.from(PRIMER).toString('utf8');
  for (let i = 0; i < PRIMER_READS; i++) readText(text);
}
const PRIMER_READS = 12;

/** The documents of a text that passes the fast path, or undefined to use the full path. */
export function readFast(text: string): FastDocument[] | undefined {
  if (!primed) prime();
  return readText(text);
}

/** readFast through the line pass alone, every text's lines checked one by one: the reference leanSplit is held to (tests). */
export function readFastByLines(text: string): FastDocument[] | undefined {
  return readText(text, false);
}

function readText(text: string, lean = true): FastDocument[] | undefined {
  // One scan for what is rare in manifests (tabs, CR, controls, a BOM, U+2028/9) answers three
  // checks for most texts, and the block reader's own scan of each document.
  const outside = OUTSIDE.test(text);
  // js-yaml reads a tab or a CR alone otherwise than `yaml` (a CR alone ends its lines): such a
  // text is the block reader's whole (yaml-block.ts READER_OUTSIDE), or the full path's.
  const readerOnly = outside && (text.includes('\t') || LONE_CR.test(text));
  if (needsFullParse(text, outside)) return undefined;
  // Quoted values across lines (go-yaml's long strings) are js-yaml's when their shape is one it
  // reads as `yaml` does; their continuation lines may hold a `#` that is text, not a comment.
  const quoted = multiLineQuoted(text);
  if (quoted === 'refused') return undefined;
  const quotedLines = quoted === 'exact';
  // A merge key, an anchor or an alias (or another in-line hazard): read with merges where
  // scanAnchors takes every one of them, each document holding one by js-yaml, found by the line pass.
  const inLine = text.includes('<<') && MAY_MERGE.test(text) ? true : inLineHazard(text, outside);
  const anchored = inLine ? scanAnchors(text) : undefined;
  if (inLine && !anchored) return undefined;
  if (flowAcrossLines(text)) return undefined;
  // A text whose only rare characters are the CRs of `\r\n` line ends (Windows editors) is the
  // block reader's whole: one more scan here rather than one per document.
  const checked = !outside || !READER_OUTSIDE.test(text);
  const pieces = lean && !anchored ? leanSplit(text) : undefined;
  if (pieces) {
    const documents = readPieces(text, pieces, checked, readerOnly, true, quotedLines);
    if (documents !== LINE_PASS) return documents;
  }
  const checkedPieces = splitLines(text, inLine !== false);
  return checkedPieces && (readPieces(text, checkedPieces, checked, readerOnly, false, quotedLines, anchored) as FastDocument[] | undefined);
}

/** readPieces' answer when the block reader left a document of leanSplit's pieces to js-yaml: the line pass must judge the text first. */
const LINE_PASS: unique symbol = Symbol('line pass');

/**
 * The documents of the text's pieces (`checked`: the text holds nothing READER_OUTSIDE finds), or
 * undefined to use the full path (`readerOnly`: as soon as a document is not the block reader's). With `lean` (leanSplit's pieces, the lines not checked one by
 * one), LINE_PASS as soon as a document is not the block reader's. `quotedLines`: the text holds a
 * quoted scalar across lines (yaml-quoted.ts), whose lines only a composed slice tells from comments.
 */
function readPieces(text: string, pieces: Piece[], checked: boolean, readerOnly: boolean, lean: boolean, quotedLines: boolean, anchored?: AnchorMarks): FastDocument[] | undefined | typeof LINE_PASS {
  const documents: FastDocument[] = [];
  // Documents holding a directive marker have their block scalars noted, for their comments.
  let marker = text.indexOf(DIRECTIVE_MARKER);
  for (const [index, piece] of pieces.entries()) {
    if (marker !== -1 && marker < piece.from) marker = text.indexOf(DIRECTIVE_MARKER, piece.from);
    const facts: BlockFacts = { scalars: [], emptyLast: -1 };
    // A document holding an anchor, an alias or a merge key: read with them (by the block reader, else js-yaml with merges).
    const marked = anchored !== undefined && countIn(anchored.marks, piece.from, piece.to) > 0;
    // The block reader takes what manifests are made of; js-yaml what it is unsure of.
    let value = readBlockDocument(text, piece.from, piece.to, facts, checked, marked);
    const read = value !== UNSURE;
    if (!read) {
      if (readerOnly) return undefined;
      if (lean) return LINE_PASS;
      const pieceText = text.slice(piece.from, piece.to);
      // `"3"#x` (js-yaml, like Kubernetes, reads it; `yaml` refuses it), a last empty value, …
      if (jsYamlDiverges(text, piece.from, piece.to)) return undefined;
      try {
        value = jsYaml.load(pieceText, marked ? MERGE_OPTIONS : LOAD_OPTIONS);
      } catch {
        return undefined; // the full path reports the exact error (and depth past FAST_MAX_DEPTH)
      }
      // A scalar as the whole document (never a Kubernetes object) with a comment: `yaml` ends it
      // before a comment line below it, js-yaml's split after. Left to the full path.
      if (value !== null && typeof value !== 'object' && pieceText.includes('#')) return undefined;
    }
    if (marked && !anchoredValueFits(value, countIn(anchored!.aliases, piece.from, piece.to))) return undefined;
    if (value === null || value === undefined) continue;
    // `yaml` ends a document whose root is a flow collection (a JSON document, js-yaml's to read,
    // never the block reader's) as flowRootEndLine says, and one whose last node is an empty value
    // (`key:`, `-`) at that node, not after the blank lines below it.
    const root = read ? -1 : flowRootAt(text, piece);
    const endLine = root !== -1 ? flowRootEndLine(text, piece, root) : facts.emptyLast === -1 ? piece.endLine : emptyValueEnd(text, facts.emptyLast, piece, piece.endLine);
    if (endLine === undefined) return undefined;
    // A block scalar needs a `|` or `>`: a document js-yaml read (flow collections, CRLF, ...) with
    // neither has none, so its directives are found from the lines, as the block reader's are
    // (unless its root is a flow collection, whose document ends earlier: flowRootAt).
    const scalars = marker === -1 || marker >= piece.to ? undefined : read ? facts.scalars : blockScalarFree(text, piece) && root === -1 && !quotedLines ? [] : null;
    documents.push({ piece: { ...piece, endLine }, index, value, scalars });
  }
  return documents;
}
