// The located-ranges store holds what a user's loop needs (cache/located-store.ts): two
// repositories linted in turn with one cache folder, or a `--changed` run between full runs, keep
// each other's ranges (round 16's store held the last run's only, so each re-located everything);
// every stored range gives what a cold run gives when texts change between runs (lines moved,
// CRLF, a rename, a suppression comment); the folder stays within its bounds, and damaged, foreign
// or orphaned files cost a miss, never a wrong location.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { LOCATED_BOUNDS, locatedFolder, locatedRangesWork, openLocatedRanges, useLocatedRanges } from '../../src/cache/located-ranges.js';
import { textBytes } from '../../src/cache/located-store.js';
import { nameBound, writeSigned } from '../../src/cache/signed-file.js';
import { quickLocate, quickLocateWork, useLocateMemo } from '../../src/load/quick-locate.js';
import { workload } from './located-fixtures.js';
import { runJson, type JsonReport } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'kubelint-located-store-'));
const bounds = { ...LOCATED_BOUNDS };
afterEach(() => Object.assign(LOCATED_BOUNDS, bounds));
afterAll(() => {
  useLocatedRanges(undefined);
  rmSync(tmp, { recursive: true, force: true });
});


/** Five files (more than quick-locate keeps indexed between calls), two documents in one of them. */
function writeRepo(dir: string, tag: string): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of ['web', 'db', 'queue', 'cache']) writeFileSync(path.join(dir, `${name}.yaml`), workload(`${name}-${tag}`, `${name}:latest`));
  writeFileSync(path.join(dir, 'pair.yaml'), `${workload(`a-${tag}`, 'a')}---\n${workload(`b-${tag}`, 'b:1')}`);
}

/** Each finding as file:line:column-endLine:endColumn rule. */
const places = (report: JsonReport) => report.findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId}`);

let colds = 0;
/** A run in `cwd` with the cache folder `cache` (what the process's exit does: the store saved); the texts it read to locate. */
async function lint(cwd: string, cache: string, args = ['.']) {
  const before = quickLocateWork.stepsRead + quickLocateWork.rootsRead;
  const { report } = await runJson([...args, '--no-config'], { cwd, env: { KUBELINT_CACHE_DIR: cache } });
  useLocatedRanges(undefined);
  return { report: report!, steps: quickLocateWork.stepsRead + quickLocateWork.rootsRead - before };
}
/** What a cold run (an empty cache folder: nothing stored) reports. */
const cold = async (cwd: string, args = ['.']) => (await lint(cwd, path.join(tmp, `cold-${colds++}`), args)).report;

describe('located store: a user loop', () => {
  it('keeps two repositories linted in turn with one cache folder: A, B, A, B read every range', async () => {
    const [a, b, cache] = [path.join(tmp, 'repo-a'), path.join(tmp, 'repo-b'), path.join(tmp, 'cache-ab')];
    writeRepo(a, 'a');
    writeRepo(b, 'b');
    await lint(a, cache); // first: an empty index
    await lint(a, cache); // second: A's ranges
    const firstB = await lint(b, cache); // B's appended beside A's
    expect(firstB.steps).toBeGreaterThan(0);
    const againA = await lint(a, cache);
    const againB = await lint(b, cache);
    expect(againA.steps).toBe(0); // round 16's store: > 0 (it held B's only)
    expect(againB.steps).toBe(0);
    expect(againA.report).toEqual(await cold(a));
    expect(againB.report).toEqual(await cold(b));
    expect(places(againA.report)).toContain('web.yaml:15:9-15:26 image-tag-pinned');
    expect(places(againB.report)).toContain('pair.yaml:30:9-30:18 liveness-probe');
  });

  it('keeps the full runs\' ranges over a --changed run between them', async () => {
    const [repo, cache] = [path.join(tmp, 'repo-changed'), path.join(tmp, 'cache-changed')];
    writeRepo(repo, 'c');
    await lint(repo, cache);
    await lint(repo, cache);
    expect((await lint(repo, cache)).steps).toBe(0);
    writeFileSync(path.join(repo, 'db.yaml'), `# edited\n${workload('db-c', 'db:latest')}`);
    const changed = await lint(repo, cache, ['--changed', 'db.yaml']);
    expect(changed.steps).toBeGreaterThan(0); // the edited text is new
    expect(places(changed.report)).toContain('db.yaml:16:9-16:25 image-tag-pinned');
    const full = await lint(repo, cache);
    expect(full.steps).toBe(0); // round 16's store: > 0 (it held the --changed run's text only)
    expect(full.report).toEqual(await cold(repo));
  });

  it('gives what a cold run gives when texts change between runs: lines moved, CRLF, a rename, a suppression comment', async () => {
    const [repo, cache] = [path.join(tmp, 'repo-edits'), path.join(tmp, 'cache-edits')];
    writeRepo(repo, 'e');
    await lint(repo, cache);
    await lint(repo, cache);
    const edits: Array<[string, () => void]> = [
      ['lines moved', () => writeFileSync(path.join(repo, 'web.yaml'), `# one\n# two\n${workload('web-e', 'web:latest')}`)],
      ['CRLF', () => writeFileSync(path.join(repo, 'queue.yaml'), workload('queue-e', 'queue:latest').replaceAll('\n', '\r\n'))],
      ['a rename', () => renameSync(path.join(repo, 'cache.yaml'), path.join(repo, 'renamed.yaml'))],
      ['a suppression comment', () => writeFileSync(path.join(repo, 'db.yaml'), workload('db-e', 'db:latest', '  # kubelint-disable-line image-tag-pinned'))],
      ['the suppression changed', () => writeFileSync(path.join(repo, 'db.yaml'), workload('db-e', 'db:latest', '  # kubelint-disable-line liveness-probe'))],
      ['a document moved in its file', () => writeFileSync(path.join(repo, 'pair.yaml'), `${workload('b-e', 'b:1')}---\n${workload('a-e', 'a')}`)],
    ];
    for (const [what, edit] of edits) {
      edit();
      const expected = await cold(repo);
      const warm = await lint(repo, cache); // locates the changed text, reads the rest
      expect(places(warm.report), what).toEqual(places(expected));
      expect(warm.report, what).toEqual(expected);
      const again = await lint(repo, cache);
      expect(again.steps, what).toBe(0);
      expect(again.report, what).toEqual(expected);
    }
  });
});

