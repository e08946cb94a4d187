import { DEFAULT_PRESETS } from './presets.js';
import type { ResolvedConfig } from './types.js';

/** Newest bundled Kubernetes version; the schema module lists them all. */
export const DEFAULT_KUBERNETES_VERSION = '1.36';

export function defaultConfig(root: string): ResolvedConfig {
  return {
    root,
    include: [],
    exclude: [],
    kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
    defaultNamespace: 'default',
    presets: [...DEFAULT_PRESETS],
    workloadKinds: [],
    rules: {},
    failOn: 'error',
    maxWarnings: -1,
    format: ['stylish'],
    outputFile: [],
    schema: { strict: true, schemaDirs: [], missingSchema: 'warning' },
    exemptions: [],
    strict: [],
    podSecurity: { exclude: [] },
    policies: [],
    policyData: [],
    conftest: { namespaces: ['main'], allNamespaces: false },
    opa: {},
    helm: { renders: [] },
    kustomize: {},
    inputs: { nonKubernetes: 'skip' },
    webhook: {
      port: 8443,
      mode: 'enforce',
      exemptNamespaces: ['kube-system'],
      crossResource: 'warn',
      failurePolicy: 'allow',
      ruleModes: {},
      inventoryMaxStaleSeconds: 120,
    },
  };
}
