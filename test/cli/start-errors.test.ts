// What fails before the CLI's own error handling runs (loading its modules, the environment it
// starts in) still exits 2 with one line on stderr: never Node's stack trace and exit code 1,
// which a CI gate reads as "findings".
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'kubelint.js');
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-start-'));
  temps.push(dir);
  return dir;
}

function run(binFile: string, nodeArgs: string[] = []) {
  const cwd = tempDir();
  writeFileSync(path.join(cwd, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n');
  const result = spawnSync(process.execPath, [...nodeArgs, binFile, '.'], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.error) throw result.error;
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('bin/kubelint.js before the CLI runs', () => {
  it('a user with no home folder (no HOME, no passwd entry) gets exit 2 and what to set', () => {
    // os.homedir() throws there (uv_os_homedir ENOENT); cosmiconfig's env-paths calls it as it loads.
    const noHome = "import os from 'node:os'; os.homedir = () => { throw new Error('uv_os_homedir returned ENOENT'); };";
    const result = run(bin, ['--import', `data:text/javascript,${encodeURIComponent(noHome)}`]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^kubelint: cannot find a home folder: HOME is not set and user \S+ has no passwd entry; set HOME\n$/);
    expect(result.stdout).toBe('');
  });

  it('a build whose modules fail to load exits 2 with an internal error, not 1', () => {
    const pkg = tempDir();
    mkdirSync(path.join(pkg, 'bin'));
    mkdirSync(path.join(pkg, 'dist', 'bundle'), { recursive: true });
    copyFileSync(bin, path.join(pkg, 'bin', 'kubelint.js'));
    writeFileSync(path.join(pkg, 'dist', 'bundle', 'boot.cjs'), "throw new Error('a damaged install');\n");
    const result = run(path.join(pkg, 'bin', 'kubelint.js'));
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('kubelint: internal error: a damaged install\n');
  });
});
