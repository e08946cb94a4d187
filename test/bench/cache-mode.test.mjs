// The cache folder a benchmarked kubelint run gets (bench/cli/cache-mode.mjs), and how the peers
// table says which mode it was measured in (bench/cli/peers-report.mjs).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AB_CACHE_MODES, cacheFolders, checkCacheMode } from '../../bench/cli/cache-mode.mjs';
import { blockMarkers, toMarkdown, writeBenchmarksSection } from '../../bench/cli/peers-report.mjs';

const scratch = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'cache-mode-test-'));
  scratch.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('cacheFolders', () => {
  it('first: a new empty folder for every run, removed when the run is done', () => {
    const base = temp();
    const folders = cacheFolders('first', base);
    const a = folders.forRun('kubelint');
    const b = folders.forRun('kubelint');
    expect(a.env.KUBELINT_CACHE_DIR).not.toBe(b.env.KUBELINT_CACHE_DIR);
    expect(readdirSync(a.env.KUBELINT_CACHE_DIR)).toEqual([]);
    writeFileSync(join(a.env.KUBELINT_CACHE_DIR, 'key'), 'x');
    a.done();
    b.done();
    expect(readdirSync(base)).toEqual([]);
  });

  it('warm: one folder per key, kept across runs until closed', () => {
    const base = temp();
    const folders = cacheFolders('warm', base);
    const a = folders.forRun('kubelint').env.KUBELINT_CACHE_DIR;
    writeFileSync(join(a, 'key'), 'x');
    expect(folders.forRun('kubelint').env.KUBELINT_CACHE_DIR).toBe(a);
    expect(folders.forRun('kubelint+config').env.KUBELINT_CACHE_DIR).not.toBe(a);
    expect(existsSync(join(a, 'key'))).toBe(true);
    folders.close();
    expect(readdirSync(base)).toEqual([]);
  });

  it('second (ab.mjs only): a new folder for every run, with one untimed run before it; peers.mjs refuses it', () => {
    const base = temp();
    const folders = cacheFolders('second', base);
    const a = folders.forRun('a');
    const b = folders.forRun('a');
    expect([a.primes, b.primes]).toEqual([1, 1]);
    expect(a.env.KUBELINT_CACHE_DIR).not.toBe(b.env.KUBELINT_CACHE_DIR);
    a.done();
    b.done();
    expect(readdirSync(base)).toEqual([]);
    expect(cacheFolders('first', base).forRun('a').primes).toBe(0);
    expect(checkCacheMode('second', AB_CACHE_MODES)).toBe('second');
    expect(() => checkCacheMode('second')).toThrow(/--cache is first or warm, got second/);
  });

  it('no mode: the user\'s folder (no KUBELINT_CACHE_DIR set); an unknown mode is refused by name', () => {
    expect(cacheFolders(undefined).forRun('kubelint').env).toEqual({});
    expect(() => checkCacheMode('cold')).toThrow(/--cache is first or warm, got cold/);
    expect(() => cacheFolders('cold')).toThrow(/cold/);
  });
});

const report = (cache) => ({
  date: '2026-12-07T00:00:00.000Z', head: 'abc1234', minutes: 1, argv: cache ? ['--cache', cache] : [],
  machine: { nproc: '2', cpu: 'cpu', memory: 'mem', kernel: 'Linux', node: 'v20', go: 'go', versions: { kubelint: '1' } },
  skipped: {}, slowLimit: 120, cache,
  results: [{
    size: 1000, runs: 3, uptimeBefore: 'up', uptimeAfter: 'up', roundLoads: ['1'],
    cells: [
      { shape: 'crd', tool: 'kubelint', summary: { bytes: 1048576 }, wall: 2, cpu: 3, rssMiB: 150, outcome: '5 findings', command: 'node bin/kubelint.js' },
      { shape: 'crd', tool: 'kubeconform', summary: { bytes: 1048576 }, wall: 1, cpu: 2, rssMiB: 50, outcome: 'ok', command: 'kubeconform' },
    ],
  }],
});

describe('the peers table in a cache mode', () => {
  it('says the mode in the method and in the targets; the default table does not change', () => {
    const first = toMarkdown(report('first'));
    expect(first).toContain('Cache mode `--cache first`: an empty cache folder for every kubelint run');
    expect(first).toContain('Targets (issue #22), first runs:');
    expect(first).toContain('| target | measured (kubelint medians from this run; first runs, see Cache mode) | verdict |');
    const warm = toMarkdown(report(undefined));
    expect(warm).not.toContain('Cache mode');
    expect(warm).toContain('Targets (issue #22):\n');
    expect(warm).toContain('| target | measured (kubelint medians from this run) | verdict |');
  });

  it('writes a mode into its own block, leaving the default block as it was', () => {
    const file = join(temp(), 'BENCHMARKS.md');
    const warm = blockMarkers(undefined);
    expect(warm.begin).toBe('<!-- peers:begin — written by `node bench/cli/peers.mjs`; edit the script, not this block -->');
    writeFileSync(file, `# B\n\n${warm.begin}\n\nwarm table\n${warm.end}\n\n## after\n`);
    writeBenchmarksSection(file, 'first table\n', 'first');
    writeBenchmarksSection(file, 'first table again\n', 'first');
    const text = readFileSync(file, 'utf8');
    expect(text).toContain(`${warm.begin}\n\nwarm table\n${warm.end}`);
    expect(text.match(/peers-first:begin/g)).toHaveLength(1);
    expect(text).toContain('first table again');
    expect(text).not.toContain('first table\n\n');
    writeBenchmarksSection(file, 'warm table 2\n');
    expect(readFileSync(file, 'utf8')).toContain('first table again');
    expect(readFileSync(file, 'utf8')).toContain(`${warm.begin}\n\nwarm table 2\n\n${warm.end}`);
  });
});
