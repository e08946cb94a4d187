// #21 item 11 for named folders: a repository can turn the folder a CI job lints (`k8s`) into a
// symlink to somewhere else on the machine; the walk then read that tree and printed code frames
// of its files. A named folder whose real path leaves the current folder is refused (exit 2), as
// a named file is; symlinked folders inside the current folder are walked as before.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

let base: string;
let repo: string;

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'kubelint-folder-links-'));
  repo = path.join(base, 'repo');
  mkdirSync(path.join(base, 'home'));
  // Broken YAML, so the old code printed its line in a code frame.
  writeFileSync(path.join(base, 'home', 'creds.yaml'), 'token: topsecret-44: x\n');
  mkdirSync(path.join(repo, 'inside'), { recursive: true });
  writeFileSync(path.join(repo, 'inside', 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared-cm\ndata:\n  a: b\n');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('item 11: a named folder that is a symlink out of the current folder', () => {
  it('is refused with exit 2 naming it; nothing of the tree it points to is printed', async () => {
    symlinkSync(path.join(base, 'home'), path.join(repo, 'k8s'));
    const run = await runCli(['k8s'], { cwd: repo });
    expect(run.stdout + run.stderr).not.toContain('topsecret');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('cannot read: symlink to a folder outside the linted folder');
  });

  it('a folder under such a symlink is refused too', async () => {
    mkdirSync(path.join(base, 'home', 'sub'));
    writeFileSync(path.join(base, 'home', 'sub', 'creds.yaml'), 'token: topsecret-45: x\n');
    symlinkSync(path.join(base, 'home'), path.join(repo, 'k8s'));
    const run = await runCli(['k8s/sub'], { cwd: repo });
    expect(run.stdout + run.stderr).not.toContain('topsecret');
    expect(run.code).toBe(2);
  });

  it('control: a symlinked folder that stays inside the current folder is walked', async () => {
    symlinkSync(path.join(repo, 'inside'), path.join(repo, 'k8s'));
    const run = await runCli(['--format', 'json', 'k8s'], { cwd: repo });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout).summary.resources).toBe(1);
  });
});
