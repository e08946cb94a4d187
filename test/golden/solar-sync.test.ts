// The reference fixtures: the Solar Sync seed as it was (a golden list of findings, kept in
// fixtures/solar-sync-seed/EXPECTED.md) and its rewrite in manifests/ (no findings at all).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';

/** Rows of the "Findings (golden list)" table: file, line:col, rule, count. */
function goldenFindings(): string[] {
  const doc = readFileSync('fixtures/solar-sync-seed/EXPECTED.md', 'utf8');
  const section = doc.split('## Findings (golden list)')[1]!.split('\n## ')[0]!;
  const rows = section.split('\n').filter((l) => /^\| k8s\//.test(l));
  return rows.flatMap((row) => {
    const [file, position, rule, count] = row.split('|').slice(1, 5).map((c) => c.trim());
    return Array.from({ length: Number(count) }, () => `${file} ${position} ${rule}`);
  });
}

describe('Solar Sync', () => {
  it('the seed as it was gives exactly the golden findings', async () => {
    const { code, report } = await runJson(['fixtures/solar-sync-seed', '--no-config']);
    const got = report!.findings.map((f) => `${f.file!.replace('fixtures/solar-sync-seed/', '')} ${f.line}:${f.column} ${f.ruleId}`);
    const expected = goldenFindings();
    expect(expected.length).toBeGreaterThan(10);
    expect(got.sort()).toEqual(expected.sort());
    expect(code).toBe(1);
  });

  it('the compliant manifests give no finding at all, with the repository config', async () => {
    const { code, report } = await runJson([]);
    expect(report!.findings).toEqual([]);
    expect(code).toBe(0);
    // Plain YAML, the Helm chart and the Kustomize overlays were all linted.
    expect(report!.summary.resources).toBeGreaterThan(30);
  });
});
