// The committed policy bundle's freshness check (`npm run check:policies`, run by .ci/run): it must
// pass on a fresh copy in another directory (the build is deterministic and path-independent) and
// fail, naming the command that fixes it, when policies/ changed without a rebuild.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const opa = path.join(REPO_ROOT, '.tools', 'bin', 'opa');

/** A git repository holding only what the policy build reads, committed. */
function copyRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-bundle-'));
  for (const part of ['scripts', 'policies', 'build/policies']) cpSync(path.join(REPO_ROOT, part), path.join(dir, part), { recursive: true });
  symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  symlinkSync(path.join(REPO_ROOT, '.tools'), path.join(dir, '.tools'));
  writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}\n');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'ignore' });
  git('init', '-q');
  git('add', 'scripts', 'policies', 'build', 'package.json');
  git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qm', 'copy');
  return dir;
}

const check = (dir: string) => spawnSync(process.execPath, ['scripts/build-policies.mjs', '--check'], { cwd: dir, encoding: 'utf8' });

describe.skipIf(!existsSync(opa))('policy bundle freshness check', () => {
  it('passes on the committed bundle, built elsewhere, and fails with the fix when policies/ changed', () => {
    const dir = copyRepo();
    const fresh = check(dir);
    expect(fresh.stderr).toBe('');
    expect(fresh.stdout).toContain('build/policies is exactly what opa v');
    expect(fresh.status).toBe(0);

    const rule = path.join(dir, 'policies', 'rules', 'no_privileged.rego');
    writeFileSync(rule, readFileSync(rule, 'utf8').replace(' is privileged (', ' runs privileged ('));
    const committed = readFileSync(path.join(dir, 'build', 'policies', 'policy.wasm'));
    const stale = check(dir);
    expect(stale.status).toBe(1);
    expect(stale.stderr).toContain('build/policies is stale: policy.wasm, rules.json differ from what opa v'); // rules.json records the wasm's digest
    expect(stale.stderr).toContain('Rebuild and commit it: npm run build:policies && git add build/policies && git commit');
    // The check leaves the working tree as it was.
    expect(readFileSync(path.join(dir, 'build', 'policies', 'policy.wasm')).equals(committed)).toBe(true);

    // Rebuilt but not committed: still stale, as HEAD is what users install.
    execFileSync(process.execPath, ['scripts/build-policies.mjs'], { cwd: dir, stdio: 'ignore' });
    const uncommitted = check(dir);
    expect(uncommitted.status).toBe(1);
    expect(uncommitted.stderr).toContain('the committed build/policies (HEAD) is stale');
  }, 180_000);
});
