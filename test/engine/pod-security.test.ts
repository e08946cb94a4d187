// Pod Security: namespace labels as the admission reads them, versions, one finding per cause,
// per-control exclusions, and the control on every finding.
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { namespaceContexts, policyMinor } from '../../src/engine/pod-security.js';
import { lint } from '../../src/index.js';
import type { Finding } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';

const FIXTURES = packagePath('fixtures', 'pod-security');
const base = { configFile: false as const, cwd: packagePath() };
const brief = (f: Finding) => [f.range?.line, f.ruleId, f.severity, f.podSecurity ? `${f.podSecurity.level}:${f.podSecurity.version}` : '-'];

describe('namespace labels', () => {
  it('read like the admission: warn follows a stricter enforce, bad values fail closed or open', () => {
    const label = (l: Record<string, string>) => Object.fromEntries(Object.entries(l).map(([k, v]) => [`pod-security.kubernetes.io/${k}`, v]));
    expect(namespaceContexts(label({ enforce: 'restricted', 'enforce-version': 'v1.33' }), '1.36')).toEqual([
      { level: 'restricted', version: 33, mode: 'enforce', severity: 'error' },
      { level: 'restricted', version: 33, mode: 'warn', severity: 'warning' },
    ]);
    expect(namespaceContexts(label({ enforce: 'baseline', warn: 'restricted', 'warn-version': 'latest' }), '1.35')).toEqual([
      { level: 'baseline', version: 35, mode: 'enforce', severity: 'error' },
      { level: 'restricted', version: 35, mode: 'warn', severity: 'warning' },
    ]);
    // A bad enforce level enforces restricted; bad warn/audit levels fail open; a bad version is latest.
    expect(namespaceContexts(label({ enforce: 'strict', warn: 'loud', 'enforce-version': '1.30' }), '1.34')).toEqual([{ level: 'restricted', version: 34, mode: 'enforce', severity: 'error' }]);
    expect(namespaceContexts(label({ enforce: 'privileged', audit: 'baseline' }), '1.36')).toEqual([{ level: 'baseline', version: 36, mode: 'audit', severity: 'warning' }]);
  });

  it('latest and newer versions are the target cluster version', () => {
    expect([policyMinor(undefined, '1.33'), policyMinor('latest', '1.33'), policyMinor('v1.40', '1.33'), policyMinor('1.31', '1.33')]).toEqual([33, 33, 33, 31]);
  });

  it('apply their level to the pods of the namespace: enforce as errors, warn/audit as warnings', async () => {
    const report = await lint([`${FIXTURES}/namespace-labels.yaml`], base);
    const pss = report.findings.filter((f) => f.podSecurity);
    expect(pss.map(brief)).toEqual([
      [39, 'pss-allow-privilege-escalation', 'error', 'restricted:v1.34'],
      [39, 'pss-capabilities-restricted', 'error', 'restricted:v1.34'],
      [39, 'pss-seccomp-profile-restricted', 'error', 'restricted:v1.34'],
      [40, 'pss-run-as-non-root', 'error', 'restricted:v1.34'],
    ]);
    // The recommendations they overlap give way (one cause, one finding) ...
    const payments = report.findings.filter((f) => f.resource?.namespace === 'payments').map((f) => f.ruleId);
    expect(payments).not.toContain('run-as-non-root');
    expect(payments).not.toContain('drop-all-capabilities');
    // ... unless the recommendation is stricter: tools only warns, no-privileged stays an error.
    const tools = report.findings.filter((f) => f.resource?.namespace === 'tools' && /privilege/.test(f.ruleId)).map(brief);
    expect(tools).toEqual([
      [53, 'no-privileged', 'error', '-'],
      [55, 'no-privilege-escalation', 'error', '-'],
    ]);
  });

  it('give warnings where only warn/audit asks for a control; the preset\'s own level stays an error', async () => {
    const report = await lint([`${FIXTURES}/namespace-labels.yaml`], { ...base, overrides: { presets: ['pss-baseline'] } });
    const tools = report.findings.filter((f) => f.resource?.namespace === 'tools').map(brief);
    expect(tools).toEqual([
      [53, 'pss-privileged', 'error', 'baseline:v1.36'],
      [55, 'pss-allow-privilege-escalation', 'warning', 'restricted:v1.36'],
    ]);
    // sandbox: no labels, the preset's baseline at the run's version, as errors.
    expect(report.findings.filter((f) => f.resource?.namespace === 'sandbox').map(brief)).toEqual([[70, 'pss-privileged', 'error', 'baseline:v1.36']]);
  });

  it('are not applied to a control turned off by name', async () => {
    const report = await lint([`${FIXTURES}/namespace-labels.yaml`], { ...base, overrides: { rules: { 'pss-run-as-non-root': 'off' } } });
    expect(report.findings.map((f) => f.ruleId)).not.toContain('pss-run-as-non-root');
    expect(report.findings.filter((f) => f.resource?.namespace === 'payments').map((f) => f.ruleId)).toContain('run-as-non-root');
  });
});

