// The `# Source:` comment of each rendered document, found without splitting the stream into
// lines. The reference below is the rule as it was first written (a line array); the scan must
// agree with it on every edge a stream can have.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { helmSources } from '../../src/load/helm-sources.js';

/** The rule, with a line array: the first `# Source:` line after the previous document's last line, up to its own. */
function reference(text: string, documents: Array<{ lines: { end: number } }>): Array<string | undefined> {
  const lines = text.split('\n');
  let from = 0;
  return documents.map((doc) => {
    let found: string | undefined;
    for (let l = from; l < doc.lines.end && l < lines.length; l++) {
      const match = /^# Source: (.+?)\s*$/.exec(lines[l]!);
      if (match) {
        found = match[1]!;
        break;
      }
    }
    from = doc.lines.end;
    return found;
  });
}

const ends = (...end: number[]) => end.map((e) => ({ lines: { end: e } }));

afterEach(() => vi.restoreAllMocks());

describe('helmSources', () => {
  const cases: Array<[string, string, number[], Array<string | undefined>]> = [
    ['one per document', '---\n# Source: a/templates/x.yaml\nk: 1\n---\n# Source: a/templates/y.yaml\nk: 2\n', [3, 6], ['a/templates/x.yaml', 'a/templates/y.yaml']],
    ['the first of two above a document', '# Source: a/one.yaml\n# Source: a/two.yaml\nk: 1\n', [3], ['a/one.yaml']],
    ['a document without one', '---\nk: 1\n---\n# Source: a/y.yaml\nk: 2\n', [2, 5], [undefined, 'a/y.yaml']],
    ['not at a line start, or in a value', '---\nk: "# Source: a/x.yaml"\n  # Source: a/indented.yaml\n', [3], [undefined]],
    ['CRLF and blanks after the path', '# Source: a/x.yaml \r\nk: 1\r\n', [2], ['a/x.yaml']],
    ['a lone CR inside the line', '# Source: a/x\ry.yaml\nk: 1\n', [2], [undefined]],
    ['the last line, with no line break', 'k: 1\n---\n# Source: a/last.yaml', [1, 3], [undefined, 'a/last.yaml']],
    ['a mark with no path', '# Source: \nk: 1\n', [2], [undefined]],
    ['past the last document', 'k: 1\n# Source: a/after.yaml\n', [1], [undefined]],
    ['a byte order mark before the first line', '\uFEFF# Source: a/x.yaml\nk: 1\n', [2], [undefined]],
    ['an empty document list', '# Source: a/x.yaml\n', [], []],
  ];
  it.each(cases)('%s', (_name, text, end, expected) => {
    expect(helmSources(text, ends(...end))).toEqual(expected);
    expect(reference(text, ends(...end))).toEqual(expected);
  });

  it('agrees with the line-array rule on a generated stream of 300 documents', () => {
    let text = '';
    let line = 0;
    const documents: Array<{ lines: { end: number } }> = [];
    for (let i = 0; i < 300; i++) {
      const parts = ['---'];
      if (i % 3 !== 0) parts.push(`# Source: chart/templates/t${i % 7}.yaml${i % 5 === 0 ? '  ' : ''}`);
      if (i % 11 === 0) parts.push('# Source: chart/templates/second.yaml');
      parts.push('apiVersion: v1', `kind: ConfigMap`, 'metadata:', `  name: c${i}`, 'data:', `  script: "# Source: not/a/comment.yaml"`);
      if (i % 4 === 0) parts.push('');
      text += parts.join('\n') + '\n';
      line += parts.length;
      documents.push({ lines: { end: line - (i % 4 === 0 ? 1 : 0) } });
    }
    expect(helmSources(text, documents)).toEqual(reference(text, documents));
    expect(helmSources(text, documents).filter(Boolean)).toHaveLength(210); // 200 with a first line, 10 with the second only
  });

  it('never splits the stream into lines (an array of every line was ~30 MB at 10,000 documents)', () => {
    const text = '---\n# Source: a/x.yaml\nk: 1\n'.repeat(50);
    const split = vi.spyOn(String.prototype, 'split');
    helmSources(text, ends(...Array.from({ length: 50 }, (_, i) => 3 * (i + 1))));
    expect(split.mock.contexts.filter((self) => String(self) === text)).toEqual([]);
  });
});
