// Anchors (`&labels`), aliases (`*labels`) and `<<` merge keys on the fast path. js-yaml reads them
// (with YAML11_MERGE_SCHEMA) as the full `yaml` path does in the shapes hand-kept manifests use them:
// an anchor on a key's or an item's value, an alias as a value, an item or in a one-line flow
// sequence (`<<: [*a, *b]`), a plain `<<:` key in a block map. scanAnchors finds every such mark
// and refuses (undefined: the full path) a text holding any other: a tag, an anchor or alias at a
// line start or on a key, one in a flow map, a quoted or flow `<<`, an empty anchored node.
//
// The full path refuses alias bombs by yaml's count (Alias.resolve: each alias's uses times the
// aliases inside its anchored node; a merge converts its source again, counting the aliases inside
// again) and by the expanded size (yaml-limits.ts). An anchored node holding an alias is left to
// the full path, so each alias counts once here and a document's count is its aliases; the size is
// measured on js-yaml's value (anchoredValueFits).
import { inLineHazardBesidesAnchors } from './yaml-fast-guards.js';
import { measureValue } from './yaml-guards.js';
import { expandsTooFar, MAX_ALIAS_COUNT, MAX_DEPTH } from './yaml-limits.js';

// A `<<` that may be a merge key (`<<: *base`, `"<<" :`, `? <<`), whose semantics are the full
// path's unless scanAnchors accepts it; a shell script's heredoc (`cat <<EOF`) in a ConfigMap is text.
export const MAY_MERGE = /<<['"]?[ \t]*(?::|\r?$)/m;
const MAY_MERGE_ALL = new RegExp(MAY_MERGE.source, 'gm');

/** Where the fast path meets anchors, aliases and merge keys in a text scanAnchors accepts. */
export interface AnchorMarks {
  /** Offsets of every anchor, alias and merge key, ascending: a document holding one is js-yaml's, read with merges. */
  marks: number[];
  /** Offsets of the aliases, ascending: a document holding more than MAX_ALIAS_COUNT is the full path's. */
  aliases: number[];
}

/** A name character of an anchor or alias kept here (both parsers end a name at a blank or a flow indicator). */
const NAME = /[A-Za-z0-9_.-]/;
const isSpace = (c: number): boolean => c === 0x20;
/** A line ends at `at`: the text's end, `\n` or `\r\n`. */
const endsLine = (text: string, at: number): boolean => at >= text.length || text.charCodeAt(at) === 0x0a || (text.charCodeAt(at) === 0x0d && text.charCodeAt(at + 1) === 0x0a);

/**
 * The anchors, aliases and merge keys of a text whose every one the fast path reads exactly, or
 * undefined when one (or a tag, or a flow key hazard) is left to the full path. Every `&` and `*`
 * that YAML may read as one (ANCHOR_ALIAS_TAG's places: a line start or after `: ? , [ { -`) is
 * judged, in comments and scalars too: a mark taken for one only costs speed.
 */
export function scanAnchors(text: string): AnchorMarks | undefined {
  // js-yaml and `yaml` define a merged `__proto__` key differently; no manifest needs one.
  if (text.includes('__proto__') || inLineHazardBesidesAnchors(text)) return undefined;
  const marks: number[] = [];
  const aliases: number[] = [];
  const anchors: number[] = [];
  const sources: number[] = [];
  for (MAY_MERGE_ALL.lastIndex = 0; ; ) {
    const merge = MAY_MERGE_ALL.exec(text);
    if (merge === null) break;
    const at = merge.index;
    if (!plainMergeKey(text, at) || !mergeValue(text, at + 3, at - lineStartOf(text, at), sources)) return undefined;
    marks.push(at);
  }
  for (const property of ['&', '*']) {
    for (let at = text.indexOf(property); at !== -1; at = text.indexOf(property, at + 1)) {
      const kind = judge(text, at, property === '&');
      if (kind === NOT_A_MARK) continue;
      if (kind === REFUSED) return undefined;
      marks.push(at);
      (property === '&' ? anchors : aliases).push(at);
    }
  }
  // Each anchored node must hold no alias (see the header), nor an anchor of its own name: js-yaml
  // names a node when it ends, `yaml` when it starts, so an alias after both finds different nodes.
  for (const anchor of anchors) {
    const end = nodeEnd(text, anchor);
    if (aliases.some((alias) => alias > anchor && alias < end)) return undefined;
    const name = nameAt(text, anchor);
    if (anchors.some((other) => other > anchor && other < end && nameAt(text, other) === name)) return undefined;
  }
  // A merge source must be a map: js-yaml merges a list's indexes where `yaml` refuses it.
  for (const source of sources) if (!mapAnchored(text, anchors, source)) return undefined;
  marks.sort((a, b) => a - b);
  aliases.sort((a, b) => a - b);
  return { marks, aliases };
}

/**
 * A `<<` at `at` that is the first plain key of a block map: `<<:` then a blank or the line's end,
 * only spaces and `- ` items before it. A `<<` after another key is read by go-yaml (kubectl) in
 * the order written, not as js-yaml reads it: the full path's (yaml-merge-order.ts).
 */
function plainMergeKey(text: string, at: number): boolean {
  if (text.charCodeAt(at + 2) !== 0x3a /* : */ || !(isSpace(text.charCodeAt(at + 3)) || endsLine(text, at + 3))) return false;
  return onlyItemsBefore(text, at) && firstKeyOfItsMap(text, at);
}

/**
 * Nothing of its map is before the key at `at`: `- ` is before it on its line, or the structural
 * line before it holds its content left of it (the parent's key or item). Conservative: a
 * `---` or anything unsure says no, which only costs speed.
 */
function firstKeyOfItsMap(text: string, at: number): boolean {
  const lineStart = lineStartOf(text, at);
  const column = at - lineStart;
  if (indentAt(text, lineStart) < column) return true; // `- <<:`: an item's first key
  const before = previousStructural(text, lineStart);
  if (before === -1) return false;
  let content = before + indentAt(text, before);
  while (isItem(text, content)) {
    content++;
    while (isSpace(text.charCodeAt(content))) content++;
  }
  return content - before < column && text.charCodeAt(content) !== 0x2d;
}

/** The start of the last line before the line at `lineStart` holding more than spaces and a comment, or -1. */
function previousStructural(text: string, lineStart: number): number {
  for (let end = lineStart - 1; end > 0; ) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const i = start + indentAt(text, start);
    if (!endsLine(text, i) && text.charCodeAt(i) !== 0x23 && text.charCodeAt(i) !== 0x0d) return start;
    end = start - 1;
  }
  return -1;
}

