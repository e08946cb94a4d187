// The store of --changed's context files (src/cache/parsed-files.ts): what it gives back locates
// objects' names as the parse does; entries are per content and kubelint version, signed.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contextDocuments, parsedEntryFile } from '../../src/cache/parsed-files.js';
import { sign } from '../../src/cache/auth.js';
import { identifyResources } from '../../src/load/resources.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const TEXT = '# two objects\napiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: one\n---\napiVersion: v1\nkind: Secret\nmetadata:\n    name: two\n';
const names = (parsed: ReturnType<typeof contextDocuments>) =>
  identifyResources(parsed.manifests).resources.map((r) => [r.name, r.manifest!.locate([...r.basePath, 'metadata', 'name'])]);

describe('contextDocuments', () => {
  it('gives back the values and name positions the parse found, from a signed entry', () => {
    const store = { dir: temp('kubelint-parsed-'), secret: randomBytes(32), version: '1.0.0' };
    const parsed = contextDocuments(TEXT, 'x.yaml', store);
    const stored = contextDocuments(TEXT, 'x.yaml', store);
    expect(stored.manifests.map((m) => [m.index, m.lines, m.value])).toEqual(parsed.manifests.map((m) => [m.index, m.lines, m.value]));
    expect(names(stored)).toEqual(names(parsed));
    expect(names(stored)).toEqual([
      ['one', { file: 'x.yaml', range: expect.objectContaining({ line: 8, column: 7 }) }],
      ['two', { file: 'x.yaml', range: expect.objectContaining({ line: 13, column: 5 }) }],
    ]);
    // Another file with the same content gets its own name in every location.
    expect(names(contextDocuments(TEXT, 'y.yaml', store)).map(([, l]) => (l as { file: string }).file)).toEqual(['y.yaml', 'y.yaml']);
  });

  it("reads only this version's entries, signed with this user's key", () => {
    const store = { dir: temp('kubelint-parsed-'), secret: randomBytes(32), version: '1.0.0' };
    contextDocuments(TEXT, 'x.yaml', store);
    // What another parser might have made of the text, correctly signed: read for its version only.
    const file = parsedEntryFile(store, TEXT);
    const body = readFileSync(file, 'utf8').split('\n')[1]!.replace('"name":"two"', '"name":"other"');
    writeFileSync(file, `${sign(store.secret, path.basename(file) + body)}\n${body}`);
    expect(names(contextDocuments(TEXT, 'x.yaml', store)).map(([n]) => n)).toEqual(['one', 'other']);
    expect(names(contextDocuments(TEXT, 'x.yaml', { ...store, version: '1.0.1' })).map(([n]) => n)).toEqual(['one', 'two']);
    expect(names(contextDocuments(TEXT, 'x.yaml', { ...store, secret: randomBytes(32) })).map(([n]) => n)).toEqual(['one', 'two']);
  });

  it("does not serve an entry copied under another content's name", () => {
    const store = { dir: temp('kubelint-parsed-'), secret: randomBytes(32), version: '1.0.0' };
    const other = TEXT.replace('name: two', 'name: three');
    contextDocuments(TEXT, 'x.yaml', store);
    contextDocuments(other, 'x.yaml', store);
    writeFileSync(parsedEntryFile(store, other), readFileSync(parsedEntryFile(store, TEXT)));
    expect(names(contextDocuments(other, 'x.yaml', store)).map(([n]) => n)).toEqual(['one', 'three']);
  });

  it('does not store a file with parse problems', () => {
    const store = { dir: temp('kubelint-parsed-'), secret: randomBytes(32), version: '1.0.0' };
    const broken = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: [\n';
    expect(contextDocuments(broken, 'x.yaml', store).problems.length).toBeGreaterThan(0);
    expect(() => readFileSync(parsedEntryFile(store, broken))).toThrow();
    expect(path.basename(parsedEntryFile(store, broken))).toMatch(/^[0-9a-f]{64}\.json$/);
  });
});
