// The api-validation rule: what the API server refuses beyond the JSON schema (names, label keys
// and values, annotation sizes, duplicate and dangling names inside a pod, Service ports). The
// checks are TypeScript, not Rego: they mirror Go validators that count bytes (Rego counts
// characters), build the API server's exact messages, and are table-tested against them.
import type { Violation } from '../../types.js';
import type { Check, RuleInfo } from '../check.js';
import { podSpecPathOf, valueAt } from '../../workloads/kinds.js';
import { checkAnnotations, checkControllerNames, checkLabels, checkObjectMeta } from './metadata.js';
import { checkPodSpec } from './pod.js';
import { isRecord, list, type Problem } from './problem.js';
import { checkServiceSpec } from './service.js';

export const API_VALIDATION_RULE: RuleInfo = {
  id: 'api-validation',
  title: 'The API server would accept the object',
  description:
    "Checks the API server makes beyond the JSON schema, as Kubernetes' own validation code defines them: object names (DNS-1123 subdomain, DNS-1123 label for Namespaces and StatefulSets, DNS-1035 label for Services; CronJob names at most 52 characters), annotation keys and total size (256 KiB), selector label keys and values (the labels of objects and pod templates are label-syntax's), container, volume and port names (unique, and valid as DNS labels or IANA service names), volume mounts naming a volume, Service port names and string targetPorts. kubeconform and kube-score pass these; `kubectl apply` fails.",
  severity: 'error',
  scope: 'resource',
  remediation: 'Fix the field named in the message; the message quotes the rule the API server applies.',
  origin: 'schema',
};

/** Adds the problems of the pod template's annotations to `out`. */
function checkTemplateAnnotations(out: Problem[], object: Record<string, unknown>, specPath: readonly (string | number)[]): void {
  if (specPath.length < 2) return; // a Pod: its metadata is the object's
  const metaPath = () => [...specPath.slice(0, -1), 'metadata'];
  const template = valueAt(object, specPath.slice(0, -1));
  const meta = isRecord(template) ? template.metadata : undefined;
  if (!isRecord(meta)) return;
  // The template's labels are label-syntax's, as the object's are (one finding per cause).
  checkAnnotations(out, meta.annotations, () => [...metaPath(), 'annotations'], () => `${metaPath().join('.')}.annotations`);
}

function claimTemplateNames(object: Record<string, unknown>, kind: string): string[] {
  if (kind !== 'StatefulSet') return [];
  return list(valueAt(object, ['spec', 'volumeClaimTemplates'])).flatMap((t) => {
    const name = isRecord(t) && isRecord(t.metadata) ? t.metadata.name : undefined;
    return typeof name === 'string' ? [name] : [];
  });
}

const SELECTOR_PATH = ['spec', 'selector'] as const;
const MATCH_LABELS_PATH = ['spec', 'selector', 'matchLabels'];

export function checkObject(object: Record<string, unknown>, custom: Parameters<typeof podSpecPathOf>[1]): Problem[] {
  const kind = typeof object.kind === 'string' ? object.kind : '';
  const out: Problem[] = [];
  checkObjectMeta(out, object, kind);
  checkControllerNames(out, object, kind);
  const specPath = podSpecPathOf(object, custom);
  if (specPath) {
    const spec = valueAt(object, specPath);
    if (isRecord(spec)) checkPodSpec(out, spec, specPath, claimTemplateNames(object, kind));
    checkTemplateAnnotations(out, object, specPath);
    const selector = valueAt(object, SELECTOR_PATH);
    // ReplicationController selectors are plain label maps; the others are LabelSelectors.
    if (kind === 'ReplicationController') checkLabels(out, selector, ['spec', 'selector'], 'spec.selector');
    else if (isRecord(selector)) checkLabels(out, selector.matchLabels, MATCH_LABELS_PATH, 'spec.selector.matchLabels');
  }
  if (kind === 'Service' && object.apiVersion === 'v1' && isRecord(object.spec)) checkServiceSpec(out, object.spec);
  return out;
}

export const apiValidationCheck: Check = {
  rules: [API_VALIDATION_RULE],
  run(batch, ctx) {
    const out: Violation[] = [];
    for (const resource of batch) {
      if (ctx.judged && !ctx.judged(resource)) continue;
      for (const p of checkObject(resource.object, ctx.config.workloadKinds)) {
        out.push({ ruleId: API_VALIDATION_RULE.id, message: p.message, resource, path: p.path });
      }
    }
    return out;
  },
};
