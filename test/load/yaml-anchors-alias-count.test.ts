// yaml's alias guard on the fast path (yaml-anchors.ts anchoredValueFits): yaml counts an anchor's
// own node as its first use, so the 100th alias of one anchor is refused (101 uses > 100). A
// document of 100 aliases was taken by the fast path with no problem, where the full path reports
// an alias bomb (r17review): a fatal parse error lost, the run exiting 0 instead of 2.
import { describe, expect, it } from 'vitest';
import { parseManifestText, parseManifestTextFast, parseManifestTextFull } from '../../src/load/yaml.js';
import { expectSameAsFull, expectSameResults, source } from './parse-compare.js';

/** A ConfigMap whose data holds `aliases` aliases of one scalar anchor. */
const withAliases = (aliases: number): string =>
  ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: many', 'data:', '  v: &v "x"', ...Array.from({ length: aliases }, (_, i) => `  k${i}: *v`), ''].join('\n');

describe('a document near yaml\'s alias count', () => {
  it('99 aliases of one anchor: the fast path, read as the full path reads it', () => {
    const [doc] = expectSameAsFull(withAliases(99));
    expect(Object.keys(doc!.value as object)).toContain('data');
  });

  it('100 aliases of one anchor: refused as the full path refuses it (an alias bomb)', () => {
    const text = withAliases(100);
    const full = parseManifestTextFull(text, source);
    expect(full.problems.map((p) => [p.line, p.column, p.message])).toEqual([[1, 1, 'invalid YAML: more than 100 alias expansions (alias bomb refused)']]);
    expect(parseManifestTextFast(text, source)).toBeUndefined();
    expect(parseManifestText(text, source).problems).toEqual(full.problems);
    expectSameResults(text);
  });

  it('100 aliases over two anchors (yaml counts each anchor apart): the full path\'s reading', () => {
    const text = withAliases(50).replace('data:\n', 'data:\n  w: &w "y"\n') + Array.from({ length: 50 }, (_, i) => `  j${i}: *w`).join('\n') + '\n';
    expect(parseManifestTextFull(text, source).problems).toEqual([]);
    expectSameResults(text);
  });
});
