// Issue #14 items 3 and 7: variant names in every format, one finding per position across
// variants, and output that scales (compact, per-rule totals, --quiet counts, variant headers).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const CHART = path.join(REPO_ROOT, 'fixtures/repos/chart-renders');
const OVERLAYS = path.join(REPO_ROOT, 'fixtures/repos/overlays-tree');
const T = 60_000;
const RENDERS = ['charts/app[dev]', 'charts/app[staging]', 'charts/app[production]'];

describe('variant names on findings (item 3)', () => {
  it('JSON keeps the list of variants of a finding reported once', async () => {
    const run = await runCli(['.', '--format', 'json'], { cwd: CHART });
    const report = JSON.parse(run.stdout);
    const tags = report.findings.filter((f: { ruleId: string }) => f.ruleId === 'image-tag-pinned');
    expect(tags).toHaveLength(1);
    expect(tags[0]).toMatchObject({ file: 'charts/app/templates/pod.yaml', line: 9, column: 7, variants: RENDERS });
  }, T);

  it('SARIF carries the variants as a result property; JUnit and GitHub name them', async () => {
    const sarif = JSON.parse((await runCli(['.', '--format', 'sarif'], { cwd: CHART })).stdout);
    const result = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'image-tag-pinned');
    expect(result.properties.variants).toEqual(RENDERS);
    expect(result.locations[0].physicalLocation.region).toMatchObject({ startLine: 9, startColumn: 7 });
    const junit = (await runCli(['.', '--format', 'junit'], { cwd: CHART })).stdout;
    expect(junit).toContain(`variants: ${RENDERS.join(', ')}`);
    const github = (await runCli(['.', '--format', 'github'], { cwd: CHART })).stdout;
    expect(github).toMatch(/::warning file=fixtures\/repos\/chart-renders\/charts\/app\/templates\/pod\.yaml,line=9,col=7,.*%0Ain: charts\/app\[dev\], charts\/app\[staging\], charts\/app\[production\]/);
  }, T);

  it('stylish prints a variant header once instead of the template line once per render', async () => {
    const out = (await runCli(['.', '--no-color'], { cwd: CHART })).stdout;
    expect(out.match(/image-tag-pinned/g)).toHaveLength(2); // the finding, and its line in the totals
    const file = out.slice(out.indexOf('charts/app/templates/pod.yaml\n'));
    const common = file.indexOf(`\n  in ${RENDERS.join(', ')}\n`);
    expect(common).toBeGreaterThan(0);
    expect(file.split(`in ${RENDERS.join(', ')}`)).toHaveLength(2); // one header
    expect(file.indexOf('\n  9:7 ')).toBeGreaterThan(common); // the finding sits under it, once
    expect(file.match(/\n {2}9:7 /g)).toHaveLength(1);
  }, T);
});

describe('output that scales (item 7)', () => {
  it('--format compact: one line per finding with file:line:column and variants', async () => {
    const out = (await runCli(['.', '--format', 'compact'], { cwd: OVERLAYS })).stdout;
    const line = out.split('\n').find((l) => l.includes('(image-tag-pinned)'));
    expect(line).toMatch(/^base\/deployment\.yaml:17:11: warning: .* \(image-tag-pinned\) — Deployment monitoring\/metrics \[overlays\/release, overlays\/test-all, overlays\/test-ha, overlays\/test-tls\]$/);
    expect(out).toMatch(/\n\n\d+ problems\n$/);
  }, T);

  it('stylish ends with per-rule totals; --quiet counts only what it shows', async () => {
    const all = (await runCli(['.', '--no-color'], { cwd: OVERLAYS })).stdout;
    expect(all).toMatch(/Findings by rule:\n(\s+\d+\s+[a-z-]+\n)+/);
    const quiet = await runCli(['.', '--quiet', '--format', 'json'], { cwd: OVERLAYS });
    const report = JSON.parse(quiet.stdout);
    expect(report.summary.warnings).toBe(0);
    expect(report.summary.infos).toBe(0);
    expect(report.summary.errors).toBe(report.findings.length);
    const quietText = (await runCli(['.', '--quiet', '--no-color'], { cwd: OVERLAYS })).stdout;
    expect(quietText).not.toMatch(/\d+:\d+ +warning/);
    expect(quietText).toMatch(/problems? \(\d+ errors?, 0 warnings\)/);
  }, T);
});