/** The start of the line holding `at`. */
const lineStartOf = (text: string, at: number): number => text.lastIndexOf('\n', at - 1) + 1;

/** The name of the anchor or alias at `at` (its `&` or `*`). */
function nameAt(text: string, at: number): string {
  let end = at + 1;
  while (end < text.length && NAME.test(text[end]!)) end++;
  return text.slice(at + 1, end);
}

/** An alias merge key's value may be: `*a`, or `[*a, *b]` (aliases only: js-yaml merges a list's indexes where `yaml` refuses it). */
const ALIAS_SOURCES = /^ +(?:\*[A-Za-z0-9_.-]+|\[ *\*[A-Za-z0-9_.-]+ *(?:, *\*[A-Za-z0-9_.-]+ *)*\]) *(?: #.*)?\r?$/;

/**
 * The value of a merge key whose `:` ends at `at` (its key at `column`) is one both parsers merge
 * alike: aliases (ALIAS_SOURCES; their offsets go to `sources`, their anchors judged by
 * mapAnchored), or a block map below it (a comment may follow the `:`).
 */
function mergeValue(text: string, at: number, column: number, sources: number[]): boolean {
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) lineEnd = text.length;
  const rest = text.slice(at, lineEnd);
  if (ALIAS_SOURCES.test(rest)) {
    for (let star = rest.indexOf('*'); star !== -1; star = rest.indexOf('*', star + 1)) sources.push(at + star);
    return true;
  }
  if (!/^(?: +#.*)? *\r?$/.test(rest)) return false;
  const next = nextStructural(text, at);
  return next !== -1 && indentAt(text, next) > column && !isItem(text, next + indentAt(text, next));
}

/**
 * The anchor the alias at `alias` names (the last of its name before it: no anchor is redefined
 * inside its own node here) is on a map: a flow map after it, or a block map below it. No anchor:
 * js-yaml refuses the alias, and the text takes the full path.
 */
function mapAnchored(text: string, anchors: readonly number[], alias: number): boolean {
  const name = nameAt(text, alias);
  let anchor = -1;
  for (const at of anchors) if (at < alias && at > anchor && nameAt(text, at) === name) anchor = at;
  if (anchor === -1) return true;
  let k = anchor + 1 + name.length;
  while (isSpace(text.charCodeAt(k))) k++;
  if (text[k] === '{') return true;
  if (!endsLine(text, k) && text[k] !== '#') return false;
  const next = nextStructural(text, anchor);
  return next !== -1 && !isItem(text, next + indentAt(text, next));
}

/** True when the line holding `at` has only spaces and `- ` item indicators before it. */
function onlyItemsBefore(text: string, at: number): boolean {
  let i = text.lastIndexOf('\n', at - 1) + 1;
  for (;;) {
    while (isSpace(text.charCodeAt(i))) i++;
    if (i === at) return true;
    if (text.charCodeAt(i) !== 0x2d || !isSpace(text.charCodeAt(i + 1))) return false;
    i++;
  }
}

const NOT_A_MARK = 0;
const REFUSED = 1;
const MARK = 2;

/** The `&` or `*` at `at`: no mark (text YAML never reads as one), one the fast path reads, or refused. */
function judge(text: string, at: number, anchor: boolean): number {
  let i = at - 1;
  while (i >= 0 && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) i--;
  const before = i < 0 ? '\n' : text[i]!;
  if (before === '\n' || before === '\r') return REFUSED; // at a line start: a key's, the document's, ...
  if (!':?,[{-'.includes(before)) return NOT_A_MARK;
  let end = at + 1;
  while (end < text.length && NAME.test(text[end]!)) end++;
  if (end === at + 1) return REFUSED;
  const flow = before === '[' || before === ',';
  if (flow) {
    // An alias item of a one-line flow sequence (`<<: [*a, *b]`): `[` the innermost bracket, no quote before it.
    if (anchor || innermostBracket(text, at) !== '[') return REFUSED;
    let k = end;
    while (isSpace(text.charCodeAt(k))) k++;
    return text[k] === ',' || text[k] === ']' ? MARK : REFUSED;
  }
  // After `:` or an item's `-`, with a blank between (`a:*b` is one plain scalar).
  if (before === '?' || before === '{' || i + 1 === at) return REFUSED;
  if (before === '-' && !onlyItemsBefore(text, i)) return REFUSED;
  if (!(isSpace(text.charCodeAt(end)) || endsLine(text, end))) return REFUSED;
  let k = end;
  while (isSpace(text.charCodeAt(k))) k++;
  const rest = endsLine(text, k) || text.charCodeAt(k) === 0x23 /* # */;
  if (!anchor) return rest ? MARK : REFUSED; // an alias is the whole value: `*x : 1` would make it a key
  if (rest) return nodeBelow(text, at, before === ':') ? MARK : REFUSED;
  return anchoredContent(text, k, before === ':') ? MARK : REFUSED;
}

/** The innermost bracket open at `at` on its line, or '' (a quote before it on the line: unknown, so '{'). */
function innermostBracket(text: string, at: number): string {
  const open: string[] = [];
  for (let i = text.lastIndexOf('\n', at - 1) + 1; i < at; i++) {
    const c = text[i]!;
    if (c === '"' || c === "'") return '{';
    if (c === '[' || c === '{') open.push(c);
    else if (c === ']' || c === '}') open.pop();
  }
  return open[open.length - 1] ?? '';
}

/**
 * The value after an anchor on its line, from `at`: a scalar or a flow collection that is not a
 * key (no `: ` in it: `&x a: 1` anchors the key `a`), nor another property. A flow map after an
 * item's anchor (`- &x {a: 1}`) is refused: the line locator (quick-locate.ts) reads such an item as a block map.
 */
function anchoredContent(text: string, at: number, afterKey: boolean): boolean {
  const c = text[at]!;
  if (c === '&' || c === '*' || c === '!') return false;
  let lineEnd = text.indexOf('\n', at);
  if (lineEnd === -1) lineEnd = text.length;
  if (afterKey && (c === '{' || c === '[')) return true;
  return !/:(?:[ \t]|\r?$)/.test(text.slice(at, lineEnd));
}

/** Leading spaces of the line starting at `lineStart`. */
function indentAt(text: string, lineStart: number): number {
  let i = lineStart;
  while (isSpace(text.charCodeAt(i))) i++;
  return i - lineStart;
}

/** The start of the next line holding more than spaces and a comment after `at`'s line, or -1. */
function nextStructural(text: string, at: number): number {
  for (let newline = text.indexOf('\n', at); newline !== -1; newline = text.indexOf('\n', newline + 1)) {
    const i = newline + 1 + indentAt(text, newline + 1);
    if (!endsLine(text, i) && text.charCodeAt(i) !== 0x23) return newline + 1;
  }
  return -1;
}

/** An item indicator (`- ` or `-` ending its line) at `at`. */
const isItem = (text: string, at: number): boolean => text.charCodeAt(at) === 0x2d && (isSpace(text.charCodeAt(at + 1)) || endsLine(text, at + 1));

/**
 * An anchor ending its line holds a block node below it: the next structural line is more indented
 * than the anchor's line, or (after a key that starts its line) a compact sequence at its indentation.
 * Otherwise the anchored node is empty, whose end `yaml` and js-yaml place differently.
 */
function nodeBelow(text: string, at: number, afterKey: boolean): boolean {
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const indent = indentAt(text, lineStart);
  const next = nextStructural(text, at);
  if (next === -1) return false;
  const nextIndent = indentAt(text, next);
  if (nextIndent > indent) return true;
  return afterKey && nextIndent === indent && !isItem(text, lineStart + indent) && isItem(text, next + nextIndent);
}

/**
 * Where the node an anchor at `at` names surely ends (an offset past it): at the first structural
 * line below less indented than the anchor's line, or as indented but not a sequence item (a
 * compact sequence below a key is at the key's indentation; only an anchor ending a line that
 * starts with a key may have one: after a value or an item's anchor such an item is the next
 * sibling). Later than the node's real end at worst.
 */
function nodeEnd(text: string, at: number): number {
  const lineStart = lineStartOf(text, at);
  const indent = indentAt(text, lineStart);
  let k = at + 1 + nameAt(text, at).length;
  while (isSpace(text.charCodeAt(k))) k++;
  const compact = (endsLine(text, k) || text[k] === '#') && !isItem(text, lineStart + indent);
  for (let next = nextStructural(text, at); next !== -1; next = nextStructural(text, next)) {
    const nextIndent = indentAt(text, next);
    if (nextIndent < indent || (nextIndent === indent && !(compact && isItem(text, next + nextIndent)))) return next;
  }
  return text.length;
}

/** The number of `offsets` (ascending) in [from, to). */
export function countIn(offsets: readonly number[], from: number, to: number): number {
  let n = 0;
  for (const at of offsets) {
    if (at >= to) break;
    if (at >= from) n++;
  }
  return n;
}

/**
 * True when the full path would keep js-yaml's value of a document with `aliases` aliases: fewer
 * than yaml's alias count refuses (counted per anchor, with the anchor's node as one use), no deeper than MAX_DEPTH once aliases are expanded, and not
 * expanded past yaml-limits.ts's bound. js-yaml shares a merged source's values where yaml copies
 * them, so its written size is at most yaml's: a value that fits here fits there.
 */
export function anchoredValueFits(value: unknown, aliases: number): boolean {
  // yaml counts an anchor's node as its first use (toJS.js: count 1), then each alias: its 100th
  // alias makes 101 uses, refused. A document of MAX_ALIAS_COUNT aliases or more is the full path's.
  if (aliases >= MAX_ALIAS_COUNT) return false;
  const shape = measureValue(value, MAX_DEPTH);
  return shape.depth <= MAX_DEPTH && !expandsTooFar(shape);
}
