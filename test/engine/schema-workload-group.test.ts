// The workload kinds' pre-checks of a batch holding several of them come from one precompiled module
// (their shared PodSpec definitions loaded once, schemas/groups.ts); a batch with one of them loads
// that kind's own. An object a pre-check does not pass is validated by the kind's own ajv module,
// with ajv's errors, schemaPath included.
import { describe, expect, it } from 'vitest';
import { SchemaValidators, type KindValidator } from '../../src/engine/schema-validator.js';
import path from 'node:path';
import type { ValidateFunction } from 'ajv';
import { requireWrapped } from '../../src/cache/code-cache.js';
import { KUBERNETES_FORMATS, createKubernetesAjv, exportName, kindRef } from '../../src/schemas/ajv-setup.js';
import { deriveStrict } from '../../src/schemas/variants.js';
import { WORKLOAD_GROUP } from '../../src/schemas/groups.js';
import { bundleHash, loadBundle, precompiledDir } from '../../src/schemas/store.js';
import { DEFAULT_KUBERNETES_VERSION } from '../../src/config/defaults.js';

const version = DEFAULT_KUBERNETES_VERSION;
const bundle = loadBundle(version);

/** The kind's ajv module, required directly. */
function ownModule(key: string, strict: boolean): ValidateFunction {
  const mod = requireWrapped(path.join(precompiledDir(version, strict), `${exportName(key)}.cjs`)) as { load: (formats: unknown) => Record<string, ValidateFunction> };
  return mod.load(KUBERNETES_FORMATS)[exportName(key)]!;
}
const fresh = (strict: boolean) => new SchemaValidators(bundle, strict, bundleHash(version));

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
    // The pre-checks' modules only (schemas/fast-validator.ts): ajv's are loaded for an object that fails one.
    expect(several.modulesLoaded).toEqual([`${WORKLOAD_GROUP.file}.fast`, 'k_v1_ConfigMap.fast']);

    const one = fresh(true);
    one.expect(new Set(['apps/v1 Deployment']));
    one.forKind('apps/v1 Deployment');
    one.forKind('apps/v1 StatefulSet'); // not expected: its own module, as without a hint
    expect(one.modulesLoaded).toEqual(['k_apps_v1_Deployment.fast', 'k_apps_v1_StatefulSet.fast']);
  });

  it.each([true, false])('reports the errors of the kind\'s own ajv module, those of ajv compiled at run time but for schemaPath (strict: %s)', (strict) => {
    const group = fresh(strict);
    group.expect(new Set(WORKLOAD_GROUP.kinds));
    const definitions = strict ? deriveStrict(bundle.definitions) : bundle.definitions;
    const ajv = createKubernetesAjv(definitions);
    for (const key of WORKLOAD_GROUP.kinds) {
      const fromGroup = group.forKind(key)! as KindValidator;
      const runtime = ajv.compile(kindRef(bundle.kinds[key]!));
      expect(fromGroup.fast!(invalid(key))).toBe(false);
      expect(fromGroup(invalid(key))).toBe(false);
      expect(runtime(invalid(key))).toBe(false);
      expect(fromGroup.errors!.length).toBeGreaterThan(2);
      // schemaPath aside: the precompiled code writes each definition as a function of its own (precompile.ts).
      const seen = (errors: typeof runtime.errors) => errors!.map(({ instancePath, keyword, params, message }) => ({ instancePath, keyword, params, message }));
      expect(seen(fromGroup.errors)).toEqual(seen(runtime.errors));
      const own = ownModule(key, strict);
      expect(own(invalid(key))).toBe(false);
      expect(fromGroup.errors).toEqual(own.errors);
    }
    expect(group.modulesLoaded).toEqual([`${WORKLOAD_GROUP.file}.fast`, ...WORKLOAD_GROUP.kinds.map(exportName)]);
  });
});
