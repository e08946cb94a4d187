// The pre-commit hook end to end: a git repository, staged changes, and the hook's exact
// invocation (entry + the staged files its `files` pattern selects), run through execute().
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { planChanged, onlyChanged } from '../../src/cli/changed-files.js';
import { resolveConfig } from '../../src/config/load.js';
import { sampleRepo } from '../baseline/helpers.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';
import type { Report } from '../../src/types.js';

interface Hook {
  id: string;
  entry: string;
  language: string;
  files: string;
  require_serial?: boolean;
}

const hooks = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Hook[];
const hook = hooks.find((h) => h.id === 'kubelint')!;

/** What pre-commit runs: entry's arguments plus the staged files matching `files`. */
async function runHook(repo: string) {
  const staged = execFileSync('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR'], { cwd: repo, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && new RegExp(hook.files).test(f));
  const [bin, ...args] = hook.entry.split(/\s+/);
  expect(bin).toBe('kubelint');
  return { staged, ...(await runCli([...args, ...staged, '--format', 'json'], { cwd: repo })) };
}

function stage(repo: string, file: string, text: string) {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
  execFileSync('git', ['add', file], { cwd: repo });
}

describe('pre-commit hook', () => {
  it('is declared as pre-commit expects', () => {
    expect(hook).toMatchObject({ language: 'node', require_serial: true });
    expect(new RegExp(hook.files).test('k8s/app.yml')).toBe(true);
    expect(new RegExp(hook.files).test('k8s/app.json')).toBe(true);
    expect(new RegExp(hook.files).test('charts/app/templates/_helpers.tpl')).toBe(true);
    expect(new RegExp(hook.files).test('README.md')).toBe(false);
    expect(hooks.find((h) => h.id === 'kubelint-system')).toMatchObject({ language: 'system', entry: hook.entry, files: hook.files, require_serial: true });
  });

  it('reports only the changed file, with cross-resource rules judged against the whole set', async () => {
    const repo = sampleRepo(true);
    const api = readFileSync(path.join(repo, 'k8s/api.yaml'), 'utf8');
    stage(repo, 'k8s/api.yaml', api.replace('1.4.2', '1.4.3'));
    const run = await runHook(repo);
    expect(run.staged).toEqual(['k8s/api.yaml']);
    const report = JSON.parse(run.stdout);
    // web.yaml is full of problems, but it did not change.
    expect(report.findings.every((f: { file: string }) => f.file === 'k8s/api.yaml')).toBe(true);
    // The PDB in pdb.yaml covers api: no pdb-required, unlike linting api.yaml alone.
    expect(report.findings.some((f: { ruleId: string }) => f.ruleId === 'pdb-required')).toBe(false);
    const alone = JSON.parse((await runCli(['k8s/api.yaml', '--format', 'json'], { cwd: repo })).stdout);
    expect(alone.findings.some((f: { ruleId: string }) => f.ruleId === 'pdb-required')).toBe(true);
  });

  it('fails the commit on findings in a changed file', async () => {
    const repo = sampleRepo(true);
    stage(repo, 'k8s/web.yaml', readFileSync(path.join(repo, 'k8s/web.yaml'), 'utf8').replace('replicas: 3', 'replicas: 4'));
    const run = await runHook(repo);
    expect(run.code).toBe(1);
    const files = new Set(JSON.parse(run.stdout).findings.map((f: { file: string }) => f.file));
    expect([...files]).toEqual(['k8s/web.yaml']);
  });

  it('skips changed files outside the configured include set and passes', async () => {
    const repo = sampleRepo(true);
    stage(repo, '.kubelint.json', JSON.stringify({ include: ['k8s'] }));
    execFileSync('git', ['commit', '-qm', 'config'], { cwd: repo });
    stage(repo, 'package.json', '{"name": "x"}');
    stage(repo, '.github/workflows/ci.yml', 'on: push\n');
    const run = await runHook(repo);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('skipped: .github/workflows/ci.yml, package.json');
    expect(JSON.parse(run.stdout).findings).toEqual([]);
  });

  it('refuses to write a baseline from a partial (changed-only) report', async () => {
    const run = await runCli(['--changed', 'k8s/api.yaml', '--write-baseline', 'b.json'], { cwd: sampleRepo() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot be combined with --changed');
  });

  it('a broken file elsewhere does not block a commit that does not touch it', async () => {
    const repo = sampleRepo(true);
    writeFileSync(path.join(repo, 'k8s/broken.yaml'), 'a: [\n');
    stage(repo, 'k8s/pdb.yaml', readFileSync(path.join(repo, 'k8s/pdb.yaml'), 'utf8'));
    stage(repo, 'k8s/api.yaml', readFileSync(path.join(repo, 'k8s/api.yaml'), 'utf8') + '\n');
    const run = await runHook(repo);
    expect(JSON.parse(run.stdout).summary.fatal).toBe(0);
  });
});

const hasKustomize = existsSync(path.join(REPO_ROOT, '.tools/bin/kustomize')) || spawnSync('kustomize', ['version'], { stdio: 'ignore' }).status === 0;

describe.skipIf(!hasKustomize)('pre-commit hook with a Kustomize base outside include', () => {
  it('reports findings of a changed base file through the included overlay that renders it', async () => {
    const repo = sampleRepo(true);
    stage(repo, 'deploy/base/web.yaml', readFileSync(path.join(repo, 'k8s/web.yaml'), 'utf8'));
    stage(repo, 'deploy/base/api.yaml', readFileSync(path.join(repo, 'k8s/api.yaml'), 'utf8'));
    stage(repo, 'deploy/base/kustomization.yaml', 'resources:\n  - web.yaml\n  - api.yaml\n');
    stage(repo, 'deploy/overlays/prod/kustomization.yaml', 'resources:\n  - ../../base\nnamespace: prod\n');
    stage(repo, '.kubelint.json', JSON.stringify({ include: ['deploy/overlays/prod'] }));
    execFileSync('git', ['commit', '-qm', 'kustomize'], { cwd: repo });
    const api = readFileSync(path.join(repo, 'deploy/base/api.yaml'), 'utf8');
    stage(repo, 'deploy/base/api.yaml', api.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n            privileged: true'));
    const run = await runHook(repo);
    expect(run.staged).toEqual(['deploy/base/api.yaml']);
    expect(run.stderr).not.toContain('skipped');
    const report = JSON.parse(run.stdout);
    const privileged = report.findings.find((f: { ruleId: string }) => f.ruleId === 'no-privileged');
    expect(privileged).toMatchObject({ file: 'deploy/base/api.yaml', resource: { namespace: 'prod', name: 'api' } });
    // The whole base tree is reported (web.yaml is in it), nothing from outside it.
    expect(report.findings.every((f: { file: string }) => f.file.startsWith('deploy/base/'))).toBe(true);
    expect(run.code).toBe(1);
  });
});

describe('changed-file planning', () => {
  it('maps a file inside a chart or overlay to the outermost tree and reports that tree', async () => {
    const repo = sampleRepo();
    stage0(repo, 'charts/app/Chart.yaml', 'name: app\n');
    stage0(repo, 'charts/app/charts/dep/Chart.yaml', 'name: dep\n');
    stage0(repo, 'charts/app/charts/dep/templates/d.yaml', 'x: 1\n');
    const config = await resolveConfig({ cwd: repo, configFile: false });
    const plan = await planChanged(['charts/app/charts/dep/templates/d.yaml', 'charts/app/values.schema.tpl', 'k8s/web.yaml'], config, repo);
    expect(plan.inputs).toEqual(['.']);
    expect(plan.changedVariants).toEqual(['charts/app']);
    expect(plan.skipped).toEqual([]);
    const finding = (file: string) => ({ ruleId: 'x', severity: 'error' as const, message: 'm', file });
    const report: Report = {
      findings: [finding('charts/app/templates/deploy.yaml'), finding('k8s/web.yaml'), finding('k8s/api.yaml'), finding('charts/other/t.yaml')],
      counts: { error: 4, warning: 0, info: 0, suppressed: 0, fatal: 0 },
      resources: 4,
      sources: [],
    };
    const shown = onlyChanged(report, plan, repo);
    expect(shown.findings.map((f) => f.file)).toEqual(['charts/app/templates/deploy.yaml', 'k8s/web.yaml']);
    expect(shown.counts.error).toBe(2);
  });

  it('adds changed trees outside the include set only when not already covered', async () => {
    const repo = sampleRepo();
    stage0(repo, '.kubelint.json', JSON.stringify({ include: ['k8s', 'overlays/*/kustomization.yaml'] }));
    stage0(repo, 'overlays/prod/kustomization.yaml', 'resources: []\n');
    const config = await resolveConfig({ cwd: repo });
    const plan = await planChanged(['overlays/prod/kustomization.yaml', 'k8s/api.yaml'], config, repo);
    expect(plan.inputs).toEqual(['k8s', 'overlays/*/kustomization.yaml']);
    expect(plan.changedVariants).toEqual(['overlays/prod']);
  });
});

function stage0(repo: string, file: string, text: string) {
  mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
  writeFileSync(path.join(repo, file), text);
}
