// Ranges located by one run are read by the next that asks the same of the same text
// (cache/located-ranges.ts): the report is the same, nothing is located again, an edited text is
// located afresh, and a file that is not this user's signed entry is ignored.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PRUNE_LOCATED, locatedRangesFile, locatedRangesWork, useLocatedRanges } from '../../src/cache/located-ranges.js';
import { quickLocate, quickLocateWork } from '../../src/load/quick-locate.js';
import { runJson } from '../helpers/cli.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'kubelint-located-'));
afterAll(() => {
  useLocatedRanges(undefined);
  rmSync(tmp, { recursive: true, force: true });
});

const workload = (name: string, image: string) =>
  [
    'apiVersion: apps/v1', // 1
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    '  namespace: shop', // 5
    'spec:',
    '  selector:',
    `    matchLabels: {app: ${name}}`,
    '  template:',
    '    metadata:', // 10
    `      labels: {app: ${name}}`,
    '    spec:',
    '      containers:',
    '      - name: app',
    `        image: ${image}`, // 15
    '',
  ].join('\n');

/** Each finding as file:line:column-endColumn rule. */
const places = (report: { findings: Array<{ file: string | null; line: number | null; column: number | null; endColumn: number | null; ruleId: string }> }) =>
  report.findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endColumn} ${f.ruleId}`);

describe('located ranges store', () => {
  it('gives the next run the same locations without reading the documents again; an edited document is located afresh', async () => {
    const cwd = path.join(tmp, 'repo');
    const env = { KUBELINT_CACHE_DIR: path.join(tmp, 'cache') };
    rmSync(cwd, { recursive: true, force: true });
    mkdirSync(cwd, { recursive: true });
    writeFileSync(path.join(cwd, 'web.yaml'), `---\n${workload('web', 'nginx')}`);
    writeFileSync(path.join(cwd, 'db.yaml'), workload('db', 'postgres:16'));
    // Three documents: more than quick-locate keeps indexed between calls (INDEXES_KEPT), so a run
    // without the store reads some of them again.
    writeFileSync(path.join(cwd, 'queue.yaml'), workload('queue', 'rabbitmq:3'));
    const locatedDir = path.join(env.KUBELINT_CACHE_DIR, 'located');
    const locatedFile = () => path.join(locatedDir, readdirSync(locatedDir).find((f) => f.endsWith('.json'))!);
    const lint = async () => {
      const steps = quickLocateWork.stepsRead + quickLocateWork.rootsRead;
      const { report } = await runJson(['.', '--no-config'], { cwd, env });
      useLocatedRanges(undefined); // what the process's exit does: save what the run kept
      return { report: report!, steps: quickLocateWork.stepsRead + quickLocateWork.rootsRead - steps };
    };
    const first = await lint();
    expect(first.report.findings.length).toBeGreaterThan(10);
    expect(first.steps).toBeGreaterThan(0);
    // A first run leaves an empty file only (a CI job without a restored cache never reads it).
    expect(JSON.parse(readFileSync(locatedFile(), 'utf8').split('\n').slice(1).join('\n'))).toEqual({ paths: [], texts: [] });
    const keeping = await lint();
    expect(keeping.report).toEqual(first.report);
    expect(keeping.steps).toBeGreaterThan(0);
    // web.yaml starts with `---`: its lines count from the file's first line (the image on 16).
    expect(places(first.report)).toContain('web.yaml:16:9-21 image-tag-pinned');
    expect(places(first.report)).toContain('db.yaml:14:9-18 liveness-probe');
    const second = await lint();
    expect(second.report).toEqual(first.report);
    expect(second.steps).toBe(0);
    expect(readdirSync(locatedDir).filter((f) => f.endsWith('.json'))).toHaveLength(1);

    // The image line moves down one line in web.yaml: its findings move with it, db.yaml's are read.
    writeFileSync(path.join(cwd, 'web.yaml'), `---\n# moved\n${workload('web', 'nginx')}`);
    const third = await lint();
    expect(places(third.report)).toContain('web.yaml:17:9-21 image-tag-pinned');
    expect(places(third.report)).toContain('db.yaml:14:9-18 liveness-probe');
    expect(third.steps).toBeGreaterThan(0);
    const fourth = await lint();
    expect(fourth.report).toEqual(third.report);
    expect(fourth.steps).toBe(0);
  });

  it('ignores a stored file that is not signed by this user, and keeps the item 0 and the key "0" apart', () => {
    const home = { dir: path.join(tmp, 'unit'), secret: Buffer.alloc(32, 7), version: 'test-build' };
    const text = 'a:\n  "0": x\nb:\n- y\n';
    const item = ['b', 0];
    useLocatedRanges(home);
    const located = quickLocate(text, 0, item);
    expect(located).toEqual({ line: 4, column: 3, endLine: 4, endColumn: 4 });
    useLocatedRanges(home); // the first "run": an empty file
    expect(quickLocate(text, 0, item)).toEqual(located);
    useLocatedRanges(home); // the second keeps what it located
    const file = locatedRangesFile(home);
    const body = readFileSync(file, 'utf8');
    expect(body).toContain('"[\\"b\\",0]"');
    // Stored for ["b", 0] only: ["b", "0"] (a key, missing) is located, not read as the item.
    expect(quickLocate(text, 0, ['b', '0'])).toEqual({ line: 3, column: 1, endLine: 3, endColumn: 2 });
    const steps = quickLocateWork.stepsRead;
    expect(quickLocate(text, 0, item)).toEqual(located);
    expect(quickLocateWork.stepsRead).toBe(steps);

    // Another user's key (or an edited file) does not verify: everything is located again.
    useLocatedRanges({ ...home, secret: Buffer.alloc(32, 8) });
    const before = quickLocateWork.stepsRead;
    expect(quickLocate(`${text}# other text\n`, 0, item)).toEqual(located);
    expect(quickLocate(text, 0, item)).toEqual(located);
    expect(quickLocateWork.stepsRead).toBeGreaterThan(before);
    useLocatedRanges(undefined);
  });

  it('hashes each text once, however the findings of two documents come in turn', () => {
    const home = { dir: path.join(tmp, 'turns'), secret: Buffer.alloc(32, 9), version: 'test-build' };
    // Two large documents (a List each) whose 200 findings alternate: each text hashed once, not 200 times.
    const list = (name: string) => `apiVersion: v1\nkind: List\nitems:\n${Array.from({ length: 100 }, (_, i) => `- kind: ConfigMap\n  metadata:\n    name: ${name}${i}\n`).join('')}`;
    const [a, b] = [list('a'), list('b')];
    for (let run = 0; run < 3; run++) {
      useLocatedRanges(home);
      const before = locatedRangesWork.textsHashed;
      for (let i = 0; i < 100; i++) {
        expect(quickLocate(a, 0, ['items', i, 'metadata', 'name'])).toEqual({ line: 6 + 3 * i, column: 5, endLine: 6 + 3 * i, endColumn: 11 + String(i).length + 1 });
        expect(quickLocate(b, 0, ['items', i, 'metadata', 'name'])?.line).toBe(6 + 3 * i);
      }
      // The first run keeps nothing (hashes nothing); the second keeps, the third reads: two texts each.
      expect(locatedRangesWork.textsHashed - before).toBe(run === 0 ? 0 : 2);
    }
    useLocatedRanges(undefined);
  });

  it("keeps the newest builds' files only: other builds' files do not pile up in the cache folder", () => {
    const home = { dir: path.join(tmp, 'builds'), secret: Buffer.alloc(32, 5), version: 'build-now' };
    const folder = path.dirname(locatedRangesFile(home));
    mkdirSync(folder, { recursive: true });
    const old = Date.now() / 1000 - 3600;
    for (let i = 0; i < PRUNE_LOCATED.keep + 4; i++) {
      const file = locatedRangesFile({ ...home, version: `build-${i}` });
      writeFileSync(file, '{}');
      utimesSync(file, old + i, old + i);
    }
    useLocatedRanges(home);
    quickLocate('a: 1\n', 0, ['a']);
    useLocatedRanges(undefined); // the first run's empty file is written, and the folder pruned
    const left = readdirSync(folder).filter((f) => f.endsWith('.json'));
    expect(left).toHaveLength(PRUNE_LOCATED.keep);
    expect(left).toContain(path.basename(locatedRangesFile(home)));
  });
});
