// Presets: which rules a run uses and at what level; `rules` in config goes over them.
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { PRESETS, presetsOf, ruleLevel } from '../../src/config/presets.js';
import type { RuleInfo } from '../../src/engine/check.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import { buildInput } from '../../src/engine/rego-input.js';
import { defaultConfig } from '../../src/config/defaults.js';
import { lint } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';

const rule = (over: Partial<RuleInfo>): RuleInfo => ({ id: 'x', title: 't', description: 'd', severity: 'warning', origin: 'rego', ...over });
const POD = packagePath('fixtures', 'presets', 'privileged-pod.yaml');

describe('presets', () => {
  it('resolve a rule level: config rules, then the strictest preset holding it, else off', () => {
    const r = rule({ presets: { recommended: { severity: 'info' }, 'pss-baseline': { severity: 'error' } } });
    expect(ruleLevel(r, { presets: ['recommended'], rules: {} })).toBe('info');
    expect(ruleLevel(r, { presets: ['recommended', 'pss-baseline'], rules: {} })).toBe('error');
    expect(ruleLevel(r, { presets: ['pss-restricted'], rules: {} })).toBe('off');
    expect(ruleLevel(r, { presets: ['all'], rules: {} })).toBe('warning');
    expect(ruleLevel(r, { presets: ['pss-restricted'], rules: { x: { severity: 'info' } } })).toBe('info');
    expect(ruleLevel(r, { presets: ['recommended'], rules: { x: { severity: 'off' } } })).toBe('off');
    // Undeclared: Rego and schema rules are recommended; builtin input rules hold everywhere.
    expect(ruleLevel(rule({}), { presets: ['recommended'], rules: {} })).toBe('warning');
    expect(ruleLevel(rule({}), { presets: ['pss-baseline'], rules: {} })).toBe('off');
    expect(ruleLevel(rule({ origin: 'builtin' }), { presets: ['pss-baseline'], rules: {} })).toBe('warning');
  });

  it('a preset may set a rule\'s options; config options go over them', () => {
    const r = rule({ id: 'pdb-required', presets: { strictish: { severity: 'error', options: { minReplicas: 3 } } } });
    const config = { ...defaultConfig('/'), presets: ['strictish'] };
    expect(buildInput([], [r], { 'pdb-required': { minReplicas: 2 } }, { config }).params['pdb-required']).toEqual({ minReplicas: 3 });
    const over = { ...config, rules: { 'pdb-required': { options: { minReplicas: 5 } } } };
    expect(buildInput([], [r], { 'pdb-required': { minReplicas: 2 } }, { config: over }).params['pdb-required']).toEqual({ minReplicas: 5 });
    expect(buildInput([], [r], { 'pdb-required': { minReplicas: 2 } }, { config: defaultConfig('/') }).params['pdb-required']).toEqual({ minReplicas: 2 });
  });

  it('every preset a rule names exists, and all holds every rule', async () => {
    const names = new Set(PRESETS.map((p) => p.name));
    for (const r of (await getLinter()).rules.values()) {
      const held = Object.keys(presetsOf(r)).filter((n) => n !== '*');
      expect(held.filter((n) => !names.has(n)), r.id).toEqual([]);
      expect(held, r.id).toContain('all');
    }
  });

  it('--preset replaces the default recommended set; config presets work alike', async () => {
    const base = { configFile: false as const, cwd: packagePath() };
    const recommended = await lint([POD], base);
    expect(recommended.findings.map((f) => f.ruleId)).toContain('run-as-non-root');
    const pss = await lint([POD], { ...base, overrides: { presets: ['pss-baseline'] } });
    expect(new Set(pss.findings.map((f) => f.ruleId))).toEqual(new Set(['pss-privileged']));
    const withRule = await lint([POD], { ...base, overrides: { presets: ['pss-baseline'], rules: { 'image-tag-pinned': 'error', 'pss-privileged': 'warning' } } });
    expect(withRule.findings.find((f) => f.ruleId === 'pss-privileged')?.severity).toBe('warning');
  });

  it('the CLI takes --preset (repeatable) and refuses an unknown name with exit 2', async () => {
    const one = await runCli(['--no-config', '--preset', 'pss-baseline', '-f', 'json', POD]);
    expect(one.code).toBe(1);
    expect(new Set(JSON.parse(one.stdout).findings.map((f: { ruleId: string }) => f.ruleId))).toEqual(new Set(['pss-privileged']));
    const two = await runCli(['--no-config', '--preset', 'pss-baseline', '--preset', 'recommended', '-f', 'json', POD]);
    expect(JSON.parse(two.stdout).findings.map((f: { ruleId: string }) => f.ruleId)).toContain('run-as-non-root');
    const bad = await runCli(['--no-config', '--preset', 'strictest', POD]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown preset "strictest"');
  });

  it('kubelint rules shows the presets holding each rule', async () => {
    const { stdout } = await runCli(['rules']);
    expect(stdout).toMatch(/^parse-error\s+error\s+resource\s+\(every\)\s/m);
    expect(stdout).toMatch(/^run-as-non-root\s+error\s+resource\s+recommended,all\s/m);
    const one = await runCli(['rules', 'pss-capabilities-baseline']);
    expect(one.stdout).toMatch(/presets\s+pss-baseline,pss-restricted,all/);
    expect(one.stdout).toContain('control   capabilities_baseline (Pod Security baseline)');
    const json = JSON.parse((await runCli(['rules', '--json'])).stdout);
    expect(json.find((r: { id: string }) => r.id === 'schema').presets).toEqual({ recommended: { severity: 'error' }, all: { severity: 'error' } });
  });
});
