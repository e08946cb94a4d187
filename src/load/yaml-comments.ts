// Directive comments (`# kubelint-disable…`) of a document, found from the marker's occurrences
// rather than by reading every line: only lines holding `kubelint-` are looked at. Both parse paths
// use it, so the rule for what counts as a directive is written once; each path says how each such
// line starts (LineStart): inside a block scalar (a `#` there is text, e.g. a shell script in a
// ConfigMap), continuing a multi-line plain or quoted scalar, or as a line of its own.

/** What every suppression directive starts with; only comments carrying it are kept (Manifest.comments). */
export const DIRECTIVE_MARKER = 'kubelint-';

/**
 * How a line holding the marker starts, as the parse path that asks knows it:
 * - 'line': with the document's own syntax (a key, an item, a comment, a value);
 * - 'content': inside a block scalar, the whole line is text;
 * - 'plain': continuing a multi-line plain scalar, whose text runs to the first ` #`
 *   (a quote there is text: `  'twas # c`);
 * - 'unsure': 'line' or 'plain', the asker cannot tell (the fast path, which reads no nodes):
 *   directiveComments answers undefined when the two readings differ;
 * - a number: continuing a quoted scalar that closes there (an offset in the text; at or past
 *   the line's end the whole line is text).
 */
export type LineStart = 'line' | 'content' | 'plain' | 'unsure' | number;

/** The directive comment of text[lineStart, lineEnd) starting so, null when 'unsure' is not settled, or undefined. */
function directiveOnLine(text: string, lineStart: number, lineEnd: number, start: LineStart): string | null | undefined {
  const end = text.charCodeAt(lineEnd - 1) === 0x0d ? lineEnd - 1 : lineEnd;
  const line = text.slice(lineStart, end);
  let at: number;
  if (start === 'content') at = -1;
  else if (start === 'plain') at = plainCommentStart(line);
  else if (start === 'unsure') {
    at = commentStart(line, 0);
    const plain = plainCommentStart(line);
    // A plain scalar holds no `: `: a line with one before its first ` #` continues none.
    if (at !== plain && !/:[ \t]/.test(plain === -1 ? line : line.slice(0, plain + 1))) return null;
  } else if (start === 'line') at = commentStart(line, 0);
  else at = start - lineStart >= line.length ? -1 : commentStart(line, start - lineStart);
  const comment = at === -1 ? undefined : line.slice(at + 1).trim();
  return comment?.startsWith(DIRECTIVE_MARKER) ? comment : undefined;
}
const [TAB, SPACE, DOUBLE, SINGLE, BACKSLASH, HASH] = [0x09, 0x20, 0x22, 0x27, 0x5c, 0x23];
const isBlank = (c: number) => c === SPACE || c === TAB;
/** Characters after which a value may start: flow openers and the separator. */
const FLOW_STARTS = new Set([0x5b, 0x7b, 0x2c]);
/** Indicators that start a value when a blank (or the line's end) follows: `- `, `: `, `? `. */
const BLANK_INDICATORS = new Set([0x2d, 0x3a, 0x3f]);

/**
 * Where a line's comment starts (its `#`: at the line's start or after a blank, outside quoted
 * scalars), or -1, reading from `from`: 0, or where a quoted scalar begun on an earlier line
 * closes (no value starts right after it). A quote opens a scalar only where a value may start
 * (after indentation, `- `, `: `, `? `, a tag or an anchor, `[`, `{`, `,`): the apostrophe of
 * `don't` is text, and a `#` inside `"a # b"` is not a comment.
 */
function commentStart(line: string, from: number): number {
  let quote = 0;
  let valueMayStart = from === 0;
  let afterQuoted = from > 0;
  for (let i = from; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (quote === DOUBLE) {
      if (c === BACKSLASH) i++;
      else if (c === DOUBLE) quote = 0;
      continue;
    }
    if (quote === SINGLE) {
      if (c === SINGLE && line.charCodeAt(i + 1) === SINGLE) i++;
      else if (c === SINGLE) quote = 0;
      continue;
    }
    if (isBlank(c)) continue;
    if (c === HASH && (i === 0 || isBlank(line.charCodeAt(i - 1)))) return i;
    if (valueMayStart && (c === DOUBLE || c === SINGLE)) {
      [quote, valueMayStart, afterQuoted] = [c, false, true];
      continue;
    }
    if (valueMayStart && (c === 0x21 || c === 0x26)) {
      // A tag (`!!str`) or an anchor (`&a`): a value may still follow it.
      while (i + 1 < line.length && !isBlank(line.charCodeAt(i + 1))) i++;
      continue;
    }
    const blankAfter = i + 1 === line.length || isBlank(line.charCodeAt(i + 1));
    // A JSON-like key (`{"a":'b'}`) may be followed by its value with no blank after the `:`.
    valueMayStart = FLOW_STARTS.has(c) || (BLANK_INDICATORS.has(c) && blankAfter) || (c === 0x3a && afterQuoted);
    afterQuoted = false;
  }
  return -1;
}

/** Where the comment of a line continuing a plain scalar starts: its first `#` at the start or after a blank, or -1. */
function plainCommentStart(line: string): number {
  for (let at = line.indexOf('#'); at !== -1; at = line.indexOf('#', at + 1)) if (at === 0 || isBlank(line.charCodeAt(at - 1))) return at;
  return -1;
}

/**
 * Directive comments of text[from, to) by line number, `from` being a line start on line
 * `firstLine`; `lineStart(offset)` says how the line starting at that offset starts. Undefined
 * when a line the asker is 'unsure' of reads otherwise as a plain scalar's continuation.
 */
export function directiveComments(text: string, from: number, to: number, firstLine: number, lineStart: (offset: number) => LineStart): Map<number, string> | undefined {
  const comments = new Map<number, string>();
  let line = firstLine;
  let start = from;
  for (let at = text.indexOf(DIRECTIVE_MARKER, from); at !== -1 && at < to; ) {
    // Count the lines up to the marker's (markers are rare: this runs a few times per file at most).
    for (let nl = text.indexOf('\n', start); nl !== -1 && nl < at; nl = text.indexOf('\n', start)) {
      start = nl + 1;
      line++;
    }
    const newline = text.indexOf('\n', at);
    const lineEnd = newline === -1 || newline > to ? to : newline;
    const comment = directiveOnLine(text, start, lineEnd, lineStart(start));
    if (comment === null) return undefined;
    if (comment !== undefined) comments.set(line, comment);
    at = text.indexOf(DIRECTIVE_MARKER, lineEnd);
  }
  return comments;
}
