// A throwaway git repository holding a copy of fixtures/ci/repo, for end-to-end CLI tests.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const FIXTURE_REPO = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'ci', 'repo');

export function sampleRepo(git = false): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-ci-'));
  cpSync(FIXTURE_REPO, dir, { recursive: true });
  if (git) {
    const run = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
    run('init', '-q', '-b', 'main');
    run('config', 'user.email', 'test@example.com');
    run('config', 'user.name', 'test');
    run('add', '.');
    run('commit', '-qm', 'init');
  }
  return dir;
}
