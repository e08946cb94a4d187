// The hook under the real pre-commit tool (PyPI `pre-commit`), when it and a build are present.
// The hook definition is taken from .pre-commit-hooks.yaml; only `language` becomes `system` with
// this checkout's bin, because installing kubelint as a node hook needs a published build.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { sampleRepo } from '../baseline/helpers.js';
import { REPO_ROOT } from '../helpers/cli.js';

const hasPreCommit = spawnSync('pre-commit', ['--version'], { stdio: 'ignore' }).status === 0;
const built = existsSync(path.join(REPO_ROOT, 'dist', 'cli', 'main.js'));

describe.skipIf(!hasPreCommit || !built)('pre-commit (the tool) running the hook', () => {
  it('passes only staged manifests and fails on findings in them', () => {
    const [hook] = parse(readFileSync(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), 'utf8')) as Array<Record<string, unknown>>;
    const repo = sampleRepo(true);
    const entry = String(hook!.entry).replace(/^kubelint\b/, `node ${path.join(REPO_ROOT, 'bin', 'kubelint.js')}`);
    const local = { ...hook, entry, language: 'system' };
    writeFileSync(path.join(repo, '.pre-commit-config.yaml'), stringify({ repos: [{ repo: 'local', hooks: [local] }] }));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, stdio: 'pipe' });
    git('add', '.pre-commit-config.yaml');
    git('commit', '-qm', 'hook');

    const api = readFileSync(path.join(repo, 'k8s/api.yaml'), 'utf8');
    writeFileSync(path.join(repo, 'k8s/api.yaml'), api.replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: false\n            privileged: true'));
    git('add', 'k8s/api.yaml');
    const run = spawnSync('pre-commit', ['run', '--color', 'never'], { cwd: repo, encoding: 'utf8', timeout: 120_000 });
    const output = run.stdout + run.stderr;
    expect(output).toMatch(/kubelint\.+Failed/);
    expect(output).toContain('k8s/api.yaml');
    expect(output).toContain('no-privileged');
    // web.yaml has many findings but is not staged; the PDB in pdb.yaml counts for api.
    expect(output).not.toContain('k8s/web.yaml');
    expect(output).not.toContain('pdb-required');
    expect(run.status).toBe(1);
  }, 180_000);
});
