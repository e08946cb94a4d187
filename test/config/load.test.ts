import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveConfig } from '../../src/config/load.js';
import { runCli } from '../helpers/cli.js';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-config-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

describe('config files', () => {
  it('finds .kubelint.json above the cwd and resolves paths against it', async () => {
    const dir = project({ 'package.json': '{}', '.kubelint.json': '{"kubernetesVersion": "v1.31.2", "include": ["deploy"]}', 'sub/x': '' });
    const config = await resolveConfig({ cwd: path.join(dir, 'sub') });
    expect(config.configFile).toBe(path.join(dir, '.kubelint.json'));
    expect(config.root).toBe(dir);
    expect(config.kubernetesVersion).toBe('1.31');
    expect(config.include).toEqual(['deploy']);
  });

  it.each([
    ['.kubelintrc.yaml', 'failOn: warning\n'],
    ['.kubelintrc', '{"failOn": "warning"}'],
    ['kubelint.config.mjs', 'export default { failOn: "warning" };\n'],
    ['package.json', '{"name": "x", "kubelint": {"failOn": "warning"}}'],
  ])('reads %s', async (name, text) => {
    const files: Record<string, string> = { [name]: text };
    if (name !== 'package.json') files['package.json'] = '{}';
    // An executable config loads only when trusted (test/hostile/trust-config.test.ts: refused otherwise).
    const config = await resolveConfig({ cwd: project(files), trustConfig: name.endsWith('.mjs') });
    expect(config.failOn).toBe('warning');
  });

  it('names the unknown key and the file', async () => {
    const dir = project({ '.kubelint.json': '{"schema": {"strict": true, "stirct": false}}' });
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow(new ConfigError('.kubelint.json: schema: unknown key "stirct"'));
  });

  it('names a mistyped value', async () => {
    const dir = project({ '.kubelint.json': '{"failOn": "fatal"}' });
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow('.kubelint.json: failOn: must be one of "error", "warning", "info"');
  });

  it('validates rule options against the rule\'s own schema', async () => {
    const dir = project({ '.kubelint.json': '{"rules": {"pdb-required": {"options": {"minReplicas": "two"}}}}' });
    await expect(resolveConfig({ cwd: dir })).rejects.toThrow('.kubelint.json: rules.pdb-required.options.minReplicas: must be integer');
    const noOptions = project({ '.kubelint.json': '{"rules": {"no-privileged": {"options": {"x": 1}}}}' });
    await expect(resolveConfig({ cwd: noOptions })).rejects.toThrow('rule "no-privileged" takes no options');
  });

  it('lets command-line overrides win over the file, keeping the rest', async () => {
    const dir = project({ '.kubelint.json': '{"failOn": "warning", "rules": {"no-privileged": "warning"}}' });
    const config = await resolveConfig({ cwd: dir, overrides: { rules: { 'no-host-path': 'off' } } });
    expect(config.failOn).toBe('warning');
    expect(config.rules).toEqual({ 'no-privileged': { severity: 'warning' }, 'no-host-path': { severity: 'off' } });
  });

  it('reports config errors through the CLI with exit 2', async () => {
    const dir = project({ '.kubelint.json': '{"include": "manifests"}', 'a.yaml': 'kind: X\n' });
    const result = await runCli(['a.yaml'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe('kubelint: config error: .kubelint.json: include: must be array\n');
    const badVersion = await runCli(['a.yaml', '--no-config', '-k', '1.12'], { cwd: dir });
    expect(badVersion.code).toBe(2);
    expect(badVersion.stderr).toMatch(/kubernetesVersion "1.12" has no bundled schemas; bundled versions: 1.30, .*1.36/);
    const broken = project({ '.kubelint.json': '{"failOn": ' });
    const parse = await runCli(['x.yaml'], { cwd: broken });
    expect(parse.code).toBe(2);
    expect(parse.stderr).toMatch(/^kubelint: config error: cannot read config: /);
  });

  it('the repository\'s own .kubelint.json is valid', async () => {
    const config = await resolveConfig({ cwd: path.resolve(import.meta.dirname, '../..') });
    expect(config.include).toEqual(['manifests/']);
  });
});
