// Where js-yaml and the `yaml` package read the same document differently, for the documents the
// block reader leaves to js-yaml: each shape found by the differential tests (test/load/yaml-fast,
// yaml-comments, yaml-block with other seeds) is either detected here, sending the text to the
// full path, or, for a document's end line after an empty last value, given `yaml`'s answer.
import { isMarker, spacesBefore } from './yaml-guards.js';

/** A CR alone ends a line for js-yaml, not for `yaml` (the two read different keys). */
export const LONE_CR = /\r(?!\n)/;
/** A `#` right after a quoted scalar (one starting at a token's start) or a flow collection's end. */
const COMMENT_AFTER_TOKEN = /(?:^|[\s[{,:-])(?:"(?:[^"\\\r\n]|\\.)*"|'(?:[^'\r\n]|'')*')#|[\]}]#/m;

/**
 * A comment line with no blank after its `#` (`#note`): between a key and a plain scalar on the
 * lines below it (at the key's column, at least), `yaml` refuses the scalar ("Implicit keys need
 * to be on a single line") where js-yaml reads it (`a:\n#c\n  x\nb: 1`).
 */
const UNSPACED_COMMENT_LINE = /^[ ]*#[^\s]/m;

/** A `:` or `-` indicator with only a comment after it (`key: # note`, `- # note`), or something that looks like one. */
const EMPTY_BEFORE_COMMENT = /(?::|(?:^|\s)-)[ \t]+#/;

/**
 * For a document js-yaml reads: true when its last content line (blank and comment lines aside)
 * may end in an empty value (`key:`, `-`, maybe with a comment after it), whose end `yaml` places
 * by rules left to it. False positives only cost the full path.
 */
function mayEndEmpty(text: string, from: number, to: number): boolean {
  let lineEnd = to;
  while (lineEnd > from) {
    const lineStart = Math.max(from, text.lastIndexOf('\n', lineEnd - 1) + 1);
    let first = lineStart;
    while (first < lineEnd && text.charCodeAt(first) === 0x20) first++;
    let last = lineEnd;
    while (last > first && (text.charCodeAt(last - 1) === 0x20 || text.charCodeAt(last - 1) === 0x0d || text.charCodeAt(last - 1) === 0x0a)) last--;
    if (last > first && text.charCodeAt(first) !== 0x23) {
      if (isMarker(text, lineStart, '---')) return false; // nothing below the marker: no content
      const c = text.charCodeAt(last - 1);
      return c === 0x3a || c === 0x2d || EMPTY_BEFORE_COMMENT.test(text.slice(first, last));
    }
    lineEnd = lineStart - 1;
  }
  return false;
}

/**
 * True when js-yaml may read the document text[from, to) (one the block reader left to it)
 * otherwise than `yaml`: such documents, rare in manifests, send their text to the full path.
 */
export function jsYamlDiverges(text: string, from: number, to: number): boolean {
  const pieceText = text.slice(from, to);
  return COMMENT_AFTER_TOKEN.test(pieceText) || mayEndEmpty(text, from, to) || endsInSpaces(pieceText) || UNSPACED_COMMENT_LINE.test(pieceText);
}

/** A last line of spaces with no line break after it: js-yaml adds it to a kept (`|+`) scalar as an empty line, `yaml` does not. */
function endsInSpaces(pieceText: string): boolean {
  return pieceText.charCodeAt(pieceText.length - 1) === 0x20 && spacesBefore(pieceText, pieceText.lastIndexOf('\n') + 1, pieceText.length);
}

/**
 * The end line `yaml` gives a document whose last node is an empty value ending at `at`: that
 * node's line when only blank lines follow it; with comment lines after it, the piece's end line
 * when it ends the text, else undefined (`yaml` ends it at the comments, or later in nested
 * mappings: left to the full path, as such texts are rare).
 */
export function emptyValueEnd(text: string, at: number, piece: { to: number }, endLine: number): number | undefined {
  const endOffset = text.charCodeAt(piece.to - 1) === 0x0a ? piece.to - 1 : piece.to;
  let lines = 0;
  for (let i = at; i < endOffset; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) lines++;
    else if (c !== 0x20 && c !== 0x0d) return piece.to === text.length ? endLine : undefined;
  }
  return endLine - lines;
}
