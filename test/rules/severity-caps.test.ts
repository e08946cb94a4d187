// Findings a rule reports below its level (issue #15 noise items and host-network pods): the
// fixture markers pin where they are, this pins at what severity.
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { lint } from '../../src/index.js';
import type { ConfigFile } from '../../src/config/load.js';
import { ensurePoliciesBuilt } from './policy-build.js';

async function levels(fixture: string, rule: string, overrides: ConfigFile = {}): Promise<string[]> {
  ensurePoliciesBuilt();
  const report = await lint([packagePath('fixtures', 'rules', fixture)], { configFile: false, cwd: packagePath(), overrides });
  return report.findings.filter((f) => f.ruleId === rule).map((f) => `${f.range?.line}:${f.range?.column} ${f.severity}`);
}

describe('findings reported below their rule level', () => {
  it('readiness-probe: info where no Service selects the pods, the rule level where one does', async () => {
    expect(await levels('readiness-probe/fail.queue-worker.yaml', 'readiness-probe')).toEqual(['15:11 info']);
    expect(await levels('readiness-probe/fail.selected-by-service.yaml', 'readiness-probe')).toEqual(['15:11 error']);
  });

  it('readiness-probe: unselectedSeverity raises or silences the unselected case', async () => {
    const set = (unselectedSeverity: string): ConfigFile => ({ rules: { 'readiness-probe': { options: { unselectedSeverity } } } });
    expect(await levels('readiness-probe/fail.queue-worker.yaml', 'readiness-probe', set('error'))).toEqual(['15:11 error']);
    expect(await levels('readiness-probe/fail.queue-worker.yaml', 'readiness-probe', set('off'))).toEqual([]);
    // The cap never raises a finding above the configured rule level.
    expect(await levels('readiness-probe/fail.queue-worker.yaml', 'readiness-probe', { rules: { 'readiness-probe': { severity: 'info', options: { unselectedSeverity: 'error' } } } })).toEqual(['15:11 info']);
  });

  it('service-account-token: an explicit true is an info; an unset field keeps the rule level', async () => {
    expect(await levels('service-account-token/fail.true-without-opt-in.yaml', 'service-account-token')).toEqual(['8:3 info']);
    expect(await levels('service-account-token/fail.unset.yaml', 'service-account-token')).toEqual(expect.arrayContaining([expect.stringMatching(/ warning$/)]));
  });

  it('networkpolicy-egress: a host-network pod gets one info, even with the rule raised to error', async () => {
    expect(await levels('networkpolicy-egress/fail.host-network.yaml', 'networkpolicy-egress')).toEqual(['15:7 info']);
    expect(await levels('networkpolicy-egress/fail.host-network.yaml', 'networkpolicy-egress', { rules: { 'networkpolicy-egress': 'error' } })).toEqual(['15:7 info']);
  });
});
