import { describe, expect, it } from 'vitest';
import { getLinter } from '../../src/engine/linter-factory.js';
import { runCli } from '../helpers/cli.js';

describe('kubelint rules', () => {
  it('lists every rule of the linter with severity and title', async () => {
    const rules = [...(await getLinter()).rules.values()];
    const { code, stdout } = await runCli(['rules']);
    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^RULE\s+SEVERITY\s+SCOPE\s+PRESETS\s+TITLE$/);
    for (const rule of rules) {
      const row = lines.find((l) => l.startsWith(`${rule.id} `));
      expect(row, rule.id).toBeDefined();
      expect(row).toContain(rule.severity);
      expect(row!.endsWith(rule.title)).toBe(true);
    }
    expect(stdout).toContain(`${rules.length} rules.`);
  });

  it('shows one rule in full with its options and docs link', async () => {
    const { code, stdout } = await runCli(['rules', 'pdb-required']);
    expect(code).toBe(0);
    const rule = (await getLinter()).rules.get('pdb-required')!;
    expect(stdout).toContain(`pdb-required: ${rule.title}`);
    expect(stdout).toContain(rule.description);
    expect(stdout).toContain(`How to fix: ${rule.remediation}`);
    expect(stdout).toMatch(/minReplicas: integer \(default 2\)/);
    expect(stdout).toMatch(/Docs: .*docs\/rules\/pdb-required\.md/);
    expect((await runCli(['rules', 'duplicate-resource'])).stdout).toContain('Options: none');
  });

  it('emits JSON on request and explains an unknown id', async () => {
    const json = JSON.parse((await runCli(['rules', '--json'])).stdout);
    expect(json.find((r: { id: string }) => r.id === 'resource-limits').options[0]).toMatchObject({ name: 'requireCpuLimit', type: 'boolean', default: true });
    const unknown = await runCli(['rules', 'pdb']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown rule "pdb" (did you mean pdb-allows-eviction, pdb-required, pdb-unhealthy-eviction?)');
  });
});
