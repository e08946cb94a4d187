// #21 item 11 for charts: helm follows symlinks inside a chart folder, so a committed link to a
// file outside the linted tree, read with .Files.Get, surfaced in resource names and findings.
// Such a chart is refused before helm runs; links that stay inside the linted folder still render.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const T = 120_000;
let base: string;
let repo: string;

function write(rel: string, text: string): string {
  const file = path.join(repo, rel);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

beforeEach(() => {
  base = mkdtempSync(path.join(os.tmpdir(), 'kubelint-chart-links-'));
  repo = path.join(base, 'repo');
  writeFileSync(path.join(base, 'creds.txt'), 'topsecret-42\n');
  write('chart/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
  // The linked file's content becomes the Pod's name, which every finding quotes.
  write('chart/templates/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Files.Get "token.txt" | trim | quote }}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n');
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

describe('item 11: chart symlinks out of the linted folder', () => {
  it('a file symlink to outside the folder: render-error naming the link, nothing of the file printed', async () => {
    symlinkSync(path.join(base, 'creds.txt'), path.join(repo, 'chart/token.txt'));
    const run = await runCli(['--format', 'compact', '.'], { cwd: repo });
    expect(run.stdout + run.stderr).not.toContain('topsecret');
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('chart/token.txt is a symlink to a file outside the linted folder');
  }, T);

  it('a symlinked folder inside the chart leading out is refused too', async () => {
    mkdirSync(path.join(base, 'shared'));
    writeFileSync(path.join(base, 'shared', 'token.txt'), 'topsecret-43\n');
    symlinkSync(path.join(base, 'shared'), path.join(repo, 'chart/files'));
    write('chart/templates/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Files.Get "files/token.txt" | trim | quote }}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n');
    const run = await runCli(['--format', 'compact', '.'], { cwd: repo });
    expect(run.stdout + run.stderr).not.toContain('topsecret');
    expect(run.stdout).toContain('chart/files is a symlink to a file outside the linted folder');
  }, T);

  it('a chart that a kustomization\'s helmCharts inflates is refused the same way', async () => {
    rmSync(path.join(repo, 'chart'), { recursive: true });
    write('k/charts/app/Chart.yaml', 'apiVersion: v2\nname: app\nversion: 0.1.0\n');
    write('k/charts/app/values.yaml', '{}\n');
    write('k/charts/app/templates/pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Files.Get "token.txt" | trim | quote }}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.25\n');
    write('k/kustomization.yaml', 'helmCharts:\n  - name: app\n    releaseName: r\n');
    symlinkSync(path.join(base, 'creds.txt'), path.join(repo, 'k/charts/app/token.txt'));
    const run = await runCli(['--format', 'compact', 'k'], { cwd: repo });
    expect(run.stdout + run.stderr).not.toContain('topsecret');
    expect(run.stdout).toContain('k/charts/app/token.txt is a symlink to a file outside the linted folder');
  }, T);

  it('control: a link to a file elsewhere in the linted folder renders as before', async () => {
    write('shared/token.txt', 'shared-name\n');
    symlinkSync(path.join(repo, 'shared/token.txt'), path.join(repo, 'chart/token.txt'));
    const run = await runCli(['--format', 'compact', 'chart'], { cwd: repo });
    expect(run.stdout).not.toContain('render-error');
    expect(run.stdout).toContain('Pod "shared-name"');
  }, T);
});
