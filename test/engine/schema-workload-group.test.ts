// The workload kinds of a batch holding several of them come from one precompiled module (their
// shared PodSpec definitions loaded once, schemas/groups.ts); a batch with one of them loads that
// kind's own module. Either way the errors are the same, schemaPath included.
import { describe, expect, it } from 'vitest';
import { SchemaValidators } from '../../src/engine/schema-validator.js';
import { WORKLOAD_GROUP } from '../../src/schemas/groups.js';
import { bundleHash, loadBundle } from '../../src/schemas/store.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/config/defaults.js';

const version = DEFAULT_KUBERNETES_VERSION;
const fresh = (strict: boolean) => new SchemaValidators(loadBundle(version), strict, bundleHash(version));

/** One object of each workload kind with mistakes in its own spec and in the pod template's. */
function invalid(key: string): unknown {
  const [apiVersion, kind] = [key.slice(0, key.lastIndexOf(' ')), key.slice(key.lastIndexOf(' ') + 1)];
  const pod = { containers: [{ name: 1, image: 'x', colour: 'red', ports: [{ containerPort: 'http' }] }], restartPolicy: 7 };
  const template = { metadata: { labels: { app: 3 } }, spec: pod };
  const spec: Record<string, unknown> = {
    Deployment: { replicas: 'two', selector: { matchLabels: { app: 'a' } }, template, strategy: { type: 1 } },
    StatefulSet: { serviceName: 2, selector: {}, template, volumeClaimTemplates: [{ spec: { accessModes: 'RWO' } }] },
    DaemonSet: { selector: {}, template, updateStrategy: { rollingUpdate: { maxUnavailable: {} } } },
    ReplicaSet: { replicas: -1.5, selector: {}, template },
    Job: { backoffLimit: 'x', template },
    CronJob: { schedule: 5, jobTemplate: { spec: { template } } },
    Pod: pod,
  };
  return { apiVersion, kind, metadata: { name: 'w', labels: { a: 1 } }, spec: spec[kind], unknownTop: true };
}

describe('the workload group module', () => {
  it('serves a batch holding two or more workload kinds; one workload kind loads its own module', () => {
    const several = fresh(true);
    several.expect(new Set(['apps/v1 Deployment', 'batch/v1 CronJob', 'v1 ConfigMap']));
    for (const key of ['apps/v1 Deployment', 'batch/v1 CronJob', 'v1 ConfigMap']) expect(several.forKind(key)).toBeTypeOf('function');
    expect(several.modulesLoaded).toEqual([WORKLOAD_GROUP.file, 'k_v1_ConfigMap']);

    const one = fresh(true);
    one.expect(new Set(['apps/v1 Deployment']));
    one.forKind('apps/v1 Deployment');
    one.forKind('apps/v1 StatefulSet'); // not expected: its own module, as without a hint
    expect(one.modulesLoaded).toEqual(['k_apps_v1_Deployment', 'k_apps_v1_StatefulSet']);
  });

  it.each([true, false])('reports the errors of the kinds\' own modules, schemaPath included (strict: %s)', (strict) => {
    const group = fresh(strict);
    group.expect(new Set(WORKLOAD_GROUP.kinds));
    const own = fresh(strict);
    for (const key of WORKLOAD_GROUP.kinds) {
      const fromGroup = group.forKind(key)!;
      const fromOwn = own.forKind(key)!;
      expect(fromGroup).not.toBe(fromOwn);
      expect(fromGroup(invalid(key))).toBe(false);
      expect(fromOwn(invalid(key))).toBe(false);
      expect(fromGroup.errors!.length).toBeGreaterThan(2);
      expect(fromGroup.errors).toEqual(fromOwn.errors);
    }
    expect(group.modulesLoaded).toEqual([WORKLOAD_GROUP.file]);
    expect(own.modulesLoaded).toHaveLength(WORKLOAD_GROUP.kinds.length);
  });
});
