// `kubelint policy build` (a bundle that needs no opa) and `kubelint policy test` (opa test).
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';
import { policyEnv } from './helpers.js';

const INPUT = 'fixtures/policies/contract-manifests';
const user = (id: string) => id === 'team-label' || id === 'company-registry' || id.startsWith('main.');

describe('kubelint policy build', () => {
  it('writes a bundle that lints like the sources, without opa', async () => {
    const { env, dir } = policyEnv();
    const bundle = path.join(dir, 'out', 'policies.tar.gz');
    const built = await runCli(['policy', 'build', '--no-config', 'fixtures/policies/contract', 'fixtures/policies/conftest/policy', '-o', bundle], { env });
    expect(built.stderr).toMatch(/^kubelint: wrote .*policies\.tar\.gz: 2 rules in kubelint's contract, 1 conftest package \(opa v?1\.22\.2\)\n$/);
    expect(built.code).toBe(0);
    const fromSources = await runJson(['--no-config', '--policy', 'fixtures/policies/contract', '--policy', 'fixtures/policies/conftest/policy', INPUT], { env });
    // No opa anywhere: KUBELINT_OPA names a missing file, which would fail any compile.
    const noOpa = { ...env, KUBELINT_OPA: '/nonexistent/opa', KUBELINT_CACHE_DIR: path.join(dir, 'empty-cache') };
    const fromBundle = await runJson(['--no-config', '--policy', bundle, INPUT], { env: noOpa });
    expect(fromBundle.stderr).toBe('');
    const pick = (r: typeof fromBundle.report) => r!.findings.filter((f) => user(f.ruleId)).map((f) => [f.ruleId, f.line, f.column, f.message]);
    expect(pick(fromBundle.report)).toEqual(pick(fromSources.report));
    expect(pick(fromBundle.report).length).toBeGreaterThan(4);
    const listed = await runCli(['rules', '--no-config', '--policy', bundle], { env: noOpa });
    expect(listed.stdout).toMatch(/^team-label\s+error/m);
    expect(listed.stdout).toMatch(/^main\.deny\s+error/m);
  }, 60_000);

  it('needs an output file', async () => {
    const { env } = policyEnv();
    const { code, stderr } = await runCli(['policy', 'build', '--no-config', 'fixtures/policies/contract'], { env });
    expect(code).toBe(2);
    expect(stderr).toContain('policy build needs -o <bundle.tar.gz>');
  });
});

describe('kubelint policy test', () => {
  it('runs the policies\' tests with opa (kubelint\'s helpers available) and passes', async () => {
    const { env } = policyEnv();
    const { code, stdout } = await runCli(['policy', 'test', '--no-config', 'fixtures/policies/contract'], { env });
    expect(stdout).toContain('PASS: 2/2');
    expect(code).toBe(0);
  });

  it('exits 1 when a test fails, naming it', async () => {
    const { env } = policyEnv();
    const { code, stdout } = await runCli(['policy', 'test', '--no-config', 'fixtures/policies/failing-test'], { env });
    expect(stdout).toContain('data.main_test.test_nothing_denied: FAIL');
    expect(code).toBe(1);
  });
});
