// Large texts' parsed documents kept by content (src/cache/parsed-documents.ts): a text read
// before comes back from the store, with the values, lines, locations and directive comments a
// parse gives; anything that does not verify (damaged, foreign, another text's entry) is parsed again.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { LARGE_TEXT, parsedDocumentCache, useParsedDocumentCache, type TextCache } from '../../src/cache/parsed-documents.js';
import type { FastDocument } from '../../src/load/yaml-fast.js';
import { parseManifestText } from '../../src/load/yaml.js';
import type { JsonPath, Manifest } from '../../src/types.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const source = { kind: 'file' as const, name: 'big.yaml' };

afterEach(() => useParsedDocumentCache(undefined));

/** ConfigMaps until the text is past LARGE_TEXT; the 3rd holds what JSON cannot carry and a directive comment above a block scalar holding a `#`. */
function bigText(tag = 'a'): string {
  const docs: string[] = [];
  for (let i = 0; docs.join('').length < LARGE_TEXT + 1000; i++) {
    const special = i === 2 ? '  nan: .nan\n  inf: -.inf\n  zero: -0\n  none:\n  # kubelint-disable-next-line some-rule -- a reason\n  script: |\n    # not a comment\n    echo hi\n' : '';
    docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-${tag}-${i}\n  labels: {app: web}\ndata:\n  key: value-${i}\n  list:\n    - a\n    - b: 1\n${special}`);
  }
  return docs.map((d) => `---\n${d}`).join('');
}

/** What a run reads of a manifest. */
function view(m: Manifest) {
  const paths: JsonPath[] = [[], ['metadata', 'name'], ['data', 'list', 1, 'b'], ['data', 'nan'], ['data', 'script'], ['data', 'missing']];
  return { index: m.index, value: m.value, lines: m.lines, ranges: paths.map((p) => m.locate(p).range), file: m.locate([]).file, comments: [...m.comments] };
}

function setup() {
  const dir = temp('kubelint-documents-');
  useParsedDocumentCache({ dir, secret: randomBytes(32), version: 'test' });
  const entries = () => readdirSync(path.join(dir, 'documents')).filter((n) => n.endsWith('.bin')).map((n) => path.join(dir, 'documents', n));
  return { dir, entries };
}

/** The store, counting the texts it answered. */
function counted(): { cache: TextCache<FastDocument>; hits: () => number } {
  const cache = parsedDocumentCache<FastDocument>()!;
  let hits = 0;
  return {
    cache: { read: (text) => { const found = cache.read(text); if (found) hits++; return found; }, write: (text, docs) => cache.write(text, docs) },
    hits: () => hits,
  };
}

describe('the parsed documents of large texts', () => {
  it('come back from the store on the next read, as the parse gave them', () => {
    const { entries } = setup();
    const text = bigText();
    const parsed = parseManifestText(text, source).manifests.map(view);
    expect(parsed[2]!.value).toMatchObject({ data: { nan: NaN, inf: -Infinity, zero: -0, none: null } });
    expect(parsed[2]!.comments).toEqual([[expect.any(Number), expect.stringContaining('kubelint-disable-next-line some-rule')]]); // not the scalar's `#` line
    const first = counted();
    expect(parseManifestText(text, source, first.cache).manifests.map(view)).toEqual(parsed);
    expect([first.hits(), entries().length]).toEqual([0, 1]);
    const second = counted();
    const again = parseManifestText(text, source, second.cache);
    expect(second.hits()).toBe(1);
    expect(again.problems).toEqual([]);
    const views = again.manifests.map(view);
    expect(views).toEqual(parsed);
    expect(Object.is((views[2]!.value as { data: { zero: number } }).data.zero, -0)).toBe(true);
  });

  it('are not stored for a small text (it parses about as fast as an entry is read)', () => {
    const { dir } = setup();
    const { cache } = counted();
    parseManifestText('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n', source, cache);
    expect(() => readdirSync(path.join(dir, 'documents'))).toThrow();
  });

  it('are parsed again when the entry is damaged, signed by another key, or is another text\'s', () => {
    const { entries } = setup();
    const a = bigText('a');
    const b = bigText('b');
    const expected = parseManifestText(a, source).manifests.map(view);
    const store = () => counted();
    parseManifestText(a, source, store().cache);
    const [entry] = entries();
    // damaged
    const bytes = readFileSync(entry!);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x01;
    writeFileSync(entry!, bytes);
    let s = store();
    expect(parseManifestText(a, source, s.cache).manifests.map(view)).toEqual(expected);
    expect(s.hits()).toBe(0);
    // rewritten by that parse, then read under another key
    useParsedDocumentCache({ dir: path.dirname(path.dirname(entry!)), secret: randomBytes(32), version: 'test' });
    s = store();
    expect(parseManifestText(a, source, s.cache).manifests.map(view)).toEqual(expected);
    expect(s.hits()).toBe(0);
    // b's entry moved under a's name: signed by this key, but for another name
    parseManifestText(b, source, store().cache);
    const bEntry = entries().find((e) => e !== entry)!;
    renameSync(bEntry, entry!);
    s = store();
    expect(parseManifestText(a, source, s.cache).manifests.map(view)).toEqual(expected);
    expect(s.hits()).toBe(0);
  });
});

describe('kubelint with a large file', () => {
  it('stores its documents on the first run and reports alike from them', () => {
    const repo = temp('kubelint-documents-cli-');
    writeFileSync(path.join(repo, 'big.yaml'), bigText());
    const cacheDir = temp('kubelint-documents-cache-');
    const lint = () => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'big.yaml', '--no-config', '--format', 'json'], { cwd: repo, env: { ...process.env, KUBELINT_CACHE_DIR: cacheDir }, encoding: 'utf8', timeout: 60_000 });
    const first = lint();
    expect(first.stderr).toBe('');
    expect(readdirSync(path.join(cacheDir, 'documents')).filter((n) => n.endsWith('.bin'))).toHaveLength(1);
    const second = lint();
    expect([second.status, second.stdout]).toEqual([first.status, first.stdout]);
    expect(JSON.parse(first.stdout).findings.length).toBeGreaterThan(0);
  }, 60_000);
});
