import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SchemaBundle } from '../../src/schemas/bundle.js';
import { generateBundle } from '../../src/schemas/generate.js';
import { buildLifecycleIndex, loadLifecycleIndex } from '../../src/schemas/lifecycle-index.js';
import { deprecationNote, parseApiDocument } from '../../src/schemas/sources.js';
import { SCHEMA_DIR, bundledVersions, loadBundle, newestBundledVersion, resolveBundledVersion } from '../../src/schemas/store.js';

const swaggerV2 = {
  swagger: '2.0',
  definitions: {
    'io.k8s.api.apps.v1.Deployment': {
      description: 'Deployment enables declarative updates. Deprecated: use Rollout.',
      type: 'object',
      properties: { spec: { $ref: '#/definitions/io.k8s.api.apps.v1.DeploymentSpec' }, metadata: { type: 'object' } },
      'x-kubernetes-group-version-kind': [{ group: 'apps', kind: 'Deployment', version: 'v1' }],
    },
    'io.k8s.api.apps.v1.DeploymentSpec': {
      type: 'object',
      required: ['selector'],
      properties: { replicas: { type: 'integer', format: 'int32' }, selector: { type: 'object' } },
    },
    'io.k8s.api.unused.v1.Orphan': { type: 'string' },
  },
};

const openApiV3 = {
  openapi: '3.0.0',
  components: {
    schemas: {
      'io.k8s.api.core.v1.ConfigMap': {
        type: 'object',
        properties: { data: { type: 'object', additionalProperties: { type: 'string', default: '' } }, metadata: { allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }], default: {} } },
        'x-kubernetes-group-version-kind': [{ group: '', kind: 'ConfigMap', version: 'v1' }],
      },
      'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta': { type: 'object', properties: { name: { type: 'string' } } },
    },
  },
};

describe('generateBundle', () => {
  it('builds the index and keeps only reachable definitions from swagger v2', () => {
    const bundle = generateBundle(parseApiDocument(swaggerV2, 'swagger.json'), '1.31', 'test');
    expect(bundle.kinds).toEqual({ 'apps/v1 Deployment': 'io.k8s.api.apps.v1.Deployment' });
    expect(Object.keys(bundle.definitions).sort()).toEqual(['io.k8s.api.apps.v1.Deployment', 'io.k8s.api.apps.v1.DeploymentSpec']);
    expect(bundle.deprecated).toEqual({ 'apps/v1 Deployment': 'Deprecated: use Rollout.' });
    expect(JSON.stringify(bundle)).not.toContain('declarative');
  });

  it('reads OpenAPI v3 components and names the core group by its version alone', () => {
    const bundle = generateBundle(parseApiDocument(openApiV3, 'v3.json'), '1.36', 'test');
    expect(bundle.kinds).toEqual({ 'v1 ConfigMap': 'io.k8s.api.core.v1.ConfigMap' });
    expect(bundle.definitions['io.k8s.api.core.v1.ConfigMap']!.properties).toEqual({
      data: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
      metadata: { anyOf: [{ $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }, { type: 'null' }] },
    });
  });

  it('rejects documents without definitions and dangling refs', () => {
    expect(() => parseApiDocument({ paths: {} }, 'x.json')).toThrow('x.json: no "definitions"');
    const dangling = { definitions: { A: { $ref: '#/definitions/B', 'x-kubernetes-group-version-kind': [{ group: 'g', version: 'v1', kind: 'A' }] } } };
    expect(() => generateBundle(parseApiDocument(dangling, 'd.json'), '1.30', 't')).toThrow('definition "B" is referenced but not defined');
    expect(() => generateBundle(parseApiDocument(swaggerV2, 's.json'), 'latest', 't')).toThrow('"major.minor"');
  });

  it('finds upstream deprecation notices', () => {
    expect(deprecationNote('Binding ties one object to another. Deprecated in 1.7, please use the bindings subresource of pods instead.')).toBe(
      'Deprecated in 1.7, please use the bindings subresource of pods instead.',
    );
    expect(deprecationNote('Nothing to see; not deprecated here.')).toBeUndefined();
  });

  it('derives which versions serve each kind, skipping API machinery kinds', () => {
    const a = { kubernetesVersion: '1.30', kinds: { 'g/v1beta1 A': 'x', 'g/v1 A': 'y', 'g/v1 DeleteOptions': 'z' } } as unknown as SchemaBundle;
    const b = { kubernetesVersion: '1.31', kinds: { 'g/v1 A': 'y' } } as unknown as SchemaBundle;
    expect(buildLifecycleIndex([b, a])).toEqual({ versions: ['1.30', '1.31'], kinds: { 'g/v1 A': ['1.30', '1.31'], 'g/v1beta1 A': ['1.30'] } });
  });
});

describe('committed bundles', () => {
  it('bundles v1.30 to v1.36, newest by default', () => {
    expect(bundledVersions()).toEqual(['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36']);
    expect(newestBundledVersion()).toBe('1.36');
    expect(resolveBundledVersion(undefined)).toBe('1.36');
    expect(resolveBundledVersion('v1.31.2')).toBe('1.31');
    expect(() => resolveBundledVersion('1.99')).toThrow('bundled versions: 1.30, 1.31');
  });

  it('are compact: no description text, no oneOf, Quantity as anyOf, size under 2.5 MB in total', () => {
    let total = 0;
    for (const file of readdirSync(SCHEMA_DIR)) total += statSync(path.join(SCHEMA_DIR, file)).size;
    expect(total).toBeLessThan(2.5 * 1024 * 1024);
    const text = readFileSync(path.join(SCHEMA_DIR, 'v1.36.json'), 'utf8');
    expect(text).not.toMatch(/"description":"/); // the keyword; JSONSchemaProps has a property of that name
    expect(text).not.toContain('declarative updates');
    expect(text).not.toMatch(/"oneOf":\[/);
    const bundle = loadBundle('1.36');
    expect(bundle.kinds['apps/v1 Deployment']).toBe('io.k8s.api.apps.v1.Deployment');
    expect(bundle.definitions['io.k8s.api.core.v1.ResourceRequirements']!.properties).toMatchObject({
      limits: { additionalProperties: { anyOf: [{ type: 'number' }, { type: 'string' }] } },
    });
  });

  it('lifecycle.json matches the bundles', () => {
    const index = loadLifecycleIndex();
    expect(index.versions).toEqual(bundledVersions());
    expect(index.kinds['flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema']).toEqual(['1.30', '1.31']);
    expect(index.kinds['storage.k8s.io/v1 VolumeAttributesClass']).toEqual(['1.34', '1.35', '1.36']);
    expect(buildLifecycleIndex(bundledVersions().map(loadBundle))).toEqual(index);
  });
});