describe('located store: files and bounds', () => {
  const texts = Array.from({ length: 40 }, (_, i) => `kind: ConfigMap\nmetadata:\n  name: m${i}\ndata:\n  k${i}: v\n`);
  const at = (i: number) => quickLocate(texts[i]!, 0, ['data', `k${i}`]);
  /** One "run" of the memo over texts[from..to): what it located; saved as the CLI's exit does. */
  const run = (home: { dir: string; secret: Buffer; version: string }, from: number, to: number) => {
    useLocatedRanges(home);
    const steps = quickLocateWork.stepsRead;
    for (let i = from; i < to; i++) expect(at(i)).toEqual({ line: 5, column: 3, endLine: 5, endColumn: 7 + String(i).length });
    useLocatedRanges(undefined);
    return quickLocateWork.stepsRead - steps;
  };
  const files = (home: { dir: string; secret: Buffer; version: string }) => readdirSync(locatedFolder(home)).sort();

  it('compacts past the segment bound into one segment, every text kept while they fit', () => {
    const home = { dir: path.join(tmp, 'bounds'), secret: Buffer.alloc(32, 3), version: 'b' };
    LOCATED_BOUNDS.maxSegments = 3;
    run(home, 0, 1); // the first run: an empty index
    for (let i = 0; i < 3; i++) run(home, i * 10, i * 10 + 10); // three segments of ten texts
    expect(files(home)).toHaveLength(4);
    run(home, 30, 40); // a fourth segment: past the bound, compacted
    expect(files(home)).toHaveLength(2); // the index and one segment
    expect(run(home, 0, 40)).toBe(0);
  });

  it('keeps at most half the byte bound when compacting, the most recently used texts first', () => {
    const home = { dir: path.join(tmp, 'bytes'), secret: Buffer.alloc(32, 4), version: 'b' };
    run(home, 0, 1);
    const t0 = Date.now() - 10 * 3600_000;
    /** A run at time `now` over texts[from..to). */
    const runAt = (now: number, from: number, to: number) => {
      const memo = openLocatedRanges(home);
      useLocateMemo(memo);
      for (let i = from; i < to; i++) at(i);
      useLocateMemo(undefined);
      memo.save(now);
    };
    runAt(t0, 0, 20);
    runAt(t0 + 2 * 3600_000, 0, 5); // 0-4 read two hours later: their use is stamped
    // Half the bound holds 25 of these texts: the 20 of the next run and 0-4, not 5-19.
    const text = { firstLine: 0, ranges: new Map([[JSON.stringify(['data', 'k10']), { line: 5, column: 3, endLine: 5, endColumn: 10 }]]) };
    LOCATED_BOUNDS.maxBytes = 2 * 25 * textBytes(text) + 1;
    LOCATED_BOUNDS.maxSegments = 1; // two segments: compacted
    runAt(t0 + 2 * 3600_000 + 1, 20, 40);
    expect(files(home)).toHaveLength(2);
    expect(run(home, 0, 5)).toBe(0);
    expect(run(home, 20, 40)).toBe(0);
    expect(run(home, 5, 20)).toBeGreaterThan(0);
  });

  it('reads a damaged or foreign segment or index as nothing stored, and removes orphaned segments', () => {
    const home = { dir: path.join(tmp, 'damaged'), secret: Buffer.alloc(32, 6), version: 'b' };
    run(home, 0, 1);
    run(home, 0, 10);
    const folder = locatedFolder(home);
    const [segment] = files(home).filter((f) => f !== 'index.json');
    const body = readFileSync(path.join(folder, segment!), 'utf8');
    writeFileSync(path.join(folder, segment!), body.replace('"[\\"data\\",\\"k3\\"]"', '"[\\"data\\",\\"k4\\"]"'));
    expect(run(home, 0, 10)).toBeGreaterThan(0); // does not verify: located again, right
    expect(run(home, 0, 10)).toBe(0);
    // Signed but not integers (a future format's row, a bug): a miss, located again, never a wrong range.
    // Every segment (the damaged one and the one appended since) signed again with such rows.
    for (const f of files(home).filter((name) => name !== 'index.json')) {
      const file = path.join(folder, f);
      const body = { paths: [] as string[], texts: [] as unknown[][], ...(JSON.parse(readFileSync(file, 'utf8').split('\n')[1]!) as object) };
      for (const r of body.texts) r[3] = '5';
      writeSigned(file, home.secret, JSON.stringify(body), nameBound(file));
    }
    expect(run(home, 0, 10)).toBeGreaterThan(0);
    expect(run(home, 0, 10)).toBe(0); // what that run located, appended, answers
    writeFileSync(path.join(folder, 'index.json'), 'junk');
    expect(run(home, 0, 10)).toBeGreaterThan(0);
    // Another user's key reads nothing.
    expect(run({ ...home, secret: Buffer.alloc(32, 1) }, 0, 10)).toBeGreaterThan(0);
    // A segment no index names (a lost race), old enough, goes with the next write.
    const orphan = path.join(folder, '0123456789abcdef.json');
    writeFileSync(orphan, 'x');
    const old = Date.now() / 1000 - 3600;
    utimesSync(orphan, old, old);
    run(home, 10, 12);
    expect(files(home)).not.toContain('0123456789abcdef.json');
    for (const f of files(home)) if (f !== 'index.json') expect(readFileSync(path.join(folder, f), 'utf8')).not.toBe('x');
  });

  it('keeps both of two runs that append at once: the index is read again before it is written', () => {
    const home = { dir: path.join(tmp, 'race'), secret: Buffer.alloc(32, 2), version: 'b' };
    run(home, 0, 1);
    // Two runs read the (empty) index, each locates its own texts, then both save.
    const [one, two] = [openLocatedRanges(home), openLocatedRanges(home)];
    for (const [memo, from] of [[one, 0], [two, 5]] as const) {
      useLocateMemo(memo);
      for (let i = from; i < from + 5; i++) at(i);
    }
    useLocateMemo(undefined);
    one.save();
    two.save(); // round 16's store, or an index not read again: one's ranges lost
    expect(files(home).filter((f) => f !== 'index.json')).toHaveLength(2);
    expect(run(home, 0, 10)).toBe(0);
  });
});
