// The pre-commit hook as a user gets it: real pre-commit (from PyPI, cached in .cache/), a
// .pre-commit-config.yaml naming this repository by a file:// URL and a tag, `pre-commit install`,
// and `git commit`s that must pass or be blocked. PATH has no go, opa or helm (helm is added where
// a chart is committed, as a user with charts has it).
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { INSTALL_TESTS, pathWithoutGo, TAG, tagRepo } from './helpers.js';

const PRE_COMMIT_VERSION = '4.7.0';
const VENV = path.join(REPO_ROOT, '.cache', `pre-commit-${PRE_COMMIT_VERSION}`);
const run = promisify(execFile);

/** Runs a command; resolves with its exit status and combined output (never rejects on failure). */
async function sh(cwd: string, env: NodeJS.ProcessEnv, file: string, ...args: string[]) {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env, maxBuffer: 64 << 20 });
    return { status: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { status: typeof failed.code === 'number' ? failed.code : -1, output: (failed.stdout ?? '') + (failed.stderr ?? '') };
  }
}

/** pre-commit from PyPI in a virtualenv, kept between runs (ignored folder, keyed by version). */
async function preCommit(): Promise<string> {
  const bin = path.join(VENV, 'bin', 'pre-commit');
  if (!existsSync(bin)) {
    mkdirSync(path.dirname(VENV), { recursive: true });
    await run('python3', ['-m', 'venv', VENV]);
    await run(path.join(VENV, 'bin', 'pip'), ['install', '--quiet', `pre-commit==${PRE_COMMIT_VERSION}`]);
  }
  return bin;
}

describe.skipIf(!INSTALL_TESTS)('pre-commit hook from a git URL', () => {
  let env: NodeJS.ProcessEnv;
  let user: string;
  const commit = (message: string) => sh(user, env, 'git', 'commit', '-qm', message);
  const add = (...files: string[]) => sh(user, env, 'git', 'add', ...files);

  beforeAll(async () => {
    const bin = await preCommit();
    const kubelint = tagRepo();
    const helm = mkdtempSync(path.join(tmpdir(), 'kubelint-helm-'));
    symlinkSync(path.join(REPO_ROOT, '.tools/bin/helm'), path.join(helm, 'helm'));
    env = {
      ...process.env,
      PATH: pathWithoutGo(path.dirname(bin), helm),
      PRE_COMMIT_HOME: mkdtempSync(path.join(tmpdir(), 'kubelint-pre-commit-home-')),
      GIT_AUTHOR_NAME: 'user', GIT_AUTHOR_EMAIL: 'user@example.com', GIT_COMMITTER_NAME: 'user', GIT_COMMITTER_EMAIL: 'user@example.com',
    };
    user = mkdtempSync(path.join(tmpdir(), 'kubelint-user-repo-'));
    await sh(user, env, 'git', 'init', '-q', '-b', 'main');
    writeFileSync(path.join(user, '.pre-commit-config.yaml'), `repos:\n  - repo: file://${kubelint}\n    rev: ${TAG}\n    hooks:\n      - id: kubelint\n`);
    const installed = await sh(user, env, bin, 'install');
    expect(installed.output).toContain('pre-commit installed');
    // The first commit installs the hook environment (npm install + prepare + pack): minutes.
    cpSync(path.join(REPO_ROOT, 'manifests/solar-sync/plain'), path.join(user, 'deploy'), { recursive: true });
    writeFileSync(path.join(user, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:1.27\n');
    writeFileSync(path.join(user, 'package.json'), '{"name":"app","version":"1.0.0"}\n');
    await add('.');
    const first = await commit('clean manifests and non-Kubernetes YAML');
    expect(first.output).toMatch(/kubelint\.+Passed/);
    expect(first.status).toBe(0);
  }, 1_200_000);

  it('blocks a bad manifest with a readable message', async () => {
    // The plain manifests' Deployment, whatever its file name (they are numbered in apply order).
    const name = readdirSync(path.join(user, 'deploy')).find((f) => readFileSync(path.join(user, 'deploy', f), 'utf8').includes('privileged: false'))!;
    const file = path.join(user, 'deploy', name);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('privileged: false');
    writeFileSync(file, text.replace('privileged: false', 'privileged: true'));
    await add(`deploy/${name}`);
    try {
      const blocked = await commit('privileged');
      expect(blocked.status).not.toBe(0);
      expect(blocked.output).toMatch(/kubelint\.+Failed/);
      const line = text.split('\n').findIndex((l) => l.includes('privileged: false')) + 1;
      expect(blocked.output).toContain(`deploy/${name}`);
      // no-privileged, or pss-privileged where the namespace enforces Pod Security (one finding per cause).
      expect(blocked.output).toMatch(new RegExp(`\\n\\s+${line}:\\d+\\s+error\\s+.*(no|pss)-privileged`));
      expect(blocked.output).not.toMatch(/\n\s+at .*\.m?js:\d+/); // no stack trace
    } finally {
      writeFileSync(file, text);
      await add(`deploy/${name}`);
    }
  }, 120_000);

  it('checks a chart when only its .tpl or values file changed', async () => {
    cpSync(path.join(REPO_ROOT, 'manifests/solar-sync/helm'), path.join(user, 'chart'), { recursive: true });
    await add('chart');
    expect((await commit('chart')).status).toBe(0);
    const helpers = path.join(user, 'chart/templates/_helpers.tpl');
    writeFileSync(helpers, `${readFileSync(helpers, 'utf8')}\n{{/* a comment */}}\n`);
    await add('chart/templates/_helpers.tpl');
    const tpl = await commit('tpl only');
    expect(tpl.output).toMatch(/kubelint\.+Passed/); // not "(no files to check)Skipped"
    expect(tpl.status).toBe(0);
    // The chart's default values: a chart is linted with values.yaml (other values files through
    // the config's helm.renders).
    const values = path.join(user, 'chart/values.yaml');
    const text = readFileSync(values, 'utf8');
    expect(text).toContain('  privileged: false\n');
    writeFileSync(values, text.replace('  privileged: false\n', '  privileged: true\n'));
    await add('chart/values.yaml');
    const bad = await commit('privileged in the values');
    expect(bad.status).not.toBe(0);
    expect(bad.output).toMatch(/(no|pss)-privileged/);
    expect(bad.output).toContain('chart/templates/deployment.yaml');
  }, 120_000);

  it('skips YAML that holds no Kubernetes object', async () => {
    await sh(user, env, 'git', 'checkout', '-q', '--', '.');
    await sh(user, env, 'git', 'reset', '-q');
    writeFileSync(path.join(user, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:1.28\n');
    mkdirSync(path.join(user, '.gitlab'), { recursive: true });
    writeFileSync(path.join(user, '.gitlab/ci.yml'), 'test:\n  script: [make]\n');
    await add('docker-compose.yml', '.gitlab/ci.yml');
    const skipped = await commit('compose and CI only');
    expect(skipped.output).toMatch(/kubelint\.+Passed/);
    expect(skipped.status).toBe(0);
  }, 120_000);
});
