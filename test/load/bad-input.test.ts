import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, openSync, closeSync, ftruncateSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runJson } from '../helpers/cli.js';

const dir = 'fixtures/bad-input';

describe('hostile input', () => {
  it('gives one clear error per bad file, lints the rest, and exits 2', async () => {
    const { code, report, stderr } = await runJson([dir, '--no-config']);
    expect(code).toBe(2);
    expect(stderr).toBe('');
    const byFile = Object.fromEntries(report!.findings.map((f) => [f.file!.replace(`${dir}/`, ''), [f.ruleId, f.message, f.line, f.column]]));
    expect(byFile).toEqual({
      'alias-bomb.yaml': ['parse-error', 'invalid YAML: more than 100 alias expansions (alias bomb refused)', 1, 1],
      'binary.yaml': ['parse-error', 'binary file (contains NUL bytes), not YAML or JSON', null, null],
      'collection-key.yaml': ['parse-error', 'invalid YAML: a mapping key is a collection; Kubernetes accepts only scalar keys', 7, 5],
      'deep-nesting.yaml': ['parse-error', 'document nests deeper than 200 levels', 6, 205],
      'duplicate-keys.yaml': ['parse-error', 'invalid YAML: Map keys must be unique', 5, 3],
      'empty.yaml': ['empty-input', 'no Kubernetes documents in this file', null, null],
      'invalid-utf8.yaml': ['parse-error', 'invalid UTF-8 at byte 76', 6, 15],
      'malformed.yaml': ['parse-error', 'invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]', 7, 3],
      'symlink-loop.yaml': ['parse-error', 'cannot read: symlink loop', null, null],
    });
    // good.yaml was still linted.
    expect(report!.summary.resources).toBe(1);
    expect(report!.summary.fatal).toBe(8);
  });

  it('the YAML parser\'s warnings never reach stderr as Node warnings', () => {
    const run = spawnSync(process.execPath, ['bin/kubelint.js', '--no-config', `${dir}/collection-key.yaml`], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('7:5');
  });

  it.each([
    ['malformed.yaml', 2],
    ['empty.yaml', 0],
    ['good.yaml', 0],
    ['symlink-loop.yaml', 2],
  ])('%s alone exits %i', async (file, expected) => {
    const { code } = await runJson([`${dir}/${file}`, '--no-config']);
    expect(code).toBe(expected);
  });

  const tmp = mkdtempSync(path.join(os.tmpdir(), 'kubelint-bad-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('refuses a 50 MB file by its size, before reading it', async () => {
    const big = path.join(tmp, 'big.yaml');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024); // sparse: costs no disk
    closeSync(fd);
    const { code, report } = await runJson([big, '--no-config']);
    expect(code).toBe(2);
    expect(report!.findings.map((f) => f.message)).toEqual(['file is 50.0 MiB, above the 32.0 MiB limit; split it into smaller files']);
  });

  it('reports a missing path and a glob that matches nothing', async () => {
    const { code, report } = await runJson([path.join(tmp, 'nope.yaml'), 'fixtures/**/*.nothing.yaml', '--no-config']);
    expect(code).toBe(2);
    expect(report!.findings.map((f) => f.message)).toEqual(['cannot read: no such file (or a dangling symlink)', 'no files match this pattern']);
  });

  it('reports an unreadable file (run as an unprivileged user: root reads anything)', () => {
    const file = path.join(tmp, 'secret.yaml');
    writeFileSync(file, 'kind: ConfigMap\n');
    chmodSync(file, 0o000);
    chmodSync(tmp, 0o755);
    const asNobody = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'] : [];
    const [cmd, ...args] = [...asNobody, process.execPath, path.join(REPO_ROOT, 'bin/kubelint.js'), '--no-config', '--format', 'json', file];
    const run = spawnSync(cmd!, args, { encoding: 'utf8', cwd: tmp });
    expect(run.status).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.findings[0].message).toBe('cannot read: permission denied');
    expect(execFileSync('stat', ['-c', '%a', file], { encoding: 'utf8' }).trim()).toBe('0');
  });
});
