// The suppressor plugged into the engine with the Rego check: findings stay, marked suppressed.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import { createLinter, type Linter } from '../../src/engine/engine.js';
import { loadRegoCheck } from '../../src/engine/rego.js';
import { createSuppressor } from '../../src/engine/suppress.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

const text = `apiVersion: v1
kind: Pod
metadata:
  name: debug
  annotations:
    kubelint.io/ignore: networkpolicy-egress,service-account-token
    kubelint.io/ignore-reason: short-lived debugging pod
spec:
  securityContext:
    runAsNonRoot: true
    seccompProfile: {type: RuntimeDefault}
  containers:
    - name: shell
      # kubelint-disable-next-line image-tag-pinned -- always the newest busybox, on purpose
      image: busybox
      # kubelint-disable-next-line no-privileged -- needs the host's devices
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: {drop: [ALL]}
      resources:
        requests: {cpu: 10m, memory: 16Mi}
        limits: {cpu: 100m, memory: 32Mi}
      livenessProbe: {exec: {command: ["true"]}}
      readinessProbe: {exec: {command: ["true"]}}
`;

let linter: Linter;
beforeAll(async () => {
  ensurePoliciesBuilt();
  linter = createLinter([await loadRegoCheck()], createSuppressor);
});

describe('suppressions in the engine', () => {
  it('marks suppressed findings, keeps them, and reports unused suppressions', () => {
    const { resources } = identifyResources(parseManifestText(text, { kind: 'file', name: 'debug.yaml' }).manifests);
    const findings = linter.lint(resources, { config: defaultConfig(process.cwd()), today: new Date('2026-01-01') });
    const summary = findings.map((f) => [f.ruleId, f.range?.line, f.suppressed?.kind ?? null]);
    expect(summary).toEqual([
      ['networkpolicy-egress', 4, 'annotation'],
      ['service-account-token', 8, 'annotation'],
      ['image-tag-pinned', 15, 'comment'],
      // nothing is privileged: the comment on line 16 matched nothing
      ['unused-suppression', 16, null],
    ]);
    expect(findings[2]!.suppressed?.reason).toBe('always the newest busybox, on purpose');
  });
});
