import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../src/config/load.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const schema = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas/config.schema.json'), 'utf8'));

describe('kubelint init', () => {
  it('writes a starter config that is valid against the config schema and loads', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-init-'));
    mkdirSync(path.join(dir, 'k8s'));
    mkdirSync(path.join(dir, 'charts'));
    const { code, stdout } = await runCli(['init'], { cwd: dir });
    expect(code).toBe(0);
    expect(stdout).toContain('Wrote .kubelint.json (include: k8s, charts)');
    const written = JSON.parse(readFileSync(path.join(dir, '.kubelint.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(written), JSON.stringify(validate.errors)).toBe(true);
    expect(written.include).toEqual(['k8s', 'charts']);
    const config = await resolveConfig({ cwd: dir });
    expect(config.configFile).toBe(path.join(dir, '.kubelint.json'));
    expect(config.include).toEqual(['k8s', 'charts']);
  });

  it('includes . when no usual manifest folder exists', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-init-'));
    await runCli(['init'], { cwd: dir });
    expect(JSON.parse(readFileSync(path.join(dir, '.kubelint.json'), 'utf8')).include).toEqual(['.']);
  });

  it('refuses to overwrite any existing config', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-init-'));
    writeFileSync(path.join(dir, '.kubelint.json'), '{"failOn": "warning"}\n');
    const again = await runCli(['init'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('a config already exists here (.kubelint.json); not overwriting it');
    expect(readFileSync(path.join(dir, '.kubelint.json'), 'utf8')).toBe('{"failOn": "warning"}\n');
    const other = mkdtempSync(path.join(tmpdir(), 'kubelint-init-'));
    writeFileSync(path.join(other, 'package.json'), '{"name": "x", "kubelint": {}}');
    expect((await runCli(['init'], { cwd: other })).stderr).toContain('package.json ("kubelint" key)');
  });
});

describe('kubelint init on a Kustomize base + overlays layout', () => {
  const kustomization = (dir: string, body: string) => {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'kustomization.yaml'), body);
  };

  it('includes the overlays, not the base they build on', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-init-kustomize-'));
    kustomization(path.join(dir, 'base'), 'resources: [deployment.yaml]\n');
    kustomization(path.join(dir, 'overlays', 'dev'), 'resources: [../../base]\n');
    kustomization(path.join(dir, 'overlays', 'prod'), 'resources:\n  - ../../base\n');
    mkdirSync(path.join(dir, 'k8s'));
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, '.kubelint.json'), 'utf8')).include).toEqual(['k8s', 'overlays']);
  });

  it('replaces a folder holding base and overlays by its overlays', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-init-kustomize-'));
    kustomization(path.join(dir, 'deploy', 'base'), 'resources: [deployment.yaml]\n');
    kustomization(path.join(dir, 'deploy', 'overlays', 'prod'), 'resources: [../../base]\n');
    expect((await runCli(['init'], { cwd: dir })).code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, '.kubelint.json'), 'utf8')).include).toEqual(['deploy/overlays/prod']);
  });
});
