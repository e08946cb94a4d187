import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, runJson } from '../helpers/cli.js';

const opts = ['--no-config', '--rule', 'no-schema=off'];

describe('kubelint --format json', () => {
  it('has the documented shape, with exact positions across documents and List items', async () => {
    const { code, report } = await runJson(['fixtures/cli/multi.yaml', ...opts]);
    expect(code).toBe(1);
    expect(report!.version).toBe(1);
    const builtin = report!.findings.filter((f) => ['duplicate-resource', 'not-k8s-object'].includes(f.ruleId));
    expect(builtin).toEqual([
      {
        ruleId: 'duplicate-resource',
        severity: 'error',
        message: 'ConfigMap "settings" is already defined at fixtures/cli/multi.yaml:4:3',
        file: 'fixtures/cli/multi.yaml',
        line: 15,
        column: 7,
        endLine: 15,
        endColumn: 21,
        resource: { apiVersion: 'v1', kind: 'ConfigMap', namespace: 'solar', name: 'settings' },
        path: 'metadata.name',
        fatal: undefined,
      },
      {
        ruleId: 'not-k8s-object',
        severity: 'error',
        message: 'not a Kubernetes object: missing metadata.name',
        file: 'fixtures/cli/multi.yaml',
        line: 17,
        column: 5,
        endLine: 17,
        endColumn: 19,
        resource: null,
        path: 'items[1]',
      },
      {
        ruleId: 'not-k8s-object',
        severity: 'error',
        message: 'not a Kubernetes object: missing apiVersion, kind, metadata.name',
        file: 'fixtures/cli/multi.yaml',
        line: 21,
        column: 1,
        endLine: 21,
        endColumn: 16,
        resource: null,
        path: null,
      },
    ].map((f) => JSON.parse(JSON.stringify(f))));
    expect(report!.summary).toMatchObject({ resources: 2, sources: 1, fatal: 0 });
  });

  it('resource.namespace is the effective namespace the message names; null for cluster-scoped kinds', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-ns-'));
    const file = path.join(dir, 'app.yaml');
    writeFileSync(file, [
      'apiVersion: v1', 'kind: Service', 'metadata:', '  name: api', 'spec:', '  selector: {app: api}', '  ports:', '    - port: 80', '---',
      'apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: a/b', 'rules: []', '',
    ].join('\n'));
    const { report } = await runJson([file, '--no-config', '--default-namespace', 'shop']);
    const dangling = report!.findings.find((f) => f.ruleId === 'selector-dangling')!;
    expect(dangling.message).toContain('namespace "shop"');
    expect(dangling.resource).toEqual({ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'api' });
    expect(report!.findings.find((f) => f.resource?.kind === 'ClusterRole')!.resource!.namespace).toBeNull();
  });
});

describe('exit codes and thresholds', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubelint-cli-'));
  const warnOnly = path.join(dir, 'warn.yaml');
  writeFileSync(warnOnly, '');

  it('0 when only warnings, 1 with --fail-on warning or --max-warnings 0', async () => {
    expect((await runCli([warnOnly, ...opts])).code).toBe(0);
    expect((await runCli([warnOnly, ...opts, '--fail-on', 'warning'])).code).toBe(1);
    expect((await runCli([warnOnly, ...opts, '--max-warnings', '0'])).code).toBe(1);
    expect((await runCli([warnOnly, ...opts, '--max-warnings', '1'])).code).toBe(0);
  });

  it('a rule turned off or down changes the verdict', async () => {
    expect((await runCli(['fixtures/cli/multi.yaml', ...opts])).code).toBe(1);
    const relaxed = ['--rule', 'duplicate-resource=off', '--rule', 'not-k8s-object=warning'];
    const { code, report } = await runJson(['fixtures/cli/multi.yaml', ...opts, ...relaxed, '--rule', 'schema=off']);
    expect(code).toBe(0);
    expect(report!.findings.filter((f) => f.ruleId === 'not-k8s-object').map((f) => f.severity)).toEqual(['warning', 'warning']);
    expect(report!.findings.some((f) => f.ruleId === 'duplicate-resource')).toBe(false);
  });

  it('2 for usage errors, with a message and no stack trace', async () => {
    const bad = await runCli(['--format', 'xml', 'fixtures/cli/multi.yaml', ...opts]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('kubelint: unknown format "xml" (known: ' + bad.stderr.split('known: ')[1]);
    const unknownFlag = await runCli(['--frobnicate']);
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toMatch(/^kubelint: Unknown option '--frobnicate'/);
    const badRule = await runCli(['--rule', 'nope', warnOnly, ...opts]);
    expect(badRule.stderr).toMatch(/--rule expects <id>=<error\|warning\|info\|off>, got "nope"/);
    const unknownRule = await runCli(['--rule', 'no-such-rule=off', warnOnly, '--no-config']);
    expect(unknownRule.code).toBe(2);
    expect(unknownRule.stderr).toMatch(/unknown rule "no-such-rule"/);
  });

  it('writes each format to its own destination', async () => {
    const out = path.join(dir, 'nested', 'report.json');
    const result = await runCli(['fixtures/cli/multi.yaml', ...opts, '--format', 'json', '--output-file', out, '--format', 'stylish']);
    expect(result.code).toBe(1);
    const written = JSON.parse(readFileSync(out, 'utf8'));
    expect(written.findings.some((f: { ruleId: string }) => f.ruleId === 'duplicate-resource')).toBe(true);
    expect(result.stdout).toMatch(/^fixtures\/cli\/multi.yaml\n/);
    expect(result.stdout).toContain('15:7');
    expect(result.stdout).not.toContain('\u001b[');
  });

  it('reads standard input for -', async () => {
    const stdin = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
    const { report } = await runJson(['-', ...opts], { stdin });
    const dup = report!.findings.find((f) => f.ruleId === 'duplicate-resource')!;
    expect([dup.file, dup.line, dup.column]).toEqual(['<stdin>', 9, 3]);
  });

  it('colours only when asked or on a TTY, and NO_COLOR wins over a TTY', async () => {
    const forced = await runCli(['fixtures/cli/multi.yaml', ...opts, '--color']);
    expect(forced.stdout).toContain('\u001b[31m');
    const off = await runCli(['fixtures/cli/multi.yaml', ...opts], { env: { NO_COLOR: '1' } });
    expect(off.stdout).not.toContain('\u001b[');
  });
});

describe('kubelint --format junit', () => {
  it('lists every linted resource as a test case, passing ones included', async () => {
    const { code, stdout } = await runCli(['manifests/solar-sync/plain/07-deployment.yaml', 'manifests/solar-sync/plain/08-service.yaml', '--no-config', '--rule', 'pdb-required=off', '--rule', 'networkpolicy-egress=off', '--rule', 'selector-dangling=off', '--format', 'junit']);
    expect(code).toBe(0);
    const cases = [...stdout.matchAll(/<testcase name="([^"]+)" classname="([^"]+)"/g)].map((m) => `${m[2]} ${m[1]}`);
    expect(cases).toEqual(['manifests/solar-sync/plain/07-deployment.yaml Deployment solar-sync/solar-sync', 'manifests/solar-sync/plain/08-service.yaml Service solar-sync/solar-sync']);
    expect(stdout).not.toContain('<failure');
  });
});
