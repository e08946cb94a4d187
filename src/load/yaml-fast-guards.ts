// Which texts the fast YAML path must leave to the full `yaml` path: anchors, aliases, tags, null
// and complex keys, nested compact sequences, BOMs, merge keys, multi-line quoted scalars other
// than go-yaml's (yaml-quoted.ts) (texts with tabs or a CR alone: only where the block reader
// reads them whole, yaml-fast.ts).
// The patterns below say it exactly; `needsFullParse` gets the same answer in one pass over the
// lines plus a look at each character an in-line alternative starts with (`{ , [ ] }`, or ends
// with: `& * !`), since running four multi-line regexes over every text was ~6% of a
// 10,000-resource run (bench/BENCHMARKS.md, issue #22). test/load/yaml-fast-guards.test.ts holds
// the two to the same answer.

// Anchors, aliases and tags where YAML reads them: at a line start or after an indicator.
export const ANCHOR_ALIAS_TAG = /(?:^|[:?,[{-])[ \t]*[&*!]/m;
// Null and empty keys: js-yaml names them "null", `yaml` names them "".
export const NULL_KEY = /^[ \t]*(?:-[ \t]+)*(?:~|null|Null|NULL)?[ \t]*:(?:[ \t]|\r?$)|[{,][ \t]*(?:~|null|Null|NULL)?[ \t]*:/m;
// Explicit (`? `) and collection keys, which the two parsers turn into different strings.
export const COMPLEX_KEY = /^[ \t]*(?:-[ \t]+)*\?(?:[ \t]|\r?$)|[[{,][ \t]*\?[ \t]|[\]}][ \t]*:(?:[ \t,\]}]|\r?$)/m;
// A sequence item that is itself a sequence (`- - a`, `- -`): js-yaml and `yaml` nest a null item differently.
export const NESTED_SEQUENCE = /^[ \t]*-[ \t]+-(?:[ \t]|\r?$)/m;

/**
 * The patterns' other alternatives that do not start at a line start (NULL_KEY's and COMPLEX_KEY's),
 * tried where they can start: at each `{ , [ ] }` (few in a manifest; a regex scanning for them
 * reads every byte, comments too).
 */
const IN_LINE_AT = /[{,][ \t]*(?:~|null|Null|NULL)?[ \t]*:|[[{,][ \t]*\?[ \t]|[\]}][ \t]*:(?:[ \t,\]}]|\r?$)/my;
const FLOW_CHARACTERS = ['{', ',', '[', ']', '}'];

function flowKeyHazard(text: string): boolean {
  for (const c of FLOW_CHARACTERS) {
    for (let at = text.indexOf(c); at !== -1; at = text.indexOf(c, at + 1)) {
      IN_LINE_AT.lastIndex = at;
      if (IN_LINE_AT.test(text)) return true;
    }
  }
  return false;
}

/**
 * ANCHOR_ALIAS_TAG's in-line alternative, `[:?,[{-][ \t]*[&*!]`, found from the few `&`, `*` and
 * `!` of a text rather than tried at every `:` and `-` (each key and item, and every comment's
 * words: as one regex with the others it was about 5% of parsing a comment-heavy text).
 */
function propertyAfterIndicator(text: string, properties: readonly string[] = PROPERTIES): boolean {
  for (const property of properties) {
    for (let at = text.indexOf(property); at !== -1; at = text.indexOf(property, at + 1)) {
      let i = at - 1;
      while (i >= 0 && isBlank(text.charCodeAt(i))) i--;
      if (i >= 0 && INDICATORS.includes(text[i]!)) return true;
    }
  }
  return false;
}
const PROPERTIES = ['&', '*', '!'];
const INDICATORS = ':?,[{-';
/** Line terminators other than `\n` (which the regexes' `^` and `$` also honour): rare, left to the regexes. */
const OTHER_LINE_BREAK = /\r(?!\n)|[\u2028\u2029]/;

const isBlank = (c: number): boolean => c === 0x20 || c === 0x09;
/** The regexes' `(?:[ \t]|\r?$)`: a blank, a line end or the end of the text follows. */
const endsToken = (c: number): boolean => Number.isNaN(c) || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
const NULL_WORDS = ['~', 'null', 'Null', 'NULL'];

