// Suppressions where users can put them (the pod template's annotations, which Helm charts expose
// as podAnnotations) and config `strict`, which no annotation or comment can override.
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { createLinter, type Linter } from '../../src/engine/engine.js';
import { loadRegoCheck } from '../../src/engine/rego.js';
import { createSuppressor } from '../../src/engine/suppress.js';
import { identifyResources } from '../../src/load/resources.js';
import { parseManifestText } from '../../src/load/yaml.js';
import { ensurePoliciesBuilt } from '../rules/policy-build.js';

// A chart-rendered CronJob: only the pod template's annotations are the user's to set.
const cronjob = `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          annotations:
            kubelint.io/ignore: image-tag-pinned,networkpolicy-egress
            kubelint.io/ignore-reason: vendor image, egress policy applied by the platform
        spec:
          restartPolicy: OnFailure
          containers:
            - name: report
              image: vendor/report
              securityContext:
                # kubelint-disable-next-line no-privileged -- needs the GPU device files
                privileged: true
`;

let linter: Linter;
beforeAll(async () => {
  ensurePoliciesBuilt();
  linter = createLinter([await loadRegoCheck()], createSuppressor);
});

function lint(config: ResolvedConfig) {
  const { resources } = identifyResources(parseManifestText(cronjob, { kind: 'file', name: 'report.yaml' }).manifests);
  return linter.lint(resources, { config });
}

const config = (over: Partial<ResolvedConfig> = {}): ResolvedConfig => ({ ...defaultConfig(process.cwd()), ...over });
const byRule = (findings: ReturnType<typeof lint>, id: string) => findings.filter((f) => f.ruleId === id);

describe('suppressions on the pod template', () => {
  it('an ignore annotation on the pod template covers the workload, with its reason', () => {
    const findings = lint(config());
    for (const id of ['image-tag-pinned', 'networkpolicy-egress']) {
      const [finding, ...more] = byRule(findings, id);
      expect(more, id).toEqual([]);
      expect(finding?.suppressed, id).toEqual({ kind: 'annotation', reason: 'vendor image, egress policy applied by the platform' });
    }
    expect(byRule(findings, 'unused-suppression')).toEqual([]);
  });
});

describe('config strict', () => {
  it('findings of strict rules stay unsuppressed by annotations and comments, and say why', () => {
    const findings = lint(config({ strict: ['image-tag-pinned', 'no-privileged'] }));
    expect(byRule(findings, 'image-tag-pinned').map((f) => f.suppressed)).toEqual([undefined]);
    expect(byRule(findings, 'no-privileged').map((f) => f.suppressed)).toEqual([undefined]);
    // The annotation still suppresses the rule that is not strict.
    expect(byRule(findings, 'networkpolicy-egress')[0]?.suppressed?.kind).toBe('annotation');
    const refused = byRule(findings, 'unused-suppression').map((f) => [f.range?.line, f.message]);
    expect(refused).toEqual([
      [12, expect.stringContaining('on the pod template of CronJob "report" cannot suppress image-tag-pinned: config "strict" lists it')],
      [20, expect.stringContaining('# kubelint-disable-next-line no-privileged -- needs the GPU device files cannot suppress no-privileged')],
    ]);
  });

  it('config exemptions still apply to strict rules', () => {
    const exemptions = [{ rules: ['image-tag-pinned'], reason: 'vendor image, pinned by the platform mirror', kinds: ['CronJob'] }];
    const findings = lint(config({ strict: ['image-tag-pinned'], exemptions }));
    expect(byRule(findings, 'image-tag-pinned')[0]?.suppressed?.kind).toBe('exemption');
  });
});

describe('config strict in a config file', () => {
  it('is a list of rule ids', async () => {
    const { checkConfigFile } = await import('../../src/config/load.js');
    expect(checkConfigFile({ strict: ['no-privileged'] }, '.kubelint.json').strict).toEqual(['no-privileged']);
    expect(() => checkConfigFile({ strict: 'no-privileged' }, '.kubelint.json')).toThrow(/\.kubelint\.json: strict: must be array/);
  });
});
