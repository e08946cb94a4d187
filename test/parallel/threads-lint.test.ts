// A whole lint with the Rego helper thread (KUBELINT_THREADS=2) reports byte-for-byte what one
// thread reports, on an input of many files and namespaces with parse errors, an empty file,
// comment and annotation suppressions (used and unused), a CRD with valid and invalid custom
// resources, cross-resource findings and a duplicate split across files. Needs `npm run build`.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lint } from '../../src/lint.js';
import { AUTO_RESOURCES, Threads, threadMode } from '../../src/parallel/threads.js';
import { policyModule } from '../../src/engine/rego.js';
import type { InputPlan } from '../../src/load/plan.js';
import { runCli } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const tempDir = tempDirs();

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              required: [size]
              properties:
                size: {type: integer, minimum: 1}
`;

function app(ns: string, i: number): string {
  const name = `app-${i}`;
  const suppress = i % 7 === 0 ? '      # kubelint-disable-next-line image-tag-pinned -- tracked upstream\n' : '';
  const unused = i % 11 === 0 ? '  # kubelint-disable-next-line no-host-namespaces -- never fires here\n' : '';
  const annotation = i % 5 === 0 ? '  annotations:\n    kubelint.io/ignore: "read-only-root-filesystem"\n    kubelint.io/ignore-reason: "writes a cache"\n' : '';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
  namespace: ${ns}
${annotation}${unused}  labels: {app: ${name}}
spec:
  replicas: ${i % 3 === 0 ? 1 : 2}
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec:
      containers:
        - name: main
${suppress}          image: example.com/${name}:${i % 4 === 0 ? 'latest' : '1.2.3'}
          ports: [{containerPort: ${8000 + (i % 50)}}]
---
apiVersion: v1
kind: Service
metadata: {name: ${name}, namespace: ${ns}}
spec:
  selector: {app: ${i % 9 === 0 ? 'nobody' : name}}
  ports: [{port: 80, targetPort: ${8000 + (i % 50)}}]
`;
}

