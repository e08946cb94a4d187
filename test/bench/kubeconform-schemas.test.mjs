// The kubeconform adapter must name files the way kubeconform looks them up and keep every
// definition a kind reaches, or kubeconform would validate against a different schema than kubelint.
import { describe, expect, it } from 'vitest';
import { kubeconformFileName, standaloneSchema } from '../../bench/schema/kubeconform-schemas.mjs';

describe('kubeconformFileName', () => {
  it('follows {{ .ResourceKind }}{{ .KindSuffix }}: lower-case kind, group cut at its first dot, version', () => {
    expect(kubeconformFileName('apps/v1 Deployment')).toBe('deployment-apps-v1.json');
    expect(kubeconformFileName('v1 ConfigMap')).toBe('configmap-v1.json');
    expect(kubeconformFileName('networking.k8s.io/v1 NetworkPolicy')).toBe('networkpolicy-networking-v1.json');
    expect(kubeconformFileName('autoscaling/v2 HorizontalPodAutoscaler')).toBe('horizontalpodautoscaler-autoscaling-v2.json');
  });

  it('rejects a key that is not "<apiVersion> <Kind>"', () => {
    expect(() => kubeconformFileName('Deployment')).toThrow(/unexpected kind key/);
  });
});

describe('standaloneSchema', () => {
  const definitions = {
    A: { type: 'object', properties: { b: { $ref: '#/definitions/B' }, list: { type: 'array', items: { anyOf: [{ $ref: '#/definitions/C' }, { type: 'null' }] } } } },
    B: { type: 'object', properties: { a: { $ref: '#/definitions/A' } } },
    C: { type: 'string' },
    Unused: { type: 'integer' },
  };

  it('keeps exactly the definitions reachable from the kind, cycles included', () => {
    const schema = standaloneSchema(definitions, 'A');
    expect(schema.type).toBe('object');
    expect(Object.keys(schema.definitions)).toEqual(['A', 'B', 'C']);
  });

  it('fails clearly on a dangling reference', () => {
    expect(() => standaloneSchema({ A: { $ref: '#/definitions/Missing' } }, 'A')).toThrow(/"Missing" is referenced but not defined/);
  });
});
