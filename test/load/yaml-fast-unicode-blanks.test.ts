// A line of blanks JavaScript trims but YAML reads as text (NBSP, the other Unicode spaces): the
// fast path's document split took such a line for an empty one, so a file holding only such lines
// (and comments) had no document on the fast path but a scalar document on the full path: "no
// Kubernetes documents" (a warning) against "not a Kubernetes manifest" (an info), and a run with
// --fail-on warning exited otherwise with KUBELINT_PARSE=full.
import { describe, expect, it } from 'vitest';
import { parseManifestText, parseManifestTextFull } from '../../src/load/yaml.js';
import type { Source } from '../../src/types.js';
import { comparePaths } from './paths-compare.js';

const source: Source = { kind: 'file', name: 'blanks.yaml' };

describe('lines of Unicode spaces on the fast path', () => {
  it.each([
    ['an NBSP', '\u00a0\n'],
    ['an NBSP without a line end', '\u00a0'],
    ['an NBSP among spaces', '  \u00a0  \n'],
    ['an em space', '\u2003\n'],
    ['an ideographic space', '\u3000'],
    ['an NBSP before a #', '\u00a0# not a comment\n'],
    ['a comment, then an NBSP', '# a comment\n\u00a0\n'],
    ['an NBSP with CRLF', '\u00a0\r\n'],
  ])('%s: the document the full path reads', (_name, text) => {
    const full = parseManifestTextFull(text, source);
    expect(full.problems).toEqual([]);
    expect(full.manifests).toHaveLength(1);
    const fast = parseManifestText(text, source);
    expect(fast.problems).toEqual(full.problems);
    expect(fast.manifests.map((m) => [m.index, m.value, m.lines])).toEqual(full.manifests.map((m) => [m.index, m.value, m.lines]));
    expect(comparePaths(text).difference).toBeUndefined();
  });

  it('lines of spaces alone and comments still make no document', () => {
    for (const text of ['  \n', '   \r\n', '# only a comment\n  \n', '']) {
      expect(parseManifestText(text, source).manifests, JSON.stringify(text)).toEqual([]);
      expect(parseManifestTextFull(text, source).manifests, JSON.stringify(text)).toEqual([]);
    }
  });
});
