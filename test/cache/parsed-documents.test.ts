// Texts' parsed documents kept by content (src/cache/parsed-documents.ts): a text is stored when a
// run parses it a second time, into one pack per run, then read back with the values, lines,
// locations and directive comments a parse gives; anything that does not verify (damaged, torn,
// foreign, another text's entry) is parsed again.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MIN_TEXT, parsedDocumentCache, saveParsedDocumentIndex, useParsedDocumentCache, type DocumentsHome, type TextCache } from '../../src/cache/parsed-documents.js';
import type { FastDocument } from '../../src/load/yaml-fast.js';
import { parseManifestText } from '../../src/load/yaml.js';
import type { JsonPath, Manifest } from '../../src/types.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const source = { kind: 'file' as const, name: 'big.yaml' };

afterEach(() => useParsedDocumentCache(undefined));

/** ConfigMaps until the text is past `size` (MIN_TEXT); the 3rd holds what JSON cannot carry and a directive comment above a block scalar holding a `#`. */
function bigText(tag = 'a', size = MIN_TEXT + 1000): string {
  const docs: string[] = [];
  for (let i = 0; docs.join('').length < size; i++) {
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
  const home: DocumentsHome = { dir, secret: randomBytes(32), version: 'test' };
  useParsedDocumentCache(home);
  const folder = path.join(dir, 'documents');
  /** The packs: one per run that stored anything. */
  const entries = () => (existsSync(folder) ? readdirSync(folder) : []).filter((n) => n.endsWith('.pack')).map((n) => path.join(folder, n));
  /** What the CLI does at exit, and the next process: the index saved, then read again. */
  const nextRun = (to: DocumentsHome = home) => {
    saveParsedDocumentIndex();
    useParsedDocumentCache(to);
  };
  /**
   * The one pack `store` writes, told by the folder's listing before and after it rather than by
   * mtime: two packs written within one clock tick under load tie or swap.
   */
  const newPack = (store: () => void): string => {
    const before = new Set(entries());
    store();
    const added = entries().filter((e) => !before.has(e));
    expect(added).toHaveLength(1);
    return added[0]!;
  };
  return { dir, entries, nextRun, newPack };
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

describe('the parsed documents of texts', () => {
  it('are stored when a second run parses the text, and come back from then on as the parse gave them', () => {
    const { entries, nextRun } = setup();
    const text = bigText();
    const parsed = parseManifestText(text, source).manifests.map(view);
    expect(parsed[2]!.value).toMatchObject({ data: { nan: NaN, inf: -Infinity, zero: -0, none: null } });
    expect(parsed[2]!.comments).toEqual([[expect.any(Number), expect.stringContaining('kubelint-disable-next-line some-rule')]]); // not the scalar's `#` line
    const runs = [1, 2, 3].map(() => {
      const run = counted();
      const views = parseManifestText(text, source, run.cache).manifests.map(view);
      const seen = { hits: run.hits(), entries: entries().length };
      nextRun();
      return { views, ...seen };
    });
    // first sighting: a mark only; second: parsed and stored; third: read back
    expect(runs.map((r) => [r.hits, r.entries])).toEqual([[0, 0], [0, 1], [1, 1]]);
    for (const run of runs) expect(run.views).toEqual(parsed);
    expect(Object.is((runs[2]!.views[2]!.value as { data: { zero: number } }).data.zero, -0)).toBe(true);
  });

  it('are not written by a first run, however large the text', () => {
    const { dir, entries } = setup();
    const { cache } = counted();
    parseManifestText(bigText('a', 300 * 1024), source, cache);
    saveParsedDocumentIndex();
    expect(entries()).toEqual([]);
    expect(readdirSync(path.join(dir, 'documents'))).toEqual(['index']);
  });

  it('are neither stored nor marked for a small text (it parses about as fast as an entry is read)', () => {
    const { dir, nextRun } = setup();
    const small = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n';
    for (let run = 0; run < 3; run++) {
      parseManifestText(small, source, counted().cache);
      nextRun();
    }
    expect(() => readdirSync(path.join(dir, 'documents'))).toThrow();
  });

  it('are parsed again when the entry is damaged, signed by another key, or is another text\'s', () => {
    const { dir, entries, nextRun, newPack } = setup();
    const a = bigText('a');
    const b = bigText('b');
    const expected = parseManifestText(a, source).manifests.map(view);
    const twice = (text: string) => {
      for (let run = 0; run < 2; run++) {
        parseManifestText(text, source, counted().cache);
        nextRun();
      }
    };
    twice(a);
    const [entry] = entries();
    // damaged
    const bytes = readFileSync(entry!);
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0x01;
    writeFileSync(entry!, bytes);
    let s = counted();
    expect(parseManifestText(a, source, s.cache).manifests.map(view)).toEqual(expected);
    expect(s.hits()).toBe(0);
    // rewritten by that parse, then read under another key
    nextRun({ dir, secret: randomBytes(32), version: 'test' });
    s = counted();
    expect(parseManifestText(a, source, s.cache).manifests.map(view)).toEqual(expected);
    expect(s.hits()).toBe(0);
    nextRun();
    // b's pack put in place of a's (the two entries are the same size): signed by this key, but for another text
    const bPack = newPack(() => twice(b));
    const aPack = newPack(() => twice(a));
    expect(statSync(aPack!).size).toBe(statSync(bPack!).size);
    writeFileSync(aPack!, readFileSync(bPack!));
    s = counted();
    expect(parseManifestText(a, source, s.cache).manifests.map(view)).toEqual(expected);
    expect(s.hits()).toBe(0);
  });

  it('are stored as JSON when JSON gives them back exactly, else in V8\'s form (NaN, -0)', () => {
    const { nextRun, newPack } = setup();
    const plain = bigText('a').replace(/  nan: .nan\n  inf: -.inf\n  zero: -0\n/, '');
    expect(plain).not.toContain('.nan');
    const form = (text: string) => {
      const pack = newPack(() => {
        for (let run = 0; run < 2; run++) {
          parseManifestText(text, source, counted().cache);
          nextRun();
        }
      });
      return String.fromCharCode(readFileSync(pack)[64]!); // after the hex HMAC
    };
    expect([form(plain), form(bigText('b'))]).toEqual(['J', 'V']);
    const s = counted();
    expect(parseManifestText(plain, source, s.cache).manifests.map(view)).toEqual(parseManifestText(plain, source).manifests.map(view));
    expect(s.hits()).toBe(1);
  });

  it('are stored in one pack per run, whatever the number of texts; a torn pack costs only the entries it cut', () => {
    const { dir, entries, nextRun } = setup();
    const texts = ['a', 'b', 'c', 'd'].map((tag) => bigText(tag));
    const expected = texts.map((text) => parseManifestText(text, source).manifests.map(view));
    const run = () => {
      const s = counted();
      const views = texts.map((text) => parseManifestText(text, source, s.cache).manifests.map(view));
      nextRun();
      return { views, hits: s.hits() };
    };
    run();
    expect(run().hits).toBe(0);
    expect(readdirSync(path.join(dir, 'documents')).sort()).toEqual([path.basename(entries()[0]!), 'index']);
    const [pack] = entries();
    const whole = statSync(pack!).size;
    expect(whole).toBeGreaterThan(4 * 64);
    // a pack cut in its last entry (a full disk, a run killed): the three whole entries are still read
    truncateSync(pack!, whole - 10);
    const cut = run();
    expect(cut.views).toEqual(expected);
    expect(cut.hits).toBe(3);
    // the cut entry was parsed again and stored in that run's pack: all four are read now
    expect(entries().length).toBe(2);
    const after = run();
    expect([after.hits, after.views]).toEqual([4, expected]);
  });
});

describe('kubelint run again on the same files', () => {
  it('marks them on the first run, stores them on the second, and reports alike from the store, also after a change keeping size and time', () => {
    const repo = temp('kubelint-documents-cli-');
    const file = path.join(repo, 'big.yaml');
    writeFileSync(file, bigText());
    const cacheDir = temp('kubelint-documents-cache-');
    const lint = (cache = cacheDir) => spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'big.yaml', '--no-config', '--format', 'json'], { cwd: repo, env: { ...process.env, KUBELINT_CACHE_DIR: cache }, encoding: 'utf8', timeout: 60_000 });
    const stored = () => readdirSync(path.join(cacheDir, 'documents')).filter((n) => n.endsWith('.pack')).length;
    const first = lint();
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout).findings.length).toBeGreaterThan(0);
    expect(stored()).toBe(0);
    const second = lint();
    expect(stored()).toBe(1);
    const third = lint();
    expect([second.status, second.stdout, third.status, third.stdout]).toEqual([first.status, first.stdout, first.status, first.stdout]);
    // one byte changed (a name), same size and modification time: the store is keyed by content
    const { mtime } = statSync(file);
    const text = readFileSync(file, 'utf8');
    const changed = text.replace('name: cm-a-1\n', 'name: cm-a-x\n');
    expect(changed.length).toBe(text.length);
    writeFileSync(file, changed);
    utimesSync(file, mtime, mtime);
    const fresh = lint(temp('kubelint-documents-empty-'));
    expect(fresh.stdout).toContain('cm-a-x');
    for (let run = 0; run < 3; run++) expect(lint().stdout).toBe(fresh.stdout); // marked, stored, read
    expect(stored()).toBe(2);
  }, 120_000);
});
