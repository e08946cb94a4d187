import { describe, expect, it } from 'vitest';
import { normalizeSchema, withNull } from '../../src/schemas/normalize.js';

describe('normalizeSchema', () => {
  it('drops descriptions and list/patch annotations, keeps validation keywords', () => {
    expect(
      normalizeSchema({
        description: 'a port',
        type: 'integer',
        format: 'int32',
        minimum: 1,
        'x-kubernetes-list-type': 'atomic',
        'x-kubernetes-patch-strategy': 'merge',
      }),
    ).toEqual({ type: 'integer', format: 'int32', minimum: 1 });
  });

  it('inlines IntOrString and Quantity as anyOf (never oneOf), number or string', () => {
    const out = normalizeSchema({
      type: 'object',
      required: ['port', 'cpu'],
      properties: {
        port: { $ref: '#/definitions/io.k8s.apimachinery.pkg.util.intstr.IntOrString' },
        cpu: { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.api.resource.Quantity' },
      },
    });
    expect(out.properties).toEqual({
      port: { anyOf: [{ type: 'integer' }, { type: 'string' }] },
      cpu: { anyOf: [{ type: 'number' }, { type: 'string', pattern: expect.stringContaining('[KMGTPE]i') }] },
    });
    expect(JSON.stringify(out)).not.toContain('oneOf');
  });

  it('accepts null on optional properties only', () => {
    const out = normalizeSchema({
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string' },
        mode: { type: 'string', enum: ['A', 'B'] },
        spec: { $ref: '#/definitions/x.Spec' },
      },
    });
    expect(out.properties).toEqual({
      name: { type: 'string' },
      mode: { type: ['string', 'null'], enum: ['A', 'B', null] },
      spec: { anyOf: [{ $ref: '#/definitions/x.Spec' }, { type: 'null' }] },
    });
  });

  it('removes duplicate enum values', () => {
    expect(normalizeSchema({ type: 'string', enum: ['a', 'b', 'a', 'b'] })).toEqual({ type: 'string', enum: ['a', 'b'] });
  });

  it('unwraps OpenAPI v3 allOf-wrapped refs and rewrites component refs', () => {
    expect(normalizeSchema({ allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.PodSpec' }], description: 'x', default: {} })).toEqual({
      $ref: '#/definitions/io.k8s.api.core.v1.PodSpec',
    });
  });

  it('understands CRD extensions: int-or-string, nullable, preserve-unknown-fields, embedded-resource', () => {
    expect(normalizeSchema({ 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] })).toEqual({
      anyOf: [{ type: 'integer' }, { type: 'string' }],
    });
    expect(normalizeSchema({ type: 'string', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(normalizeSchema({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, 'x-kubernetes-embedded-resource': true })).toEqual({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
      'x-kubernetes-embedded-resource': true,
    });
  });

  it('turns OpenAPI 3.0 boolean exclusive bounds into JSON Schema numbers and oneOf into anyOf', () => {
    expect(normalizeSchema({ type: 'number', minimum: 0, exclusiveMinimum: true, oneOf: [{ minimum: 1 }, { maximum: -1 }] })).toEqual({
      type: 'number',
      exclusiveMinimum: 0,
      anyOf: [{ minimum: 1 }, { maximum: -1 }],
    });
  });

  it('rejects refs it cannot follow and non-schemas, with a clear error', () => {
    expect(() => normalizeSchema({ $ref: 'https://example.com/x.json' })).toThrow('unsupported $ref "https://example.com/x.json"');
    expect(() => normalizeSchema(42)).toThrow('not a schema: 42');
  });

  it('withNull leaves schemas that already accept null alone', () => {
    expect(withNull({}, true)).toEqual({});
    expect(withNull({ type: ['string', 'null'] }, true)).toEqual({ type: ['string', 'null'] });
  });
});
