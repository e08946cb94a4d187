// The split ESM bundle (dist/bundle/kubelint.mjs) runs `serve` and every run whose cache folder is
// unusable (no code cache key: boot.cjs falls back to it). There, a CommonJS package imported with
// import() is a chunk whose only export is `default` (shared/commonjs.ts): a config file crashed
// such a run ("internal error: Cannot convert undefined or null to object"), as it did on 35a3b4e.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commonJs } from '../../src/shared/commonjs.js';
import { REPO_ROOT } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: "nginx:latest"}]
`;

describe('the ESM bundle', () => {
  it('reads a config file as the CommonJS bundle does', () => {
    const dir = temp('kubelint-esm-bundle-');
    writeFileSync(path.join(dir, 'web.yaml'), DEPLOYMENT);
    writeFileSync(path.join(dir, '.kubelint.json'), JSON.stringify({ rules: { 'image-tag-pinned': 'off', 'resource-limits': 'info' } }));
    const lint = (cacheDir: string) =>
      spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'kubelint.js'), 'web.yaml', '--format', 'json'], { cwd: dir, env: { ...process.env, KUBELINT_CACHE_DIR: cacheDir }, encoding: 'utf8', timeout: 60_000 });
    const cjs = lint(path.join(dir, 'cache'));
    // A cache folder below a regular file cannot be made: no key, so boot.cjs runs the ESM bundle.
    const esm = lint(path.join(dir, 'web.yaml', 'cache'));
    expect([esm.status, esm.stderr]).toEqual([cjs.status, '']);
    expect(esm.stdout).toBe(cjs.stdout);
    const ids = (JSON.parse(esm.stdout) as { findings: Array<{ ruleId: string; severity: string }> }).findings.map((f) => `${f.ruleId} ${f.severity}`);
    expect(ids).not.toContain('image-tag-pinned error');
    const limits = ids.filter((id) => id.startsWith('resource-limits '));
    expect([limits.length > 0, limits.every((id) => id === 'resource-limits info')]).toEqual([true, true]); // the config's level
  }, 60_000);
});

describe('commonJs', () => {
  const exportsOf = { extract: () => 'x' };
  it("takes the package's exports as Node names them, or from a default-only namespace", () => {
    expect(commonJs({ ...exportsOf, default: exportsOf }).extract).toBe(exportsOf.extract);
    expect(commonJs({ default: exportsOf } as unknown as typeof exportsOf).extract).toBe(exportsOf.extract);
    expect(commonJs(exportsOf)).toBe(exportsOf);
  });
});
