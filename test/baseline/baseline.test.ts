import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { sampleRepo } from './helpers.js';

const lines = (file: string) => readFileSync(file, 'utf8');

describe('baseline', () => {
  it('records findings, then fails only on new ones and reports fixed ones', async () => {
    const repo = sampleRepo();
    const written = await runCli(['k8s', '--write-baseline', 'ci/baseline.json', '--format', 'json'], { cwd: repo });
    expect(written.code).toBe(0);
    expect(written.stderr).toMatch(/wrote \d+ findings to baseline ci\/baseline\.json/);
    const baseline = JSON.parse(lines(path.join(repo, 'ci/baseline.json')));
    expect(baseline.version).toBe(1);
    expect(baseline.findings.length).toBeGreaterThan(5);
    // Paths are relative to the baseline file, and no line numbers are stored.
    expect(baseline.findings.every((f: { file: string }) => f.file.startsWith('../k8s/'))).toBe(true);
    expect(JSON.stringify(baseline)).not.toMatch(/"line"/);

    // Same tree: everything is baselined, the run passes.
    const clean = await runJson(['k8s', '--baseline', 'ci/baseline.json'], { cwd: repo });
    expect(clean.code).toBe(0);
    expect(clean.report!.summary.errors).toBe(0);
    expect(clean.report!.findings.every((f) => f.suppressed?.kind === 'baseline' && f.suppressed.reason === 'in baseline ci/baseline.json')).toBe(true);

    // Shift every line down, fix one finding (privileged), add a new one (hostNetwork).
    const web = path.join(repo, 'k8s/web.yaml');
    const edited = ('# moved\n# down\n' + lines(web))
      .replace('            privileged: true\n', '')
      .replace('    spec:\n      containers:', '    spec:\n      hostNetwork: true\n      containers:');
    writeFileSync(web, edited);
    const after = await runJson(['k8s', '--baseline', 'ci/baseline.json'], { cwd: repo });
    expect(after.code).toBe(1);
    const fresh = after.report!.findings.filter((f) => !f.suppressed);
    expect(fresh.map((f) => f.ruleId)).toEqual(['no-host-namespaces']);
    const body = JSON.parse(after.stdout);
    expect(body.baseline.file).toBe('ci/baseline.json');
    expect(body.baseline.absent.map((a: { ruleId: string }) => a.ruleId)).toContain('no-privileged');
    expect(body.baseline.matched).toBe(after.report!.summary.suppressed);
    expect(after.stderr).toMatch(/baseline ci\/baseline\.json: \d+ known findings suppressed; \d+ baselined findings? (is|are) gone/);
  });

  it('works from another cwd because files are stored relative to the baseline', async () => {
    const repo = sampleRepo();
    await runCli(['k8s', '--write-baseline', 'baseline.json'], { cwd: repo });
    const fromSub = await runJson(['.', '--baseline', '../baseline.json'], { cwd: path.join(repo, 'k8s') });
    expect(fromSub.code).toBe(0);
    expect(fromSub.report!.summary.suppressed).toBeGreaterThan(5);
  });

  it('explains a missing or malformed baseline instead of crashing', async () => {
    const repo = sampleRepo();
    const missing = await runCli(['k8s', '--baseline', 'nope.json'], { cwd: repo });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('cannot read baseline nope.json: ENOENT (create it with --write-baseline nope.json)');
    writeFileSync(path.join(repo, 'bad.json'), '{"version": 7, "findings": []}');
    const bad = await runCli(['k8s', '--baseline', 'bad.json'], { cwd: repo });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unsupported format');
    const both = await runCli(['k8s', '--baseline', 'a', '--write-baseline', 'b'], { cwd: repo });
    expect(both.code).toBe(2);
  });

  it('never baselines lost input', async () => {
    const repo = sampleRepo();
    writeFileSync(path.join(repo, 'k8s/broken.yaml'), 'a: [\n');
    const written = await runCli(['k8s', '--write-baseline', 'b.json'], { cwd: repo });
    expect(written.code).toBe(2);
    const baseline = JSON.parse(lines(path.join(repo, 'b.json')));
    expect(baseline.findings.some((f: { ruleId: string }) => f.ruleId === 'parse-error')).toBe(false);
  });
});
