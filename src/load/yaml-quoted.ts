// Multi-line quoted scalars, as go-yaml's emitter writes a long string (Helm's `toYaml`, kubectl):
// `key: "text broken at a space\n  onto more indented lines"`. js-yaml and `yaml` read such a value
// alike when it is a value (not a key), every continuation line is blank or indented past the
// key's column (or the item's dash), and nothing but blanks or a comment follows its closing quote
// (test/load/yaml-quoted-differential). Anything else holding a quote that does not close on its
// line is the full path's. A quote that opens in a block scalar's body (a script's `echo "x`) is
// taken for a scalar too: its continuation rule then holds it to the body (every line past the
// body's is less indented than the key's column in it), or refuses the text.
import { nextAt } from './yaml-guards.js';

/**
 * What multiLineQuoted found in a text: `none`, every quoted scalar closes on its line; `exact`,
 * multi-line quoted values, each of the shape js-yaml reads as `yaml` does; `refused`, one the fast
 * path may read otherwise than `yaml` (the full path's).
 */
export type Quoted = 'none' | 'exact' | 'refused';

// A line whose value (after indentation, `- ` items and an optional plain `key: `) opens a quote.
const QUOTED_VALUE_START = /^[ \t]*(?:-[ \t]+)*(?:[^\s"'#:][^:#]*?:[ \t]+)?["']/;
// The same after a quoted key (`"k": "v`), where the pattern above sees only the key's quote.
const QUOTED_KEY_QUOTED_VALUE = /^[ \t]*(?:-[ \t]+)*(?:"(?:[^"\\]|\\.)*"|'(?:[^']|'')*')[ \t]*:[ \t]+["']/;
// A line's indentation and `- ` items: the key (or the scalar) starts after it.
const ITEMS = /^ *(?:- +)*/;

/** The quoted scalars of a text that do not close on their line, judged (see Quoted). */
export function multiLineQuoted(text: string): Quoted {
  let found: Quoted = 'none';
  // Only lines holding a quote are looked at (most lines of a manifest hold none).
  let double = nextAt(text, '"', 0);
  let single = nextAt(text, "'", 0);
  while (double !== Infinity || single !== Infinity) {
    const quote = Math.min(double, single);
    const start = text.lastIndexOf('\n', quote) + 1;
    const newline = text.indexOf('\n', quote);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(start, lineEnd);
    // A quoted key's value first: the other pattern sees the key's quote (`"k": "v`).
    const match = QUOTED_KEY_QUOTED_VALUE.exec(line) ?? QUOTED_VALUE_START.exec(line);
    let next = lineEnd;
    if (match && closeOnLine(line, match[0].length - 1) === -1) {
      const end = multiLineEnd(text, start, line, match[0].length - 1);
      if (end === -1) return 'refused';
      found = 'exact';
      next = end;
    }
    if (double < next) double = nextAt(text, '"', next);
    if (single < next) single = nextAt(text, "'", next);
  }
  return found;
}

/** Offset of the character after the quote closing the scalar opened at line[open], or -1 when it goes on past the line. */
function closeOnLine(line: string, open: number): number {
  const quote = line[open];
  for (let i = open + 1; i < line.length; i++) {
    if (quote === '"' && line[i] === '\\') i++;
    else if (line[i] === quote) {
      if (quote === "'" && line[i + 1] === "'") i++;
      else return i + 1;
    }
  }
  return -1;
}

/**
 * For a quoted scalar opened at line[open] (the line starting at `start`) and not closed on it: the
 * offset of the line end after its closing quote when js-yaml reads it as `yaml` does, else -1.
 */
function multiLineEnd(text: string, start: number, line: string, open: number): number {
  const items = ITEMS.exec(line)![0];
  // A tab before the key, or a quote with no key and no `- ` before it (a key, or a root scalar).
  if (line.charCodeAt(items.length) === 0x09 || (items.length === open && !items.includes('-'))) return -1;
  // Continuation lines go past the key's column; for `- "x`, past the last dash's.
  const parent = items.length === open ? items.lastIndexOf('-') : items.length;
  const quote = line.charCodeAt(open);
  for (let i = start + open + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */ && quote === 0x22) {
      // An escaped line break is a break all the same (the line after it is checked below); a
      // blank line right after one, js-yaml and `yaml` read differently (the tests found it).
      const crlf = text.charCodeAt(i + 1) === 0x0d && text.charCodeAt(i + 2) === 0x0a;
      if (text.charCodeAt(i + 1) !== 0x0a && !crlf) i++;
      else if (blankLine(text, i + (crlf ? 3 : 2))) return -1;
    } else if (c === 0x0a) {
      if (!continuationFits(text, i + 1, parent)) return -1;
    } else if (c === quote) {
      if (quote === 0x27 && text.charCodeAt(i + 1) === 0x27) i++;
      else return afterClose(text, i + 1);
    }
  }
  return -1;
}

/** True when the line starting at `at` holds nothing but spaces (and a CRLF's CR). */
function blankLine(text: string, at: number): boolean {
  let i = at;
  while (text.charCodeAt(i) === 0x20) i++;
  const c = text.charCodeAt(i);
  return c === 0x0a || (c === 0x0d && text.charCodeAt(i + 1) === 0x0a);
}

/** A continuation line starting at `at`: blank (spaces, a CRLF's CR), or indented with spaces past `parent`. */
function continuationFits(text: string, at: number, parent: number): boolean {
  if (blankLine(text, at)) return true;
  let i = at;
  while (text.charCodeAt(i) === 0x20) i++;
  return i - at > parent && text.charCodeAt(i) !== 0x09 && i < text.length;
}

/** After a closing quote: the line's end when only blanks, or blanks then a comment, follow it; else -1. */
function afterClose(text: string, at: number): number {
  let i = at;
  while (text.charCodeAt(i) === 0x20) i++;
  const c = text.charCodeAt(i);
  if (i === text.length || c === 0x0a) return i;
  if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) return i + 1;
  if (c === 0x23 && i > at) {
    const newline = text.indexOf('\n', i);
    return newline === -1 ? text.length : newline;
  }
  return -1;
}