/**
 * The characters after a line's indentation lineStartHazard can answer true for (`& * !`, a `- `
 * item, `?`, `:`, a null word's `~ n N`, a tab among the blanks): most lines (`image: x`) need no call.
 */
export const HAZARD_START = new Uint8Array(128);
for (const c of '&*!-?:~nN\t') HAZARD_START[c.charCodeAt(0)] = 1;

/** lineStartHazard for a line whose first non-blank character is at `lead`, asked only where HAZARD_START allows. */
export function hazardAtLead(text: string, lead: number): boolean {
  const c = text.charCodeAt(lead);
  return c < 128 && HAZARD_START[c] === 1 && lineStartHazard(text, lead);
}

/** The line-start alternatives of the patterns, for the line starting at `at`. */
export function lineStartHazard(text: string, at: number): boolean {
  let i = at;
  while (isBlank(text.charCodeAt(i))) i++;
  const first = text.charCodeAt(i);
  if (first === 0x26 || first === 0x2a || first === 0x21) return true; // & * ! at a line start
  // `- - ` (NESTED_SEQUENCE): a dash, blanks, a dash ending its token.
  let j = i;
  if (first === 0x2d && isBlank(text.charCodeAt(i + 1))) {
    let k = i + 1;
    while (isBlank(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) === 0x2d && endsToken(text.charCodeAt(k + 1))) return true;
    // Every `- ` item indicator (the patterns' `(?:-[ \t]+)*`).
    while (text.charCodeAt(j) === 0x2d && isBlank(text.charCodeAt(j + 1))) {
      j += 1;
      while (isBlank(text.charCodeAt(j))) j++;
    }
  }
  const c = text.charCodeAt(j);
  if (c === 0x3f /* ? */) return endsToken(text.charCodeAt(j + 1));
  if (c === 0x3a /* : */) return endsToken(text.charCodeAt(j + 1));
  // A null word starts here only after `~`, or `n`/`N` then `u`/`U` (`name:` lines are common).
  if (c !== 0x7e /* ~ */ && ((c !== 0x6e && c !== 0x4e) || (text.charCodeAt(j + 1) | 0x20) !== 0x75)) return false;
  for (const word of NULL_WORDS) {
    if (!text.startsWith(word, j)) continue;
    let k = j + word.length;
    while (isBlank(text.charCodeAt(k))) k++;
    if (text.charCodeAt(k) === 0x3a && endsToken(text.charCodeAt(k + 1))) return true;
  }
  return false;
}

/** The four patterns as written: the reference the scan must agree with. */
export function hazardByRegexes(text: string): boolean {
  return ANCHOR_ALIAS_TAG.test(text) || NULL_KEY.test(text) || COMPLEX_KEY.test(text) || NESTED_SEQUENCE.test(text);
}

/**
 * The in-line half of the scan: true or false when the text's answer is known without looking at
 * each line start, undefined when lineStartHazard must be asked for every line (yaml-fast.ts asks
 * it in the line pass that splits the documents, so the text is walked once). `otherBreaks`
 * false: the caller knows the text holds no CR, U+2028 or U+2029.
 */
export function inLineHazard(text: string, otherBreaks = true): boolean | undefined {
  if (otherBreaks && OTHER_LINE_BREAK.test(text)) return hazardByRegexes(text);
  return flowKeyHazard(text) || propertyAfterIndicator(text) ? true : undefined;
}

/**
 * inLineHazard but for anchors and aliases, which yaml-anchors.ts judges itself: a tag after an
 * indicator or a flow key hazard (true), or undefined. Texts with a line break other than `\n` and
 * `\r\n` are true: the anchored texts are only read where lines are those.
 */
export function inLineHazardBesidesAnchors(text: string): true | undefined {
  return OTHER_LINE_BREAK.test(text) || flowKeyHazard(text) || propertyAfterIndicator(text, TAG) ? true : undefined;
}
const TAG = ['!'];

/** True when any of ANCHOR_ALIAS_TAG, NULL_KEY, COMPLEX_KEY or NESTED_SEQUENCE matches the text. */
export function hasSyntaxHazard(text: string): boolean {
  const inLine = inLineHazard(text);
  if (inLine !== undefined) return inLine;
  for (let at = 0; at <= text.length; ) {
    if (lineStartHazard(text, at)) return true;
    const newline = text.indexOf('\n', at);
    if (newline === -1) break;
    at = newline + 1;
  }
  return false;
}
