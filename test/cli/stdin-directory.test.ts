// `kubelint - < folder`: Node reads a directory on standard input as an empty stream, so the run
// used to pass with "0 resources checked, no problems". It is input that cannot be read: exit 2.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();

function lintStdin(stdin: string, args: string[]) {
  const fd = openSync(stdin, 'r');
  try {
    const run = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), '-', '--no-config', ...args], {
      cwd: path.dirname(stdin), env: { ...process.env, KUBELINT_CACHE_DIR: temp('kubelint-stdin-dir-cache-') }, stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000,
    });
    if (run.error) throw run.error;
    return run;
  } finally {
    closeSync(fd);
  }
}

describe('standard input that is a directory', () => {
  it('is a parse error (exit 2), not a clean run of nothing', () => {
    const dir = temp('kubelint-stdin-dir-');
    writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
    const run = lintStdin(dir, ['--format', 'json']);
    expect(run.status, run.stderr).toBe(2);
    const report = JSON.parse(run.stdout);
    expect(report.findings).toEqual([expect.objectContaining({ ruleId: 'parse-error', file: '<stdin>', message: expect.stringMatching(/^is a directory, not YAML or JSON/) })]);
    // A file on standard input is still read as before.
    const file = lintStdin(path.join(dir, 'cm.yaml'), ['--format', 'json']);
    expect(file.status, file.stderr).toBe(0);
    expect(JSON.parse(file.stdout).summary.resources).toBe(1);
  });
});