describe('one finding per cause', () => {
  it('in the all preset, a recommendation yields to the control reporting the same field', async () => {
    const report = await lint([packagePath('fixtures', 'presets', 'privileged-pod.yaml')], { ...base, overrides: { presets: ['all'] } });
    const ids = report.findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['pss-privileged', 'pss-run-as-non-root', 'pss-allow-privilege-escalation', 'pss-capabilities-restricted', 'pss-seccomp-profile-restricted']));
    for (const gone of ['no-privileged', 'run-as-non-root', 'no-privilege-escalation', 'drop-all-capabilities', 'seccomp-profile']) expect(ids).not.toContain(gone);
    // A stricter recommendation with no control finding at its field stays.
    expect(ids).toContain('read-only-root-filesystem');
  });
});

describe('podSecurity.version and JSON', () => {
  it('a configured version overrides kubernetesVersion, and JSON names the control', async () => {
    const file = packagePath('fixtures', 'rules', 'pss-host-probes-and-host-lifecycle', 'fail.startup-tcp.yaml');
    const at = async (version?: string) =>
      (await lint([file], { ...base, overrides: { presets: ['pss-baseline'], ...(version ? { podSecurity: { version } } : {}) } })).findings.length;
    expect([await at(), await at('1.33'), await at('v1.34'), await at('latest')]).toEqual([1, 0, 1, 1]);
    const { stdout } = await runCli(['--no-config', '--preset', 'pss-baseline', '-k', '1.35', '-f', 'json', file]);
    expect(JSON.parse(stdout).findings[0].podSecurity).toEqual({ level: 'baseline', version: 'v1.35', control: 'hostProbesAndHostLifecycle' });
  });
});

describe('podSecurity.exclude', () => {
  const file = `${FIXTURES}/exclusions.yaml`;
  const run = (exclude: object[]) => lint([file], { ...base, overrides: { presets: ['pss-baseline'], podSecurity: { exclude } } as never });

  it('suppresses a control for matching images, containers and values, with its reason', async () => {
    const report = await run([
      { control: 'capabilities_baseline', images: ['registry.example.com/vpn/*'], values: ['NET_ADMIN'], reason: 'WireGuard needs NET_ADMIN' },
      { control: 'sysctls', values: ['vm.max_map_count'], reason: 'search nodes' },
    ]);
    const shown = report.findings.map((f) => [f.ruleId, f.message.match(/"(NET_ADMIN|SYS_MODULE)"|vm\.max_map_count/)?.[0], f.suppressed?.reason ?? '']);
    expect(shown).toEqual([
      ['pss-sysctls', 'vm.max_map_count', 'search nodes'],
      ['pss-capabilities-baseline', '"NET_ADMIN"', 'WireGuard needs NET_ADMIN'],
      ['pss-capabilities-baseline', '"SYS_MODULE"', ''],
    ]);
    expect(report.findings.find((f) => f.suppressed)?.suppressed?.kind).toBe('exemption');
  });

  it('does not match other containers or controls, and says when an exclusion is unused', async () => {
    const report = await run([{ control: 'capabilities_baseline', containers: ['app'], reason: 'not the vpn' }]);
    expect(report.findings.filter((f) => f.suppressed)).toEqual([]);
    expect(report.findings.find((f) => f.ruleId === 'unused-suppression')?.message).toContain('podSecurity.exclude[0] (control: capabilities_baseline)');
  });
});
