// Checks that need neither schemas nor policies: problems found while loading, and resources
// defined twice in one batch.
import type { Resource, Violation } from '../types.js';
import type { Check, RuleInfo } from './check.js';
import { isClusterScoped } from './scope.js';
import { groupOf } from '../shared/api-version.js';

export const BUILTIN_RULES: readonly RuleInfo[] = [
  {
    id: 'parse-error',
    title: 'Input cannot be read or parsed',
    description: 'A file that cannot be read, is not valid YAML/JSON, holds a character YAML forbids (raw control characters), or fails a safety limit (size, nesting, aliases). Fatal: the run exits 2.',
    severity: 'error',
    origin: 'builtin',
    remediation: 'Fix the file at the reported position.',
  },
  {
    id: 'render-error',
    title: 'Helm or Kustomize render failed',
    description: 'A chart or overlay could not be rendered, or its tool is missing. Fatal: the run exits 2.',
    severity: 'error',
    origin: 'builtin',
  },
  {
    id: 'policy-error',
    title: 'User policy failed at run time',
    description: 'A user policy (--policy, config policies) stopped with an error while evaluating, or returned a result kubelint cannot read. Fatal: the run exits 2; the built-in rules and the other user policies still report.',
    severity: 'error',
    origin: 'builtin',
    remediation: 'Fix the policy at the reported file and line; `kubelint policy test` runs its tests.',
  },
  {
    id: 'empty-input',
    title: 'Input has no documents',
    description: 'A file given or found contains no Kubernetes documents (empty, or comments only).',
    severity: 'warning',
    origin: 'builtin',
  },
  {
    id: 'skipped-input',
    title: 'Input skipped',
    description: 'An input read past on purpose: a YAML/JSON file none of whose documents has apiVersion or kind (docker-compose.yml, a CI workflow, renovate.json), or a Helm library chart (info); a FIFO, socket or device met while walking, or a symlinked file whose target lies outside the linted folder (warning: not read). Set `inputs.nonKubernetes: "error"` to make non-Kubernetes files errors.',
    severity: 'info',
    origin: 'builtin',
    remediation: 'Nothing to do; exclude the path to silence it, or turn the rule off.',
  },
  {
    id: 'not-k8s-object',
    title: 'Document is not a Kubernetes object',
    description: 'A document without apiVersion, kind or metadata.name, or one that is not a mapping.',
    severity: 'error',
    origin: 'builtin',
    remediation: 'Add the missing fields, or exclude the file from linting (exclude patterns in config).',
  },
  {
    id: 'duplicate-resource',
    title: 'Resource defined twice',
    description: 'The same resource (API group, kind, namespace, name) is defined more than once in one batch; the later one would overwrite the earlier one on apply.',
    severity: 'error',
    origin: 'builtin',
    scope: 'batch',
    remediation: 'Rename one of them, or remove the duplicate.',
  },
];

/** Rules whose findings mean an input was lost: the run exits 2. */
export const FATAL_RULES: ReadonlySet<string> = new Set(['parse-error', 'render-error', 'policy-error']);

export function identityOf(resource: Resource, defaultNamespace: string): string {
  const namespace = isClusterScoped(resource.kind) ? '' : resource.namespace ?? defaultNamespace;
  return [groupOf(resource.apiVersion), resource.kind, namespace, resource.name].join('/');
}

/** The other definition's own position: its metadata.name, where this finding points on the duplicate. */
function where(resource: Resource): string {
  const loc = resource.manifest?.locate([...resource.basePath, 'metadata', 'name']);
  return loc?.range ? `${loc.file}:${loc.range.line}:${loc.range.column}` : loc?.file ?? 'the admission request';
}

export const duplicateCheck: Check = {
  rules: BUILTIN_RULES.filter((r) => r.id === 'duplicate-resource'),
  run(batch, ctx) {
    const seen = new Map<string, Resource>();
    const out: Violation[] = [];
    for (const resource of batch) {
      const key = identityOf(resource, ctx.config.defaultNamespace);
      const first = seen.get(key);
      if (!first) {
        seen.set(key, resource);
        continue;
      }
      out.push({
        ruleId: 'duplicate-resource',
        message: `${resource.kind} "${resource.name}" is already defined at ${where(first)}`,
        resource,
        path: ['metadata', 'name'],
      });
    }
    return out;
  },
};
