// Reads the `# expect:` markers of fixture files (rule fixtures and schema fixtures alike; the
// syntax is documented in policies/README.md and fixtures/schema/README.md):
//
//   # expect: <rule-id>                   a finding of that rule on this line, at its first content column
//   # expect: <rule-id>:<column>          ... at that 1-based column instead (e.g. inside a flow mapping)
//   # expect: <rule-id> "<fragment>"      ... whose message contains the fragment
//   # expect: a, a:14 "x", b              several entries; a repeated entry expects that many findings
//   # expect@1.30: <entries>              expected only when linting for that Kubernetes version
export interface Expectation {
  ruleId: string;
  line: number;
  column: number;
  /** A piece of text the finding's message must contain. */
  message?: string;
}

const MARKER = /#\s*expect(?:@(\d+\.\d+))?:/g;
const ENTRY = /\s*([a-z0-9][\w-]*)(?::(\d+))?(?:\s+"([^"]*)")?\s*(,|#|$)/y;

export class MarkerError extends Error {}

/** The entries of one marker starting at `from` (just after `expect:`). */
function parseEntries(line: string, from: number, lineNo: number, column: number): Expectation[] {
  const out: Expectation[] = [];
  ENTRY.lastIndex = from;
  for (;;) {
    const start = ENTRY.lastIndex;
    const m = ENTRY.exec(line);
    if (!m) throw new MarkerError(`line ${lineNo}: bad # expect: marker near ${JSON.stringify(line.slice(start))} (want <rule-id>[:<column>][ "<message fragment>"], ...)`);
    out.push({ ruleId: m[1]!, line: lineNo, column: m[2] ? Number(m[2]) : column, ...(m[3] !== undefined ? { message: m[3] } : {}) });
    if (m[4] !== ',') return out; // `#` (another marker) or end of line
  }
}

/** Expected findings for `version` (undefined: the default target), in document order. */
export function expectationsFor(text: string, version?: string): Expectation[] {
  const lines = text.split('\n');
  const fileHasVersioned = version !== undefined && lines.some((l) => l.includes(`expect@${version}:`));
  const out: Expectation[] = [];
  lines.forEach((line, i) => {
    for (const match of line.matchAll(MARKER)) {
      const markerVersion = match[1];
      const applies = fileHasVersioned ? markerVersion === version : markerVersion === undefined;
      if (applies) out.push(...parseEntries(line, match.index + match[0].length, i + 1, firstContentColumn(line)));
    }
  });
  return sortExpectations(out);
}

/** 1-based column of the first character after indentation and `- ` sequence markers. */
function firstContentColumn(line: string): number {
  return (/^(?:\s*-\s+)*\s*/.exec(line)?.[0].length ?? 0) + 1;
}

export function sortExpectations<T extends Expectation>(list: readonly T[]): T[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}

export interface Found {
  ruleId: string;
  line: number;
  column: number;
  message: string;
}

/**
 * The differences between what the markers expect and what was found, as readable lines (empty
 * when they agree). Positions are compared as multisets: two findings on one spot need two
 * entries. A message fragment must match a distinct finding at its position.
 */
export function compareExpectations(expected: readonly Expectation[], found: readonly Found[]): string[] {
  const key = (e: { ruleId: string; line: number; column: number }) => `${e.line}:${e.column} ${e.ruleId}`;
  const left = new Map<string, Found[]>();
  for (const f of found) left.set(key(f), [...(left.get(key(f)) ?? []), f]);
  const problems: string[] = [];
  // Entries with a fragment first, so a bare entry does not take the finding a fragment needs.
  const ordered = [...expected].sort((a, b) => Number(b.message !== undefined) - Number(a.message !== undefined));
  for (const e of ordered) {
    const here = left.get(key(e)) ?? [];
    const at = e.message === undefined ? 0 : here.findIndex((f) => f.message.includes(e.message!));
    if (here.length === 0) problems.push(`missing: ${key(e)}${e.message !== undefined ? ` "${e.message}"` : ''}`);
    else if (at === -1) problems.push(`no message containing "${e.message}" at ${key(e)}; found: ${here.map((f) => JSON.stringify(f.message)).join(', ')}`);
    else here.splice(at, 1);
  }
  for (const rest of left.values()) for (const f of rest) problems.push(`unexpected: ${key(f)} ${JSON.stringify(f.message)}`);
  return problems.sort();
}
