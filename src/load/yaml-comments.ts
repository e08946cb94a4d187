// Directive comments (`# kubelint-disable…`) of a document, found from the marker's occurrences
// rather than by reading every line: only lines holding `kubelint-` are looked at. Both parse paths
// use it, so the rule for what counts as a directive is written once; each path says which lines
// are block scalar content (a `#` there is text, e.g. a shell script in a ConfigMap).

/** What every suppression directive starts with; only comments carrying it are kept (Manifest.comments). */
export const DIRECTIVE_MARKER = 'kubelint-';

/** The directive comment on one line (without its line break), or undefined. */
function directiveOnLine(line: string): string | undefined {
  const text = line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line;
  const at = commentStart(text);
  const comment = at === -1 ? undefined : text.slice(at + 1).trim();
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
 * scalars), or -1. A quote opens a scalar only where a value may start (after indentation, `- `,
 * `: `, `? `, a tag or an anchor, `[`, `{`, `,`): the apostrophe of `don't` is text, and a `#`
 * inside `"a # b"` is not a comment. A line continuing a multi-line quoted scalar is read as if it
 * were not one (as before: lines are looked at alone).
 */
function commentStart(line: string): number {
  let quote = 0;
  let valueMayStart = true;
  let afterQuoted = false;
  for (let i = 0; i < line.length; i++) {
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

/**
 * Directive comments of text[from, to) by line number, `from` being a line start on line
 * `firstLine`. `inScalar(lineStart)` says whether the line starting there is block scalar content.
 */
export function directiveComments(text: string, from: number, to: number, firstLine: number, inScalar: (lineStart: number) => boolean): Map<number, string> {
  const comments = new Map<number, string>();
  let line = firstLine;
  let lineStart = from;
  for (let at = text.indexOf(DIRECTIVE_MARKER, from); at !== -1 && at < to; ) {
    // Count the lines up to the marker's (markers are rare: this runs a few times per file at most).
    for (let nl = text.indexOf('\n', lineStart); nl !== -1 && nl < at; nl = text.indexOf('\n', lineStart)) {
      lineStart = nl + 1;
      line++;
    }
    const newline = text.indexOf('\n', at);
    const lineEnd = newline === -1 || newline > to ? to : newline;
    if (!inScalar(lineStart)) {
      const comment = directiveOnLine(text.slice(lineStart, lineEnd));
      if (comment !== undefined) comments.set(line, comment);
    }
    at = text.indexOf(DIRECTIVE_MARKER, lineEnd);
  }
  return comments;
}
