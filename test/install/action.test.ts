// action.yml's steps, run as the runner would (test/install/action-runner.ts): the inputs reach
// the scripts as environment, kubelint runs from the action's own checkout, annotations stay
// within GitHub's limits, the job summary counts per rule, SARIF upload is opt-in, and an install
// failure is reported as such, never as findings.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { readAction, runAction, type ActionRun } from './action-runner.js';
import { INSTALL_TESTS, pathWithoutGo, tagRepo } from './helpers.js';

const ACTION = path.join(REPO_ROOT, 'action.yml');
const action = readAction(ACTION);
const env = { ...process.env, PATH: pathWithoutGo(), GITHUB_SERVER_URL: 'https://github.example', GITHUB_REPOSITORY: 'acme/deploy', GITHUB_SHA: 'abc123' };

/** A repository with 12 privileged pods (12+ errors of one rule, beyond GitHub's 10) in k8s/. */
function workspace(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-action-ws-'));
  mkdirSync(path.join(dir, '.git'));
  mkdirSync(path.join(dir, 'k8s'));
  for (let i = 0; i < 12; i++) {
    writeFileSync(
      path.join(dir, 'k8s', `pod-${String(i).padStart(2, '0')}.yaml`),
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: web-${i}\nspec:\n  containers:\n    - name: web\n      image: registry.example/web:1.0.0\n      securityContext:\n        privileged: true\n`,
    );
  }
  return dir;
}

const step = (run: ActionRun, id: string) => run.steps.find((s) => s.id === id)!;
const lines = (text: string, prefix: string) => text.split('\n').filter((l) => l.startsWith(prefix));

function expectFindingsRun(run: ActionRun) {
  expect(run.outputs.lint).toMatchObject({ 'exit-code': '1', sarif: 'true' });
  const report = step(run, 'report');
  expect(report.status).toBe(0);
  // GitHub shows 10 annotations per severity and step: no more are printed, the rest is named.
  expect(lines(report.stdout, '::error ')).toHaveLength(10);
  expect(lines(report.stdout, '::error ')[0]).toMatch(/^::error file=k8s\/pod-00\.yaml,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=kubelint /);
  expect(lines(report.stdout, '::warning ').length).toBeLessThanOrEqual(10);
  expect(report.stdout).toMatch(/::notice title=kubelint::\d+ more findings are not annotated/);
  expect(run.summary).toMatch(/^## kubelint: \d+ errors, \d+ warnings, \d+ infos in 12 resources/);
  expect(run.summary).toContain('| `no-privileged` | error | 12 |');
  expect(run.summary).toMatch(/### Top findings \(30 of \d+\)/);
  expect(run.summary).toContain('](https://github.example/acme/deploy/blob/abc123/k8s/pod-00.yaml#L');
  // The last step fails the job with kubelint's exit code.
  const last = run.steps.at(-1)!;
  expect(last.status).toBe(1);
  expect(last.stdout).toContain('::error title=kubelint::kubelint failed with exit code 1');
  expect(run.failed).toBe(true);
}

describe('GitHub Action', () => {
  it('pins nothing to latest and installs from its own checkout', () => {
    const text = readFileSync(ACTION, 'utf8');
    expect(text).not.toMatch(/latest/);
    expect(text).not.toMatch(/npx|npm exec/);
    expect(action.runs.steps.filter((s) => s.uses).map((s) => s.uses)).toEqual(['actions/setup-node@v4', 'github/codeql-action/upload-sarif@v3']);
    expect(action.inputs['upload-sarif']!.default).toBe('false');
  });

  it('reports a failed install as a failure, not as findings', async () => {
    const broken = mkdtempSync(path.join(tmpdir(), 'kubelint-action-broken-'));
    writeFileSync(path.join(broken, 'package.json'), '{"name":"broken","version":"1.0.0","scripts":{"prepare":"exit 3"}}\n');
    const run = await runAction(action, { actionPath: broken, workspace: workspace(), inputs: {}, env });
    const install = step(run, 'install');
    expect(install.status).not.toBe(0);
    expect(install.stdout).toContain("::error title=kubelint::installing kubelint from the action's checkout");
    expect(install.stdout).toContain('This is an install failure, not a lint result.');
    expect(run.steps.filter((s) => !s.skipped).map((s) => s.id ?? s.uses)).toEqual(['actions/setup-node@v4', 'install']);
    expect(run.summary).toBe('');
    expect(run.failed).toBe(true);
  }, 120_000);

  it('annotates within limits, summarizes per rule, and uploads SARIF only when asked (built checkout)', async () => {
    const ws = workspace();
    const run = await runAction(action, { actionPath: REPO_ROOT, workspace: ws, inputs: { paths: 'k8s' }, env, assume: ['install'] });
    expectFindingsRun(run);
    expect(run.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!.skipped).toBe(true);
    expect(run.summary).toContain('SARIF: `kubelint.sarif` (set `upload-sarif: true` to send it to code scanning).');

    mkdirSync(path.join(ws, 'sub'));
    const uploaded = await runAction(action, {
      actionPath: REPO_ROOT,
      workspace: ws,
      inputs: { paths: '../k8s', 'working-directory': 'sub', 'upload-sarif': 'true', annotations: 'false' },
      env,
      assume: ['install'],
    });
    const upload = uploaded.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
    expect(upload).toMatchObject({ skipped: false, with: { sarif_file: 'sub/kubelint.sarif', category: 'kubelint' } });
    expect(lines(step(uploaded, 'report').stdout, '::')).toEqual([]);
    expect(uploaded.summary).toContain('uploaded to [code scanning](https://github.example/acme/deploy/security/code-scanning?query=tool%3Akubelint)');
    // Paths in the summary links are relative to the repository, not to the working directory.
    expect(uploaded.summary).toContain('/blob/abc123/k8s/pod-00.yaml#L');
  }, 120_000);

  it('a clean run passes with a summary and no annotations', async () => {
    const ws = mkdtempSync(path.join(tmpdir(), 'kubelint-action-clean-'));
    mkdirSync(path.join(ws, '.git'));
    const run = await runAction(action, { actionPath: REPO_ROOT, workspace: ws, inputs: { paths: path.join(REPO_ROOT, 'manifests/solar-sync/plain') }, env, assume: ['install'] });
    expect(run.outputs.lint!['exit-code']).toBe('0');
    expect(lines(step(run, 'report').stdout, '::')).toEqual([]);
    expect(run.summary).toContain('No findings.');
    expect(run.steps.at(-1)!.skipped).toBe(true);
    expect(run.failed).toBe(false);
  }, 120_000);
});

describe.skipIf(!INSTALL_TESTS)('GitHub Action from a fresh checkout', () => {
  let checkout: string;
  beforeAll(() => {
    checkout = tagRepo();
  });

  it('installs kubelint from github.action_path (no Go) and lints', async () => {
    const run = await runAction(action, { actionPath: checkout, workspace: workspace(), inputs: { paths: 'k8s' }, env });
    expect(step(run, 'install').status).toBe(0);
    expect(step(run, 'install').stdout).toMatch(/^kubelint \d+\.\d+\.\d+/m);
    expectFindingsRun(run);
  }, 900_000);
});
