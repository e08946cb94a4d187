// The CLI computes what formatters need from the file system once per run: repository-relative
// paths, fingerprints, rule doc links and (only for code frames) source text.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/baseline/fingerprint.js';
import { formatContext } from '../../src/cli/format-context.js';
import { finding, report, RULES } from '../report/helpers.js';

function repo() {
  const root = mkdtempSync(path.join(tmpdir(), 'kubelint-ctx-'));
  mkdirSync(path.join(root, '.git'));
  mkdirSync(path.join(root, 'k8s', 'deploy'), { recursive: true });
  writeFileSync(path.join(root, 'k8s', 'deploy', 'web.yaml'), 'kind: Deployment\n');
  return root;
}

describe('format context', () => {
  it('places every finding once: repository-relative path, fingerprint', () => {
    const root = repo();
    const cwd = path.join(root, 'k8s');
    const inRepo = finding();
    const stdin = finding({ file: '<stdin>' });
    const outside = finding({ file: '../../elsewhere.yaml' });
    const ctx = formatContext(report([inRepo, stdin, outside]), { cwd, rules: new Map(RULES.map((r) => [r.id, r])), version: '1' });
    expect(ctx.repoRoot).toBe(root);
    expect(ctx.places.get(inRepo)).toEqual({ path: 'k8s/deploy/web.yaml', inRepo: true, fingerprint: fingerprintOf(inRepo, 'k8s/deploy/web.yaml') });
    expect(ctx.places.get(stdin)).toEqual({ inRepo: false, fingerprint: fingerprintOf(stdin, '<stdin>') });
    expect(ctx.places.get(outside)).toEqual({ path: '../../elsewhere.yaml', inRepo: false, fingerprint: fingerprintOf(outside, '../../elsewhere.yaml') });
    // The same finding from another cwd in the repository keeps its fingerprint.
    const fromCwd = finding({ file: 'k8s/deploy/web.yaml' });
    const fromRoot = formatContext(report([fromCwd]), { cwd: root, rules: new Map(), version: '1' });
    expect(fromRoot.places.get(fromCwd)!.fingerprint).toBe(ctx.places.get(inRepo)!.fingerprint);
  });

  it('places a finding only when a format asks for its place (a JSON report never does)', () => {
    let read = 0;
    const counted = finding();
    const ruleId = counted.ruleId;
    Object.defineProperty(counted, 'ruleId', { get: () => (read++, ruleId), enumerable: true });
    const ctx = formatContext(report([counted]), { cwd: repo(), rules: new Map(), version: '1' });
    expect(read).toBe(0);
    expect(ctx.places.get(counted)!.fingerprint).toBe(fingerprintOf(finding(), 'deploy/web.yaml'));
    expect(read).toBeGreaterThan(0);
  });

  it('reads sources only when asked (code frames), stdin from memory', () => {
    const root = repo();
    const cwd = path.join(root, 'k8s');
    const r = report([finding(), finding({ file: '<stdin>' }), finding({ file: 'gone.yaml' })]);
    const rules = new Map(RULES.map((x) => [x.id, x]));
    expect(formatContext(r, { cwd, rules, version: '1' }).sources.size).toBe(0);
    const sources = formatContext(r, { cwd, rules, version: '1', sources: { stdin: 'kind: Pod\n' } }).sources;
    expect(Object.fromEntries(sources)).toEqual({ 'deploy/web.yaml': 'kind: Deployment\n', '<stdin>': 'kind: Pod\n' });
  });

  it('links every rule and every finding\'s rule to its docs, following docsUrl', () => {
    const r = report([finding({ ruleId: 'not-a-known-rule' })]);
    const ctx = formatContext(r, { cwd: repo(), rules: new Map(RULES.map((x) => [x.id, x])), version: '1', docsUrl: 'https://docs.example/{id}' });
    expect(ctx.ruleDoc('no-privileged')).toBe('https://docs.example/no-privileged');
    expect(ctx.ruleDoc('not-a-known-rule')).toBe('https://docs.example/not-a-known-rule');
  });
});
