import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sign, userKey } from '../../src/cache/auth.js';
import { cacheKey } from '../../src/cache/key.js';
import { resolveConfig } from '../../src/config/load.js';
import { sampleRepo } from '../baseline/helpers.js';
import { runCli, runJson } from '../helpers/cli.js';

const today = new Date('2026-11-22T12:00:00Z');

/**
 * Rewrites every cached report's messages, so a served-from-cache run is recognisable; re-signed
 * with this user's key (the one the in-process CLI uses), as kubelint itself would have written it.
 */
function tamperCache(file: string): void {
  const cache = JSON.parse(readFileSync(file, 'utf8'));
  const slots = JSON.parse(cache.body);
  for (const slot of Object.values(slots) as Array<{ report: { findings: Array<{ message: string }> } }>) {
    for (const f of slot.report.findings) f.message = `CACHED ${f.message}`;
  }
  const body = JSON.stringify(slots);
  writeFileSync(file, JSON.stringify({ ...cache, body, mac: sign(userKey({})!, body) }));
}

const cached = (r: Awaited<ReturnType<typeof runJson>>) => r.report!.findings.some((f) => f.message.startsWith('CACHED '));

describe('cache', () => {
  it('serves an unchanged run from the cache without evaluating, and misses after an edit', async () => {
    const repo = sampleRepo();
    const first = await runJson(['k8s', '--cache'], { cwd: repo });
    expect(first.code).toBe(1);
    tamperCache(path.join(repo, '.kubelintcache'));
    const hit = await runJson(['k8s', '--cache'], { cwd: repo });
    expect(cached(hit)).toBe(true);
    expect(hit.code).toBe(1);
    expect(hit.report!.summary).toEqual(first.report!.summary);

    // Editing a file (removing the privileged flag) changes the key: a fresh, correct report.
    const web = path.join(repo, 'k8s/web.yaml');
    writeFileSync(web, readFileSync(web, 'utf8').replace('            privileged: true\n', ''));
    const miss = await runJson(['k8s', '--cache'], { cwd: repo });
    expect(cached(miss)).toBe(false);
    expect(miss.report!.findings.some((f) => f.ruleId === 'no-privileged')).toBe(false);
  });

  it('misses when a rule option changes in the config file', async () => {
    const repo = sampleRepo();
    const config = path.join(repo, '.kubelint.json');
    writeFileSync(config, JSON.stringify({ rules: { 'pdb-required': { options: { minReplicas: 2 } } } }));
    const first = await runJson(['k8s', '--cache', '--cache-location', 'tmp/cache.json'], { cwd: repo });
    expect(first.report!.findings.some((f) => f.ruleId === 'pdb-required')).toBe(true);
    tamperCache(path.join(repo, 'tmp/cache.json'));
    writeFileSync(config, JSON.stringify({ rules: { 'pdb-required': { options: { minReplicas: 5 } } } }));
    const second = await runJson(['k8s', '--cache', '--cache-location', 'tmp/cache.json'], { cwd: repo });
    expect(cached(second)).toBe(false);
    expect(second.report!.findings.some((f) => f.ruleId === 'pdb-required')).toBe(false);
  });

  it('keys on kubelint version, rule options, file contents and the day', async () => {
    const repo = sampleRepo();
    const config = await resolveConfig({ cwd: repo, configFile: false });
    const base = await cacheKey(['k8s'], config, repo, '1.0.0', today);
    expect((await cacheKey(['k8s'], config, repo, '1.0.0', today)).key).toBe(base.key);
    expect(base.files).toBe(3);
    // Upgrade.
    expect((await cacheKey(['k8s'], config, repo, '1.0.1', today)).key).not.toBe(base.key);
    // Rule option from the command line or config.
    const tuned = { ...config, rules: { 'resource-limits': { options: { requireCpuLimit: false } } } };
    expect((await cacheKey(['k8s'], tuned, repo, '1.0.0', today)).key).not.toBe(base.key);
    // Suppression expiry depends on the date.
    expect((await cacheKey(['k8s'], config, repo, '1.0.0', new Date('2026-11-23T12:00:00Z'))).key).not.toBe(base.key);
    // Files the loader never reads in a plain folder do not count...
    writeFileSync(path.join(repo, 'k8s/notes.txt'), 'x');
    expect((await cacheKey(['k8s'], config, repo, '1.0.0', today)).key).toBe(base.key);
    // ...but every file of a chart does (templates, helpers, values).
    mkdirSync(path.join(repo, 'k8s/chart/templates'), { recursive: true });
    writeFileSync(path.join(repo, 'k8s/chart/Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    writeFileSync(path.join(repo, 'k8s/chart/templates/_helpers.tpl'), '{{- define "a" -}}a{{- end -}}');
    const withChart = await cacheKey(['k8s'], config, repo, '1.0.0', today);
    writeFileSync(path.join(repo, 'k8s/chart/templates/_helpers.tpl'), '{{- define "a" -}}b{{- end -}}');
    expect((await cacheKey(['k8s'], config, repo, '1.0.0', today)).key).not.toBe(withChart.key);
    // Output settings do not.
    expect((await cacheKey(['k8s'], { ...config, format: ['sarif'] }, repo, '1.0.0', today)).scope).toBe(
      (await cacheKey(['k8s'], config, repo, '1.0.0', today)).scope,
    );
  });

  it('follows a kustomization to a base outside the input tree', async () => {
    const repo = sampleRepo();
    writeFileSync(path.join(repo, 'k8s/kustomization.yaml'), 'resources:\n  - ../shared\n  - web.yaml\n');
    mkdirSync(path.join(repo, 'shared'));
    writeFileSync(path.join(repo, 'shared/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    const config = await resolveConfig({ cwd: repo, configFile: false });
    const before = await cacheKey(['k8s'], config, repo, '1', today);
    writeFileSync(path.join(repo, 'shared/cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n');
    expect((await cacheKey(['k8s'], config, repo, '1', today)).key).not.toBe(before.key);
  });

  it('hits when the cache file and the outputs live inside the linted tree', async () => {
    const repo = sampleRepo();
    const args = ['.', '--cache', '--format', 'sarif', '-o', 'kubelint.sarif', '--format', 'json', '-o', 'report.json'];
    await runCli(args, { cwd: repo });
    tamperCache(path.join(repo, '.kubelintcache'));
    await runCli(args, { cwd: repo });
    const report = JSON.parse(readFileSync(path.join(repo, 'report.json'), 'utf8'));
    expect(report.findings.some((f: { message: string }) => f.message.startsWith('CACHED '))).toBe(true);
  });

  it('ignores a damaged cache file with a note and rewrites it', async () => {
    const repo = sampleRepo();
    writeFileSync(path.join(repo, '.kubelintcache'), 'not json');
    const run = await runCli(['k8s', '--cache', '--format', 'json'], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('kubelint: ignoring cache file .kubelintcache');
    expect(JSON.parse(readFileSync(path.join(repo, '.kubelintcache'), 'utf8')).format).toBe(2);
  });
});
