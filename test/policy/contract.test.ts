// Users' policies in kubelint's contract: exact positions, levels, options, suppressions,
// `kubelint rules`, id clashes, and errors that are the user's (file:line:column).
import { mkdirSync, writeFileSync, cpSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { countingOpa, policyEnv } from './helpers.js';

const POLICY = 'fixtures/policies/contract';
const INPUT = 'fixtures/policies/contract-manifests';
const ours = (id: string) => ['team-label', 'company-registry', 'policy-error', 'replica-owner'].includes(id);

describe('user policies in kubelint\'s contract', () => {
  const { env, dir } = policyEnv();
  beforeAll(async () => {
    // Compile once; the other tests hit the cache.
    expect((await runCli(['--no-config', '--policy', POLICY, INPUT], { env })).code).toBe(1);
  }, 60_000);

  it('reports the team label and the registry at the exact lines of metadata.labels and the image', async () => {
    const { code, report } = await runJson(['--no-config', '--policy', POLICY, INPUT], { env });
    expect(code).toBe(1);
    const found = report!.findings.filter((f) => ours(f.ruleId)).map((f) => [f.ruleId, f.line, f.column, f.path, f.message]);
    expect(found).toEqual([
      ['team-label', 5, 3, 'metadata.labels', 'Deployment "web" has no team label'],
      ['company-registry', 19, 11, 'spec.template.spec.containers[0].image', 'container "web" uses image "docker.io/library/nginx:1.27", not from registry.example.com/'],
    ]);
    // The built-in rules still run beside them.
    expect(report!.findings.some((f) => f.ruleId === 'liveness-probe')).toBe(true);
  });

  it('honours levels, options from the config (paths relative to it) and suppression comments', async () => {
    const project = path.join(dir, 'project');
    mkdirSync(project, { recursive: true });
    cpSync(POLICY, path.join(project, 'policy'), { recursive: true });
    cpSync(INPUT, path.join(project, 'manifests'), { recursive: true });
    writeFileSync(
      path.join(project, '.kubelint.json'),
      JSON.stringify({ policies: ['policy'], rules: { 'team-label': 'warning', 'company-registry': { options: { registries: ['docker.io/'] } } } }),
    );
    const { report } = await runJson(['manifests'], { env, cwd: project });
    const found = report!.findings.filter((f) => ours(f.ruleId)).map((f) => [f.ruleId, f.severity, f.line, f.message]);
    expect(found).toEqual([
      ['team-label', 'warning', 5, 'Deployment "web" has no team label'],
      ['company-registry', 'error', 21, 'container "sidecar" uses image "registry.example.com/tools/proxy:2.1", not from docker.io/'],
      ['company-registry', 'error', 41, 'container "api" uses image "registry.example.com/payments/api:3.4", not from docker.io/'],
    ]);
    writeFileSync(path.join(project, '.kubelint.json'), JSON.stringify({ policies: ['policy'], rules: { 'company-registry': { options: { registries: 'docker.io/' } } } }));
    const bad = await runCli(['manifests'], { env, cwd: project });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('rules.company-registry.options.registries: must be array');
    writeFileSync(path.join(project, '.kubelint.json'), JSON.stringify({ policies: ['policy'], rules: { 'team-label': { options: { x: 1 } } } }));
    expect((await runCli(['manifests'], { env, cwd: project })).stderr).toContain('rule "team-label" takes no options');
  });

  it('runs under any preset unless its METADATA names presets', async () => {
    const { report } = await runJson(['--no-config', '--preset', 'pss-restricted', '--policy', POLICY, INPUT], { env });
    expect(report!.findings.filter((f) => ours(f.ruleId)).map((f) => f.ruleId)).toEqual(['team-label', 'company-registry']);
    const restricted = path.join(dir, 'restricted');
    mkdirSync(restricted, { recursive: true });
    const text = (await import('node:fs')).readFileSync(path.join(POLICY, 'team_label.rego'), 'utf8').replace('#   scope: resource', '#   scope: resource\n#   presets: [pss-restricted]');
    writeFileSync(path.join(restricted, 'team_label.rego'), text);
    const byDefault = await runJson(['--no-config', '--policy', restricted, INPUT], { env });
    expect(byDefault.report!.findings.filter((f) => ours(f.ruleId))).toEqual([]);
    const asked = await runJson(['--no-config', '--preset', 'pss-restricted', '--policy', restricted, INPUT], { env });
    expect(asked.report!.findings.filter((f) => ours(f.ruleId)).map((f) => f.ruleId)).toEqual(['team-label']);
  }, 60_000);

  it('is silenced by a suppression comment naming the user rule', async () => {
    const file = path.join(dir, 'suppressed.yaml');
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: quiet
  # kubelint-disable-next-line team-label -- owned by the platform team, label added by the operator
  labels:
    app: quiet
spec:
  selector: {matchLabels: {app: quiet}}
  template:
    metadata: {labels: {app: quiet}}
    spec:
      containers:
        - name: quiet
          image: registry.example.com/quiet:1
`;
    writeFileSync(file, text);
    const { report } = await runJson(['--no-config', '--policy', POLICY, file], { env });
    const team = report!.findings.filter((f) => f.ruleId === 'team-label');
    expect(team).toHaveLength(1);
    expect(team[0]!.suppressed).toMatchObject({ kind: 'comment' });
  });

  it('lists the user rules in `kubelint rules`', async () => {
    const { code, stdout } = await runCli(['rules', '--no-config', '--policy', POLICY], { env });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^team-label\s+error\s+resource\s+\(every\)\s+Workloads name their team$/m);
    expect(stdout).toMatch(/^company-registry\s+error\s+resource\s+\(every\)\s+Images come from the company registry$/m);
    const detail = await runCli(['rules', '--no-config', '--policy', POLICY, 'team-label'], { env });
    expect(detail.stdout).toContain('engine    user');
    expect(detail.stdout).toContain('How to fix: Add metadata.labels.team');
  });

  it('refuses an id that clashes with a built-in rule, naming the file and line', async () => {
    const { code, stderr } = await runCli(['--no-config', '--policy', 'fixtures/policies/errors/clash.rego', INPUT], { env });
    expect(code).toBe(2);
    expect(stderr).toBe('kubelint: fixtures/policies/errors/clash.rego:1: rule id "liveness-probe" is a built-in rule\'s; choose another id\n');
  });

  it('shows a syntax error with the user\'s file:line:column', async () => {
    const { code, stderr } = await runCli(['--no-config', '--policy', 'fixtures/policies/errors/syntax.rego', INPUT], { env });
    expect(code).toBe(2);
    expect(stderr).toBe('kubelint: fixtures/policies/errors/syntax.rego:5:1: rego_parse_error: unexpected } token\n');
  });

  it('refuses at build time a builtin neither the wasm target nor kubelint provides, with file:line:column', async () => {
    const { code, stderr } = await runCli(['--no-config', '--policy', 'fixtures/policies/errors/builtin.rego', INPUT], { env });
    expect(code).toBe(2);
    expect(stderr).toBe(
      "kubelint: fixtures/policies/errors/builtin.rego:5:2: builtin units.parse is not available in kubelint's WebAssembly sandbox (the wasm target lacks it and kubelint does not provide it)\n",
    );
  });

  it('turns a runtime error in one policy into a fatal finding on that policy, keeping every other result', async () => {
    const { code, report } = await runJson(['--no-config', '--policy', POLICY, '--policy', 'fixtures/policies/errors/runtime.rego', INPUT], { env });
    expect(code).toBe(2);
    const errors = report!.findings.filter((f) => f.ruleId === 'policy-error');
    expect(errors).toEqual([
      expect.objectContaining({ file: 'fixtures/policies/errors/runtime.rego', line: 11, column: 1, message: 'rule replica-owner failed: var assignment conflict', fatal: true }),
    ]);
    expect(report!.findings.filter((f) => f.ruleId === 'team-label')).toHaveLength(1);
    expect(report!.findings.filter((f) => f.ruleId === 'company-registry')).toHaveLength(1);
    expect(report!.findings.some((f) => f.ruleId === 'liveness-probe')).toBe(true);
  });

  it('compiles once: a second run with the same policies, data and opa does not run opa', async () => {
    const own = policyEnv();
    const opa = countingOpa(own.dir);
    const run = () => runCli(['--no-config', '--policy', POLICY, INPUT], { env: { ...own.env, KUBELINT_OPA: opa.binary } });
    expect((await run()).code).toBe(1);
    const first = opa.calls();
    expect(first).toContain('build');
    expect((await run()).code).toBe(1);
    expect(opa.calls()).toEqual(first);
  }, 60_000);

  it('says in one line how to get opa when it is missing', async () => {
    const own = policyEnv();
    const { code, stderr } = await runCli(['--no-config', '--policy', POLICY, INPUT], { env: { ...own.env, KUBELINT_OPA: '/nonexistent/opa' } });
    expect(code).toBe(2);
    expect(stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(stderr).toMatch(/^kubelint: user policies need opa to compile \(opa not found: KUBELINT_OPA names "\/nonexistent\/opa".*install opa .*kubelint policy build -o bundle\.tar\.gz/);
  });
});
