// Shared by the install tests: the working tree as a tagged git repository (what a user clones),
// and a PATH without go, opa and helm (what a user without Go has).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

/** Heavy (minutes of npm and pip): on in CI (.ci/run sets it), opt-in elsewhere. */
export const INSTALL_TESTS = process.env.KUBELINT_INSTALL_TESTS === '1';
export const TAG = 'v0.0.0-test';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** Tracked and untracked, not ignored files of the working tree, committed and tagged in a new repository. */
export function tagRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-clone-'));
  const files = git(REPO_ROOT, 'ls-files', '-co', '--exclude-standard', '-z');
  // tar, not cp: fixtures hold symlinks (one a loop) that must be copied as links.
  execFileSync('sh', ['-c', `tar --null -T - -cf - | tar -xf - -C "${dir}"`], { cwd: REPO_ROOT, input: files });
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'snapshot');
  git(dir, 'tag', TAG);
  return dir;
}

const WITHOUT = ['go', 'opa', 'helm'];

/** process.env.PATH less every directory holding go, opa or helm, plus extra directories first. */
export function pathWithoutGo(...extra: string[]): string {
  const keep = (process.env.PATH ?? '').split(':').filter((dir) => dir && !WITHOUT.some((tool) => existsSync(path.join(dir, tool))));
  return [...extra, ...keep].join(':');
}

export function onPath(tool: string, envPath: string): boolean {
  return envPath.split(':').some((dir) => existsSync(path.join(dir, tool)));
}

/** An empty npm project to install kubelint into. */
export function emptyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-user-'));
  mkdirSync(dir, { recursive: true });
  execFileSync('sh', ['-c', 'echo \'{"private":true}\' > package.json'], { cwd: dir });
  return dir;
}
