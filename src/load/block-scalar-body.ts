// Whether a line lies in the body of a block scalar (`key: |`, `- >-`): the text of a ConfigMap's
// JSON, nginx or Go file, whose brackets open no flow collection. Only plain headers are known
// (no indentation indicator, no quoted or `: `-holding key): anything else answers "no", which
// costs speed, never correctness.

/** A line ending in a plain block scalar header: `- ` items, an optional simple key, `|`/`>` with an optional chomping indicator, a comment. */
const HEADER = /^((?:- +)*)((?:[^\s#:'"]|:(?! ))(?:[^#:]|:(?! ))*: +)?[|>][-+]? *(?:#.*)?\r?$/;

/**
 * When the line starting at `lineStart` (indented by `indent` spaces) is in a block scalar's body,
 * the offset where that body ends (the start of its first non-blank line indented less than the
 * body, or the text's end); else -1.
 */
export function blockScalarBodyEnd(text: string, lineStart: number, indent: number): number {
  // Walking up: `least` is the smallest indentation of the non-blank lines passed, `nearest` that
  // of the last one passed (the first line below a header, which sets the body's indentation).
  let least = indent;
  let nearest = indent;
  for (let end = lineStart - 1; end > 0; ) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const lead = leadOf(text, start, end);
    if (!isBlank(text, lead, end)) {
      const own = lead - start;
      if (own < least) {
        const parent = headerParent(text, start, lead, end);
        if (parent >= 0) return nearest > parent && least === nearest ? bodyEnd(text, lineStart, nearest) : -1;
        if (own === 0) return -1;
        least = own;
      }
      nearest = own;
    }
    end = start - 1;
  }
  return -1;
}

/** The column a header line's body must be indented past (its key's, or its last `- `'s), or -1 when the line is no plain header. */
function headerParent(text: string, start: number, lead: number, end: number): number {
  const header = HEADER.exec(text.slice(lead, end));
  if (!header) return -1;
  const dashes = header[1] ?? '';
  if (header[2] !== undefined) return lead - start + dashes.length;
  return dashes === '' ? -1 : lead - start + dashes.lastIndexOf('-');
}

/** Where the body holding the line at `from` ends: the first non-blank line indented less than `body` spaces. */
function bodyEnd(text: string, from: number, body: number): number {
  for (let start = from; start < text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const lead = leadOf(text, start, end);
    if (!isBlank(text, lead, end) && lead - start < body) return start;
    start = end + 1;
  }
  return text.length;
}

function leadOf(text: string, start: number, end: number): number {
  let lead = start;
  while (lead < end && text.charCodeAt(lead) === 0x20) lead++;
  return lead;
}

/** Nothing but spaces (and a `\r\n` line end's CR) on the line. */
function isBlank(text: string, lead: number, end: number): boolean {
  return lead === end || (lead === end - 1 && text.charCodeAt(lead) === 0x0d);
}
