// Issue #14 item 5: Kustomize on real-world shapes (fixtures/repos/kustomize-*).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lint } from '../../src/lint.js';
import { REPO_ROOT, runCli, runJson } from '../helpers/cli.js';
import { FIXTURES, T, at, of } from './helpers.js';

describe('kustomize (item 5)', () => {
  it('(a) a finding caused by `op: remove` points at the operation in the overlay, with a note', async () => {
    const report = await lint(['.'], { cwd: path.join(FIXTURES, 'kustomize-remove'), configFile: false });
    const [readiness, ...r] = of(report, 'readiness-probe');
    expect(r).toEqual([]);
    expect(at(readiness!)).toBe('overlays/file-patch/drop-readiness.yaml:2:3');
    expect(readiness!.variants).toEqual(['overlays/file-patch']);
    expect(readiness!.note).toBe('removed by this patch operation (op: remove /spec/template/spec/containers/0/readinessProbe); base/deployment.yaml:17 still has it');
    const [liveness, ...l] = of(report, 'liveness-probe');
    expect(l).toEqual([]);
    // Inline patch: the operation's own line inside the kustomization.
    expect(at(liveness!)).toBe('overlays/inline/kustomization.yaml:11:9');
    expect(liveness!.variants).toEqual(['overlays/inline']);
    expect(liveness!.note).toMatch(/^removed by this patch operation \(op: remove \/spec\/template\/spec\/containers\/0\/livenessProbe\); base\/deployment\.yaml:\d+ still has it$/);
  }, T);

  it('(b) helmCharts build with the pinned helm (--enable-helm), findings at the helmCharts entry', async () => {
    const report = await lint(['.'], { cwd: path.join(FIXTURES, 'kustomize-helm'), configFile: false });
    expect(of(report, 'render-error')).toEqual([]);
    const [tag] = of(report, 'image-tag-pinned');
    expect(at(tag!)).toBe('kustomization.yaml:2:5');
    expect(tag!.variants).toEqual(['.']);
    expect(tag!.note).toMatch(/^rendered by Helm chart demo \(helmCharts in this kustomization\)/);
    // The vendored chart is read by the build, not rendered again on its own.
    expect(report.sources).toEqual(['.']);
  }, T);

  it('(c) a remote base is never fetched: one line naming the base and what to do; local resources still linted', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-remote-'));
    const marker = path.join(dir, 'ran');
    const fake = path.join(dir, 'kustomize');
    writeFileSync(fake, `#!/bin/sh\ntouch ${marker}\nexit 1\n`);
    chmodSync(fake, 0o755);
    const cwd = path.join(FIXTURES, 'kustomize-remote');
    const report = await lint(['.'], { cwd, configFile: false, overrides: { kustomize: { binary: fake } } });
    expect(existsSync(marker)).toBe(false); // kustomize never ran
    const [error, ...more] = of(report, 'render-error');
    expect(more).toEqual([]);
    expect(error!.message).toBe(
      'overlays/prod uses remote base https://github.com/example/platform//deploy/base?ref=v1.2.3, which kubelint does not fetch: vendor it into the repository, lint rendered output (kustomize build overlays/prod | kubelint -), or set kustomize.allowRemote',
    );
    expect(error!.message).not.toContain('\n');
    expect(report.inventory!.map((i) => i.file)).toEqual(['overlays/prod/configmap.yaml']);
    // With kustomize.allowRemote the build is attempted (here: the stand-in tool runs).
    await lint(['.'], { cwd, configFile: false, overrides: { kustomize: { binary: fake, allowRemote: true } } });
    expect(existsSync(marker)).toBe(true);
  }, T);

  it('(d) a failed build keeps kustomize\'s whole cause, and the files it would have read are still linted', async () => {
    const cwd = path.join(FIXTURES, 'kustomize-broken');
    const report = await lint(['.'], { cwd, configFile: false });
    const [error] = of(report, 'render-error');
    const direct = spawnSync(path.join(REPO_ROOT, '.tools/bin/kustomize'), ['build', path.join(cwd, 'overlays/prod')], { encoding: 'utf8' });
    const lines = direct.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
    expect(error!.message).toBe(`kustomize build failed for overlays/prod: ${lines.join('; ')}`);
    expect(error!.message).toMatch(/replicas-patch\.yaml: no such file or directory$/);
    const [tag] = of(report, 'image-tag-pinned');
    expect(at(tag!)).toBe('base/deployment.yaml:16:11');
    expect(tag!.variants).toEqual(['overlays/prod']);
  }, T);

  it('(e) a Flux Kustomization named kustomization.yaml is a plain manifest; (f) a kustomization given as a file says to give its folder', async () => {
    const report = await lint(['clusters/prod'], { cwd: path.join(FIXTURES, 'overlays-tree'), configFile: false });
    expect(of(report, 'render-error')).toEqual([]);
    expect(report.inventory).toEqual([{ resource: { apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', name: 'metrics', namespace: 'flux-system' }, file: 'clusters/prod/kustomization.yaml' }]);
    const given = await runJson(['fixtures/repos/overlays-tree/overlays/release/kustomization.yaml']);
    expect(given.code).toBe(2);
    expect(given.report!.findings.map((f) => [f.file, f.message])).toEqual([
      ['fixtures/repos/overlays-tree/overlays/release/kustomization.yaml', 'this is a Kustomization: give its folder (kubelint fixtures/repos/overlays-tree/overlays/release) to lint what it builds'],
    ]);
  }, T);

  it('(g) kustomize output piped without origin annotations says why its positions are in the stream', async () => {
    const stdin = spawnSync(path.join(REPO_ROOT, '.tools/bin/kustomize'), ['build', 'fixtures/repos/kustomize-broken/base'], { encoding: 'utf8', cwd: REPO_ROOT }).stdout;
    const run = await runJson(['--no-config', '-'], { stdin });
    const tag = run.report!.findings.find((f) => f.ruleId === 'image-tag-pinned')!;
    expect(tag.file).toBe('<stdin>');
    expect(tag.note).toContain('maps back to its files only when built with origin annotations (buildMetadata: [originAnnotations])');
  }, T);
});

describe('--changed through the input plan', () => {
  it('a changed base file reports the findings of the overlays that build it', async () => {
    const cwd = path.join(FIXTURES, 'overlays-tree');
    const run = await runCli(['--changed', 'base/deployment.yaml', '--no-config', '--format', 'json'], { cwd });
    const report = JSON.parse(run.stdout);
    const tag = report.findings.find((f: { ruleId: string }) => f.ruleId === 'image-tag-pinned');
    expect(tag).toMatchObject({ file: 'base/deployment.yaml', line: 17, column: 11 });
    expect(report.findings.every((f: { file: string }) => f.file.startsWith('base/') || f.file.startsWith('components/') || f.file.startsWith('overlays/'))).toBe(true);
  }, T);
});
