// --changed (the pre-commit hook) with changed YAML/JSON that is not Kubernetes: skipped with a
// note, while a broken manifest (objects mixed with non-objects) still fails.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: shop\ndata:\n  a: b\n';

function repo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-nonk8s-'));
  mkdirSync(path.join(dir, 'k8s'));
  writeFileSync(path.join(dir, 'k8s', 'cm.yaml'), CONFIGMAP);
  writeFileSync(path.join(dir, 'docker-compose.yml'), 'services:\n  web:\n    image: nginx:1.27\n');
  writeFileSync(path.join(dir, 'package.json'), '{"name":"app","version":"1.0.0"}\n');
  writeFileSync(path.join(dir, 'k8s', 'mixed.yaml'), `${CONFIGMAP}---\nservices:\n  web: {}\n`);
  return dir;
}

describe('--changed with non-Kubernetes files', () => {
  it('skips YAML/JSON without any Kubernetes object, with a note', async () => {
    // Issue #14 item 6: such files are skipped-input infos everywhere, not errors.
    const run = await runCli(['--changed', 'docker-compose.yml', 'package.json', 'k8s/cm.yaml', '--no-config', '--format', 'json'], { cwd: repo() });
    const report = JSON.parse(run.stdout);
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'not-k8s-object')).toEqual([]);
    expect(report.findings.filter((f: { ruleId: string }) => f.ruleId === 'skipped-input').map((f: { file: string }) => f.file)).toEqual(['docker-compose.yml', 'package.json']);
    expect(run.code).toBe(0);
    // With inputs.nonKubernetes: "error" they are not-k8s-object errors, which --changed drops with a note.
    const dir = repo();
    writeFileSync(path.join(dir, '.kubelint.json'), '{"inputs": {"nonKubernetes": "error"}}\n');
    const strict = await runCli(['--changed', 'docker-compose.yml', 'package.json', 'k8s/cm.yaml', '--format', 'json'], { cwd: dir });
    expect(strict.stderr).toContain('kubelint: --changed: no Kubernetes object, not a manifest — skipped: docker-compose.yml, package.json');
    expect(JSON.parse(strict.stdout).findings.filter((f: { ruleId: string }) => f.ruleId === 'not-k8s-object')).toEqual([]);
    expect(strict.code).toBe(0);
  }, 60_000);

  it('keeps not-k8s-object for a file that also holds objects; linted alone a non-manifest is an info', async () => {
    const dir = repo();
    const mixed = await runCli(['--changed', 'k8s/mixed.yaml', '--no-config', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(mixed.stdout).findings.map((f: { ruleId: string; line: number }) => [f.ruleId, f.line])).toContainEqual(['not-k8s-object', 9]);
    expect(mixed.code).toBe(1);
    const direct = await runCli(['docker-compose.yml', '--no-config', '--format', 'json'], { cwd: dir });
    expect(JSON.parse(direct.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toEqual(['skipped-input']);
    expect(direct.code).toBe(0);
  }, 60_000);
});
