// Reads `# expect: rule` / `# expect@1.30: rule` markers from fixture text (see fixtures/schema/README.md).
export interface Expectation {
  ruleId: string;
  line: number;
  column: number;
}

const MARKER = /#\s*expect(?:@(\d+\.\d+))?:\s*([\w-]+(?:\s*,\s*[\w-]+)*)/g;

/** Expected findings for `version` (undefined: the default target). */
export function expectationsFor(text: string, version?: string): Expectation[] {
  const lines = text.split('\n');
  const fileHasVersioned = version !== undefined && lines.some((l) => l.includes(`expect@${version}:`));
  const out: Expectation[] = [];
  lines.forEach((line, i) => {
    const column = firstContentColumn(line);
    for (const match of line.matchAll(MARKER)) {
      const markerVersion = match[1];
      const applies = fileHasVersioned ? markerVersion === version : markerVersion === undefined;
      if (!applies) continue;
      for (const ruleId of match[2]!.split(',')) out.push({ ruleId: ruleId.trim(), line: i + 1, column });
    }
  });
  return sortExpectations(out);
}

/** 1-based column of the first character after indentation and `- ` sequence markers. */
function firstContentColumn(line: string): number {
  return (/^(?:\s*-\s+)*\s*/.exec(line)?.[0].length ?? 0) + 1;
}

export function sortExpectations(list: Expectation[]): Expectation[] {
  return [...list].sort((a, b) => a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId));
}