/** ~1,000 resources in 8 namespaces over 40 files, plus the awkward ones. */
function writeInput(dir: string): void {
  const namespaces = Array.from({ length: 8 }, (_, n) => `team-${n}`);
  for (const [n, ns] of namespaces.entries()) {
    for (let f = 0; f < 5; f++) {
      const docs = Array.from({ length: 12 }, (_, k) => app(ns, f * 12 + k));
      writeFileSync(path.join(dir, `${ns}-${f}.yaml`), `# generated\n---\n${docs.join('---\n')}`);
    }
    const widgets = [1, n === 3 ? 0 : 2, 'big'].map((size, k) => `apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w${k}, namespace: ${ns}}\nspec: {size: ${size}}\n`);
    writeFileSync(path.join(dir, `${ns}-widgets.yaml`), widgets.join('---\n'));
  }
  writeFileSync(path.join(dir, 'crd.yaml'), CRD);
  // The same Deployment as team-2's first file declares: a duplicate across files.
  writeFileSync(path.join(dir, 'team-2-dup.yaml'), app('team-2', 0));
  writeFileSync(path.join(dir, 'broken.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: [unclosed\n');
  writeFileSync(path.join(dir, 'empty.yaml'), '# nothing\n');
}

afterEach(() => vi.restoreAllMocks());

describe('KUBELINT_THREADS=2', () => {
  it('reports exactly what one thread reports, with the helper evaluating chunks', async () => {
    const dir = tempDir('kubelint-threads-');
    writeInput(dir);
    const helped: number[] = [];
    const close = Threads.prototype.close;
    vi.spyOn(Threads.prototype, 'close').mockImplementation(function (this: Threads) {
      const closed = close.call(this);
      helped.push(this.helped);
      return closed;
    });
    const one = await lint([dir], { cwd: dir, configFile: false, env: { KUBELINT_THREADS: '1' }, today: new Date('2026-01-01') });
    const two = await lint([dir], { cwd: dir, configFile: false, env: { KUBELINT_THREADS: '2' }, today: new Date('2026-01-01') });
    expect(one.resources).toBeGreaterThan(900);
    const rules = new Set(one.findings.map((f) => f.ruleId));
    for (const rule of ['parse-error', 'empty-input', 'duplicate-resource', 'schema', 'image-tag-pinned', 'unused-suppression']) expect(rules).toContain(rule);
    expect(one.findings.some((f) => f.suppressed)).toBe(true);
    expect(helped.at(-1)).toBeGreaterThan(0);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  });

  it('prints the same report through the CLI, and refuses an unknown value (exit 2)', async () => {
    const dir = tempDir('kubelint-threads-cli-');
    writeInput(dir);
    const one = await runCli([dir, '--no-config', '--format', 'json'], { cwd: dir, env: { KUBELINT_THREADS: '1' } });
    const two = await runCli([dir, '--no-config', '--format', 'json'], { cwd: dir, env: { KUBELINT_THREADS: '2' } });
    expect(one.code).toBe(2); // the parse error
    expect(two.code).toBe(one.code);
    expect(two.stdout).toBe(one.stdout);
    const bad = await runCli([dir, '--no-config'], { cwd: dir, env: { KUBELINT_THREADS: 'many' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('KUBELINT_THREADS must be 1, 2 or auto');
  });
});

describe('KUBELINT_THREADS unset', () => {
  it('is auto: a helper for large inputs only (BENCHMARKS.md round 6, r6wall)', async () => {
    expect(threadMode({})).toBe('auto');
    expect(threadMode({ KUBELINT_THREADS: ' ' })).toBe('auto');
    expect(threadMode({ KUBELINT_THREADS: '1' })).toBe('one');
    const module = await policyModule();
    const dir = tempDir('kubelint-threads-auto-');
    writeInput(dir);
    const small = new Threads(threadMode({}));
    await small.prestart(module, [path.join(dir, 'team-0-0.yaml')]);
    await small.prepare(module, [AUTO_RESOURCES - 1, 10]);
    expect(small.helperFor(module, AUTO_RESOURCES - 1)).toBeUndefined();
    expect(small.close()).toBe(false); // no worker was made
    const large = new Threads(threadMode({}));
    try {
      expect(large.helperFor(module, AUTO_RESOURCES)).toBeDefined();
    } finally {
      expect(large.close()).toBe(true);
    }
    // A render's batch of AUTO_RESOURCES: its helper starts once the batch is sized, before the checks.
    const render = new Threads(threadMode({}));
    try {
      await render.prepare(module, [10, AUTO_RESOURCES]);
      expect(render.helperFor(module, 10)).toBeDefined();
    } finally {
      expect(render.close()).toBe(true);
    }
  });

  it('leaves a --changed run (a narrowed plan) on one thread in auto; KUBELINT_THREADS=2 still forces the helper', async () => {
    const dir = tempDir('kubelint-threads-changed-');
    writeInput(dir);
    const runs = new Set<Threads>(); // close is called more than once per run
    const close = Threads.prototype.close;
    vi.spyOn(Threads.prototype, 'close').mockImplementation(function (this: Threads) {
      runs.add(this);
      return close.call(this);
    });
    const narrowPlan = async (plan: InputPlan) => plan;
    const options = { cwd: dir, configFile: false as const, today: new Date('2026-01-01') };
    const plain = await lint([dir], { ...options, env: {} });
    const narrowed = await lint([dir], { ...options, env: {}, narrowPlan });
    const forced = await lint([dir], { ...options, env: { KUBELINT_THREADS: '2' }, narrowPlan });
    expect([...runs].map((threads) => threads.mode)).toEqual(['auto', 'one', 'two']);
    expect(JSON.stringify(narrowed)).toBe(JSON.stringify(plain));
    expect(JSON.stringify(forced)).toBe(JSON.stringify(plain));
  });
});
