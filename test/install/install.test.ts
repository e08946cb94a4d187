// Item: kubelint installs and works without Go. `npm install git+file://…#tag` (npm clones, installs
// dev dependencies, runs `prepare`) and `npm install <tarball>` (from `npm pack`), both with a PATH
// that has no go, opa or helm: the committed build/policies is the policy bundle.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { emptyProject, INSTALL_TESTS, onPath, pathWithoutGo, TAG, tagRepo } from './helpers.js';
import { PRIVILEGED_POD } from '../helpers/privileged-pod.js';

const PATH = pathWithoutGo();
const env = { ...process.env, PATH };
const run = promisify(execFile);
// Asynchronous on purpose: a minutes-long synchronous child blocks vitest's worker RPC.
const npm = async (cwd: string, ...args: string[]) => (await run('npm', [...args, '--no-audit', '--no-fund'], { cwd, env, maxBuffer: 64 << 20 })).stdout;

async function kubelint(project: string, args: string[], extraPath: string[] = []) {
  const bin = path.join(project, 'node_modules', '.bin', 'kubelint');
  try {
    const { stdout, stderr } = await run(bin, args, { cwd: project, env: { ...env, PATH: pathWithoutGo(...extraPath) }, maxBuffer: 64 << 20 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** What every install must do: lint plain YAML with the bundled policies, exact positions, exit codes. */
async function expectWorking(project: string, repo: string) {
  const version = await kubelint(project, ['--version']);
  expect(version.stdout).toMatch(/^kubelint \d+\.\d+\.\d+/);
  const clean = await kubelint(project, [path.join(repo, 'manifests/solar-sync/plain')]);
  expect(clean.stderr).toBe('');
  expect(clean.stdout).toContain('no problems');
  expect(clean.status).toBe(0);
  const bad = path.join(mkdtempSync(path.join(tmpdir(), 'kubelint-bad-')), 'pod.yaml');
  writeFileSync(bad, PRIVILEGED_POD);
  const report = await kubelint(project, [bad, '--format', 'json']);
  expect(report.status).toBe(1);
  const findings = JSON.parse(report.stdout).findings as Array<{ ruleId: string; line: number; column: number }>;
  expect(findings.find((f) => f.ruleId === 'no-privileged')).toMatchObject({ line: 9, column: 9 });
  const installed = path.join(project, 'node_modules', 'kubelint');
  // A lighter install: no webhook client (serve only), no agent, no compiler.
  expect(existsSync(path.join(project, 'node_modules', '@kubernetes', 'client-node'))).toBe(false);
  expect(existsSync(path.join(project, 'node_modules', 'typescript'))).toBe(false);
  expect(existsSync(path.join(installed, 'dist', 'agent'))).toBe(false);
  expect(existsSync(path.join(installed, 'dist', 'bundle', 'kubelint.mjs'))).toBe(true);
  const serve = await kubelint(project, ['serve', '--tls-cert', 'cert.pem', '--tls-key', 'key.pem']);
  expect(serve.status).toBe(2);
  expect(serve.stderr).toContain('kubelint serve needs @kubernetes/client-node, an optional dependency that is not installed; install it next to kubelint: npm install @kubernetes/client-node@');
  expect(readFileSync(path.join(installed, 'build/policies/policy.wasm')).equals(readFileSync(path.join(REPO_ROOT, 'build/policies/policy.wasm')))).toBe(true);
}

describe.skipIf(!INSTALL_TESTS)('install without Go', () => {
  let repo: string;
  beforeAll(() => {
    repo = tagRepo();
  });

  it('the test PATH really lacks go, opa and helm', () => {
    for (const tool of ['go', 'opa', 'helm']) expect(onPath(tool, PATH)).toBe(false);
    expect(onPath('node', PATH) && onPath('npm', PATH) && onPath('git', PATH)).toBe(true);
  });

  it('npm install git+file://…#tag gives a working kubelint; helm is found on PATH', async () => {
    const project = emptyProject();
    await npm(project, 'install', `git+file://${repo}#${TAG}`);
    await expectWorking(project, repo);
    // A chart needs helm: a clear error without it, a clean lint with one on PATH (not .tools/bin).
    const chart = path.join(repo, 'manifests/solar-sync/helm');
    const missing = await kubelint(project, [chart]);
    expect(missing.status).toBe(2);
    expect(missing.stdout).toContain('helm not found');
    const helmDir = mkdtempSync(path.join(tmpdir(), 'kubelint-helm-'));
    symlinkSync(path.join(REPO_ROOT, '.tools/bin/helm'), path.join(helmDir, 'helm'));
    const rendered = await kubelint(project, [chart], [helmDir]);
    expect(rendered.stdout).toContain('no problems');
    expect(rendered.status).toBe(0);
  }, 900_000);

  it('npm install <tarball from npm pack> gives a working kubelint', async () => {
    // `npm pack` runs `prepare` (the build) with the repository's dev dependencies.
    symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(repo, 'node_modules'));
    const tarball = path.join(repo, (await npm(repo, 'pack', '--silent')).trim().split('\n').pop()!);
    expect(existsSync(tarball)).toBe(true);
    const project = emptyProject();
    await npm(project, 'install', tarball);
    await expectWorking(project, repo);
  }, 900_000);
});
