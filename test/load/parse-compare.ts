// The differential tests' comparison of the fast parse path with the full `yaml` path: values,
// lines, indexes, sources, directive comments and the location of every path (shared by
// yaml-fast.test.ts and yaml-crlf.test.ts).
import { expect } from 'vitest';
import type { Manifest, Source } from '../../src/types.js';
import { parseManifestText, parseManifestTextFast, parseManifestTextFull } from '../../src/load/yaml.js';
import { allPaths } from './paths-compare.js';

export { allPaths };

export const source: Source = { kind: 'file', name: 'test.yaml' };

/** Asserts the fast path took the text and matches the full path in every observable way. */
export function expectSameAsFull(text: string, label = 'text'): Manifest[] {
  const fast = parseManifestTextFast(text, source);
  const full = parseManifestTextFull(text, source);
  expect(fast, `${label}: fast path should take it`).toBeDefined();
  expect(full.problems, label).toEqual([]);
  compareManifests(fast!, full.manifests, label);
  return fast!;
}

export function compareManifests(fast: Manifest[], full: Manifest[], label: string): void {
  expect(fast.map((m) => m.index), label).toEqual(full.map((m) => m.index));
  fast.forEach((m, i) => {
    const f = full[i]!;
    expect(m.value, label).toStrictEqual(f.value);
    expect(m.lines, label).toEqual(f.lines);
    expect(m.source, label).toBe(f.source);
    expect([...m.comments], label).toEqual([...f.comments]);
    for (const p of allPaths(f.value)) expect(m.locate(p), `${label} ${JSON.stringify(p)}`).toEqual(f.locate(p));
  });
}

/** parseManifestText (whichever path it takes) gives the full path's manifests and problems. */
export function expectSameResults(text: string): void {
  const viaEntry = parseManifestText(text, source);
  const full = parseManifestTextFull(text, source);
  expect(viaEntry.problems, JSON.stringify(text)).toEqual(full.problems);
  compareManifests(viaEntry.manifests, full.manifests, JSON.stringify(text));
}
