// `helm template … | kubelint -` and `kustomize build … | kubelint -` through the CLI's execute().
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runJson } from '../helpers/cli.js';

const T = 60_000;
const tool = (name: string, ...args: string[]) => execFileSync(path.join(REPO_ROOT, '.tools/bin', name), args, { cwd: REPO_ROOT, encoding: 'utf8' });

describe('rendered output on stdin', () => {
  it('helm template | kubelint - reports at template lines', async () => {
    const stdin = tool('helm', 'template', 'web', 'fixtures/helm/dup');
    const { code, report } = await runJson(['--no-config', '-'], { stdin });
    expect(code).toBe(1);
    const dup = report!.findings.find((f) => f.ruleId === 'duplicate-resource')!;
    expect([dup.file, dup.line, dup.column]).toEqual(['fixtures/helm/dup/templates/settings.yaml', 4, 3]);
    const unnamed = report!.findings.find((f) => f.ruleId === 'not-k8s-object')!;
    expect(unnamed.file).toBe('fixtures/helm/dup/templates/unnamed.yaml');
  }, T);

  it('kustomize build | kubelint - reports at the base file, and at the overlay for what it sets', async () => {
    const stdin = tool('kustomize', 'build', 'fixtures/kustomize/app/overlays/dev');
    const { report } = await runJson(['--no-config', '-'], { stdin });
    const files = new Set(report!.findings.map((f) => f.file));
    expect(files.has('fixtures/kustomize/app/base/deployment.yaml')).toBe(true);
    expect([...files].every((f) => f?.startsWith('fixtures/kustomize/app/base/') || f === 'fixtures/kustomize/app/overlays/dev/kustomization.yaml')).toBe(true);
    // dev's `replicas` transformer makes 2 replicas without a PDB: reported at that entry.
    const pdb = report!.findings.find((f) => f.ruleId === 'pdb-required')!;
    expect([pdb.file, pdb.line, pdb.column]).toEqual(['fixtures/kustomize/app/overlays/dev/kustomization.yaml', 12, 5]);
  }, T);
});
