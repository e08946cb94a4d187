// The parallel path (worker threads) must give byte-identical reports to the one-thread path:
// findings with lines and columns, suppressions, parse errors, duplicates across files that
// different workers parsed, and exit codes through the bundled CLI.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs generator without types
import { writeCorpus } from '../../bench/corpus.mjs';
import { exitCodeFor } from '../../src/cli/exit-code.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { lintWithConfig } from '../../src/lint.js';
import type { Report } from '../../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'kubelint.js');
let dir: string;

/** Files that exercise every kind of finding the parallel path must carry across threads. */
const EXTRA: Record<string, string> = {
  'dup-a.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  namespace: billing\ndata:\n  a: "1"\n',
  'dup-z.yaml': '# header\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  namespace: billing\ndata:\n  b: "2"\n',
  'suppressed.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: suppressed',
    '  namespace: billing',
    '  annotations:',
    '    kubelint.io/ignore: "liveness-probe,readiness-probe"',
    '    kubelint.io/ignore-reason: "batch worker, no HTTP"',
    'spec:',
    '  selector:',
    '    matchLabels: {app: suppressed}',
    '  template:',
    '    metadata:',
    '      labels: {app: suppressed}',
    '    spec:',
    '      containers:',
    '        - name: main',
    '          # kubelint-disable-next-line image-tag-pinned -- pinned by the release pipeline',
    '          image: example.com/app:latest',
    '          # kubelint-disable-next-line no-privileged -- nothing here is privileged',
    '          ports: [{containerPort: 8080}]',
    '',
  ].join('\n'),
  'broken.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: broken\n  labels: [unclosed\n',
  'anchors.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: anchored\n  namespace: billing\n  labels: &l {a: b}\n  annotations: *l\ndata: {x: "1"}\n',
  'list.yaml': 'apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: listed, namespace: billing}\n    spec:\n      selector: {app: nowhere}\n      ports: [{port: 80}]\n  - 42\n',
  'empty.yaml': '# nothing here\n',
};

async function report(workers: number): Promise<string> {
  const config = defaultConfig(dir);
  const result: Report = await lintWithConfig(['.'], config, { cwd: dir, workers, today: new Date('2026-11-22') });
  return JSON.stringify(result);
}

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'parallel', 'worker.js'))) throw new Error('dist/ is missing: run `npm run build` first (the workers run the built code)');
  dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-parallel-'));
  writeCorpus(300, { out: dir, perFile: 15 });
  for (const [name, text] of Object.entries(EXTRA)) writeFileSync(path.join(dir, '300', name), text);
  cpSync(path.join(ROOT, 'fixtures', 'rules'), path.join(dir, '300', 'rules'), { recursive: true });
  dir = path.join(dir, '300');
});

afterAll(() => {
  if (dir) rmSync(path.dirname(dir), { recursive: true, force: true });
});

describe('parallel lint', () => {
  it('gives the one-thread report, byte for byte, with 1, 2 and 3 workers', async () => {
    const single = await report(0);
    const parsed = JSON.parse(single) as Report;
    // The corpus must exercise what crosses threads, or the comparison proves little.
    expect(parsed.counts.fatal).toBeGreaterThan(0);
    expect(parsed.counts.suppressed).toBeGreaterThanOrEqual(3);
    const rules = new Set(parsed.findings.map((f) => f.ruleId));
    for (const id of ['duplicate-resource', 'parse-error', 'empty-input', 'not-k8s-object', 'schema', 'pdb-required', 'liveness-probe', 'unused-suppression']) {
      expect(rules, id).toContain(id);
    }
    expect(parsed.findings.filter((f) => f.range).length).toBeGreaterThan(100);
    for (const workers of [1, 2, 3]) expect(await report(workers), `${workers} workers`).toBe(single);
  }, 120_000);

  it('gives the same output and exit code through the bundled CLI', () => {
    const run = (workers: string) =>
      spawnSync(process.execPath, [BIN, '.', '--no-config', '--format', 'json'], { cwd: dir, env: { ...process.env, KUBELINT_WORKERS: workers }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const single = run('0');
    const parallel = run('2');
    expect(single.status).toBe(2); // the broken file is fatal
    expect(parallel.status).toBe(single.status);
    expect(parallel.stderr).toBe(single.stderr);
    expect(parallel.stdout).toBe(single.stdout);
    expect(single.stdout.length).toBeGreaterThan(1000);
  }, 120_000);

  // Workers get only plain files; resources from stdin and Helm renders stay on this thread and
  // must still get the per-resource Rego rules the workers would otherwise run.
  it('gives the one-thread report for stdin and a Helm chart linted alongside files', async () => {
    const mixed = mkdtempSync(path.join(os.tmpdir(), 'kubelint-parallel-mixed-'));
    try {
      cpSync(path.join(ROOT, 'fixtures', 'helm', 'app'), path.join(mixed, 'chart'), { recursive: true });
      writeFileSync(path.join(mixed, 'a.yaml'), EXTRA['dup-a.yaml']!);
      writeFileSync(path.join(mixed, 'b.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: other\n  namespace: billing\ndata: {b: "2"}\n');
      const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: billing\nspec:\n  containers:\n    - name: c\n      image: nginx:latest\n      securityContext: {privileged: true}\n';
      const run = async (workers: number) => {
        const config = defaultConfig(mixed);
        const result = await lintWithConfig(['-', 'a.yaml', 'b.yaml', 'chart'], config, { cwd: mixed, workers, readStdin: async () => pod, today: new Date('2026-11-22') });
        return { json: JSON.stringify(result), exit: exitCodeFor(result, config), report: result };
      };
      const single = await run(0);
      // Per-resource Rego findings on the stdin Pod and in the chart, or the comparison proves little.
      const where = (ruleId: string) => single.report.findings.filter((f) => f.ruleId === ruleId).map((f) => f.file);
      expect(where('no-privileged')).toEqual(['<stdin>']);
      expect(where('resource-limits')).toContain('chart/templates/deployment.yaml');
      expect(single.report.counts.suppressed).toBeGreaterThan(0); // the chart's disable comment
      const parallel = await run(2);
      expect(parallel.exit).toBe(single.exit);
      expect(parallel.json).toBe(single.json);
    } finally {
      rmSync(mixed, { recursive: true, force: true });
    }
  }, 120_000);

  it('refuses a bad KUBELINT_WORKERS with a clear config error (exit 2)', () => {
    const out = spawnSync(process.execPath, [BIN, 'dup-a.yaml', '--no-config'], { cwd: dir, env: { ...process.env, KUBELINT_WORKERS: 'many' }, encoding: 'utf8' });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain('KUBELINT_WORKERS must be "auto" or a whole number');
  });
});
