// The benchmark corpus must be reproducible (same seed → same bytes) and carry what it claims.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { generateResources, serializeFile, writeCorpus } from '../../bench/corpus-gen/corpus.mjs';
import { createRandom } from '../../bench/corpus-gen/random.mjs';

const dirs = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

function digestOf(dir) {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(join(dir, name)));
  return hash.digest('hex');
}

function corpusDigest(size, seed) {
  const out = mkdtempSync(join(tmpdir(), 'kubelint-corpus-'));
  dirs.push(out);
  writeCorpus(size, { seed, out });
  return { digest: digestOf(join(out, String(size))), out };
}

describe('createRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    const c = createRandom(8);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
    for (const v of seqA) expect(v >= 0 && v < 1).toBe(true);
  });

  it('rejects a non-integer seed', () => {
    expect(() => createRandom(1.5)).toThrow(/seed must be an integer/);
  });
});

describe('corpus generator', () => {
  it('writes byte-identical files for the same seed', () => {
    const first = corpusDigest(300, 42);
    const second = corpusDigest(300, 42);
    expect(second.digest).toBe(first.digest);
  });

  it('writes different files for a different seed', () => {
    expect(corpusDigest(300, 43).digest).not.toBe(corpusDigest(300, 42).digest);
  });

  it('generates exactly N resources, about perFile per file, across namespaces', () => {
    const { files } = generateResources(1000, { seed: 1, perFile: 20 });
    const resources = files.flatMap((f) => f.resources);
    expect(resources).toHaveLength(1000);
    expect(new Set(resources.map((r) => r.metadata.namespace)).size).toBeGreaterThan(1);
    for (const f of files) expect(f.resources.length).toBeLessThanOrEqual(20 + 6);
    const kinds = new Set(resources.map((r) => r.kind));
    for (const kind of ['Deployment', 'StatefulSet', 'CronJob', 'Service', 'ConfigMap', 'PodDisruptionBudget', 'NetworkPolicy', 'HorizontalPodAutoscaler']) {
      expect(kinds.has(kind), kind).toBe(true);
    }
  });

  it('mixes compliant and non-compliant workloads and reports what it planted', () => {
    const { files, planted } = generateResources(2000, { seed: 3 });
    expect(planted.compliantWorkloads).toBeGreaterThan(planted.noncompliantWorkloads);
    expect(planted.noncompliantWorkloads).toBeGreaterThan(0);
    const images = files.flatMap((f) => f.resources).filter((r) => r.kind === 'Deployment')
      .flatMap((d) => d.spec.template.spec.containers.map((c) => c.image));
    expect(images.filter((i) => i.endsWith(':latest')).length).toBeGreaterThan(0);
    expect(images.filter((i) => !i.endsWith(':latest')).length).toBeGreaterThan(images.length / 2);
  });

  it('makes the one-resource corpus a single Deployment', () => {
    const { files } = generateResources(1);
    expect(files).toHaveLength(1);
    expect(files[0].resources.map((r) => r.kind)).toEqual(['Deployment']);
  });

  it('serialises parseable YAML streams whose objects round-trip', () => {
    const { files } = generateResources(60, { seed: 9 });
    const text = serializeFile(files[0].resources, 9);
    const docs = parseAllDocuments(text);
    expect(docs.every((d) => d.errors.length === 0)).toBe(true);
    expect(docs.map((d) => d.toJS())).toEqual(JSON.parse(JSON.stringify(files[0].resources)));
  });

  it('rejects a bad size', () => {
    expect(() => generateResources(-1)).toThrow(/non-negative integer/);
    expect(() => generateResources(10, { perFile: 0 })).toThrow(/positive integer/);
  });
});
