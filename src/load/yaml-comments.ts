// Directive comments (`# kubelint-disable…`) of a document, found from the marker's occurrences
// rather than by reading every line: only lines holding `kubelint-` are looked at. Both parse paths
// use it, so the rule for what counts as a directive is written once; each path says which lines
// are block scalar content (a `#` there is text, e.g. a shell script in a ConfigMap).

/** What every suppression directive starts with; only comments carrying it are kept (Manifest.comments). */
export const DIRECTIVE_MARKER = 'kubelint-';

/** A comment starting at the line's start or after a blank; its text is the capture. */
const COMMENT = /(?:^|\s)#(.*)$/;

/** The directive comment on one line (without its line break), or undefined. */
function directiveOnLine(line: string): string | undefined {
  const match = COMMENT.exec(line.charCodeAt(line.length - 1) === 0x0d ? line.slice(0, -1) : line);
  const comment = match?.[1]!.trim();
  return comment?.startsWith(DIRECTIVE_MARKER) && !insideQuotes(line, match!.index) ? comment : undefined;
}

/** True when offset `at` of a line sits inside a quoted scalar (an odd number of quotes before it). */
function insideQuotes(line: string, at: number): boolean {
  const before = line.slice(0, at);
  const doubles = (before.match(/(?<!\\)"/g) ?? []).length;
  const singles = (before.match(/'/g) ?? []).length;
  return doubles % 2 === 1 || singles % 2 === 1;
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
