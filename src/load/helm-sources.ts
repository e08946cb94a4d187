// The `# Source: <chart>/templates/x.yaml` comment `helm template` writes above each document,
// found without splitting the stream into lines: the array of the ~500,000 lines of a
// 10,000-document stream (12 MB) took ~34 MB more RSS (BENCHMARKS.md, round 8, r8stdin).

const MARK = '# Source: ';
/** A whole line naming the template (as helm writes it; blanks after the path are not part of it). */
const SOURCE_LINE = /^# Source: (.+?)\s*$/;

interface SourceLine {
  /** 1-based. */
  line: number;
  path: string;
}

/** Every line of the text (split at `\n` only) that is a `# Source:` comment, in order. */
function sourceLines(text: string): SourceLine[] {
  const found: SourceLine[] = [];
  let line = 1;
  let counted = 0; // newlines before this offset are in `line`
  for (let at = text.indexOf(MARK); at !== -1; at = text.indexOf(MARK, at + MARK.length)) {
    if (at > 0 && text.charCodeAt(at - 1) !== 0x0a) continue;
    for (let nl = text.indexOf('\n', counted); nl !== -1 && nl < at; nl = text.indexOf('\n', nl + 1)) line++;
    counted = at;
    const end = text.indexOf('\n', at);
    const match = SOURCE_LINE.exec(text.slice(at, end === -1 ? text.length : end));
    if (match) found.push({ line, path: match[1]! });
  }
  return found;
}

/**
 * The template each document was rendered from, by index: the first `# Source:` line after the
 * previous document's last line, up to and including the document's own last line.
 */
export function helmSources(text: string, documents: readonly { lines: { end: number } }[]): Array<string | undefined> {
  const lines = sourceLines(text);
  const sources: Array<string | undefined> = [];
  let next = 0;
  let after = 0; // the previous document's last line
  for (const doc of documents) {
    while (next < lines.length && lines[next]!.line <= after) next++;
    sources.push(next < lines.length && lines[next]!.line <= doc.lines.end ? lines[next]!.path : undefined);
    after = doc.lines.end;
  }
  return sources;
}
