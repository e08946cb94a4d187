// The users'-policy flags shared by `lint`, `rules` and `policy`: --policy, --data, --namespace,
// --all-namespaces. Paths are the command line's (relative to the cwd) and add to the config's.
import path from 'node:path';
import type { ResolvedConfig } from '../config/types.js';

export const POLICY_OPTIONS = {
  policy: { type: 'string', multiple: true },
  data: { type: 'string', multiple: true },
  namespace: { type: 'string', multiple: true },
  'all-namespaces': { type: 'boolean' },
} as const;

export const POLICY_HELP = `      --policy <path>            user policies: a folder of .rego files, a .rego file or a bundle
                                 .tar.gz (kubelint's contract or conftest's); repeatable
      --data <path>              JSON/YAML data for the user policies, merged under data.*; repeatable
      --namespace <pkg>          conftest-style rules live in this package (default: main); repeatable
      --all-namespaces           conftest-style rules in every package
`;

export interface PolicyArgs {
  policies: string[];
  data: string[];
  namespaces?: string[];
  allNamespaces: boolean;
}

export function policyArgsFrom(values: { policy?: string[]; data?: string[]; namespace?: string[]; 'all-namespaces'?: boolean }): PolicyArgs {
  return {
    policies: values.policy ?? [],
    data: values.data ?? [],
    ...(values.namespace ? { namespaces: values.namespace } : {}),
    allNamespaces: values['all-namespaces'] ?? false,
  };
}

export function applyPolicyArgs(config: ResolvedConfig, args: PolicyArgs, cwd: string): ResolvedConfig {
  return {
    ...config,
    policies: [...config.policies, ...args.policies.map((p) => path.resolve(cwd, p))],
    policyData: [...config.policyData, ...args.data.map((p) => path.resolve(cwd, p))],
    conftest: {
      namespaces: args.namespaces ?? config.conftest.namespaces,
      allNamespaces: args.allNamespaces || config.conftest.allNamespaces,
    },
  };
}
