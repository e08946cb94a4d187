// The Kustomize renderer against the real pinned kustomize (and kubectl kustomize): objects map to
// the base, patch or generator line that defines them; bases used by overlays are not built alone.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/defaults.js';
import type { ResolvedConfig } from '../../src/config/types.js';
import { loadInputs } from '../../src/load/index.js';
import { buildKustomization } from '../../src/load/kustomize.js';
import { planInputs } from '../../src/load/plan.js';
import type { JsonPath, Manifest } from '../../src/types.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const APP = path.join(ROOT, 'fixtures/kustomize/app');
const BASE = 'fixtures/kustomize/app/base';
const T = 30_000;
const POD = ['spec', 'template', 'spec'];

function config(patch: Partial<ResolvedConfig> = {}): ResolvedConfig {
  return { ...defaultConfig(ROOT), ...patch };
}
async function build(overlay: string, c = config()): Promise<Manifest[]> {
  const [built] = await buildKustomization(path.join(APP, overlay), c, ROOT);
  expect(built!.problems).toEqual([]);
  return built!.manifests;
}
const kind = (ms: Manifest[], k: string) => ms.find((m) => (m.value as { kind: string }).kind === k)!;
const at = (m: Manifest, p: JsonPath) => {
  const loc = m.locate(p);
  return [loc.file, loc.range?.line, loc.range?.column];
};

describe('staging: a strategic-merge patch file and an inline JSON patch', () => {
  it('maps fields to the patch that sets them, the rest to the base', async () => {
    const d = kind(await build('overlays/staging'), 'Deployment');
    expect(at(d, [...POD, 'securityContext', 'runAsNonRoot'])).toEqual(['fixtures/kustomize/app/overlays/staging/debug-patch.yaml', 9, 9]);
    expect(at(d, [...POD, 'containers', 0, 'securityContext', 'readOnlyRootFilesystem'])).toEqual(['fixtures/kustomize/app/overlays/staging/debug-patch.yaml', 13, 13]);
    // The inline JSON patch inside kustomization.yaml: the exact line and column of `value: 2`.
    expect(at(d, ['spec', 'replicas'])).toEqual(['fixtures/kustomize/app/overlays/staging/kustomization.yaml', 15, 9]);
    expect(at(d, [...POD, 'containers', 1, 'image'])).toEqual([`${BASE}/deployment.yaml`, 23, 11]);
    expect(at(d, ['metadata', 'name'])).toEqual([`${BASE}/deployment.yaml`, 4, 3]);
    // A map that the base has is shown in the base, even when a patch passes through it.
    expect(at(d, [...POD, 'containers', 0])).toEqual([`${BASE}/deployment.yaml`, 12, 11]);
    // A missing field: its closest existing parent.
    expect(at(d, [...POD, 'containers', 1, 'livenessProbe'])).toEqual([`${BASE}/deployment.yaml`, 21, 11]);
  }, T);

  it('strips the origin annotation before linting and keeps base comments for suppressions', async () => {
    const d = kind(await build('overlays/staging'), 'Deployment');
    expect((d.value as { metadata: Record<string, unknown> }).metadata.annotations).toBeUndefined();
    expect(d.source).toEqual({ kind: 'kustomize', name: 'fixtures/kustomize/app/overlays/staging', origin: 'fixtures/kustomize/app/overlays/staging' });
    expect(d.comments.get(22)).toMatch(/^kubelint-disable-next-line image-tag-pinned/);
  }, T);

  it('does not modify the user\'s kustomization (origin annotations are turned on by a temporary wrapper)', async () => {
    const file = path.join(APP, 'overlays/staging/kustomization.yaml');
    const before = readFileSync(file, 'utf8');
    await build('overlays/staging');
    expect(readFileSync(file, 'utf8')).toBe(before);
    expect(before).not.toContain('buildMetadata');
  }, T);
});

describe('a kustomization with its own buildMetadata', () => {
  it('keeps the user\'s top-level options and adds origin annotations in the wrapper', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'kubelint-meta-'));
    cpSync(APP, tmp, { recursive: true });
    const file = path.join(tmp, 'overlays/staging/kustomization.yaml');
    writeFileSync(file, `${readFileSync(file, 'utf8')}buildMetadata: [managedByLabel]\n`);
    const [built] = await buildKustomization(path.join(tmp, 'overlays/staging'), config(), tmp);
    const d = kind(built!.manifests, 'Deployment');
    expect((d.value as any).metadata.labels['app.kubernetes.io/managed-by']).toMatch(/^kustomize-/);
    expect(d.locate(['spec', 'replicas']).file).toBe('overlays/staging/kustomization.yaml');
    expect(readFileSync(file, 'utf8')).not.toContain('originAnnotations');
  }, T);
});

describe('production: patch files with reordered lists and a JSON 6902 file', () => {
  it('matches list items by name, not by position', async () => {
    const ms = await build('overlays/production');
    const d = kind(ms, 'Deployment');
    expect((d.value as any).spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['log-shipper', 'web']);
    expect(at(d, [...POD, 'containers', 1, 'resources', 'limits', 'memory'])).toEqual(['fixtures/kustomize/app/overlays/production/resources-patch.yaml', 15, 15]);
    expect(at(d, [...POD, 'containers', 1, 'resources', 'requests', 'cpu'])).toEqual([`${BASE}/deployment.yaml`, 19, 15]);
    expect(at(d, [...POD, 'containers', 0, 'image'])).toEqual(['fixtures/kustomize/app/overlays/production/resources-patch.yaml', 10, 11]);
    expect(at(d, ['spec', 'replicas'])).toEqual(['fixtures/kustomize/app/overlays/production/replicas-patch.yaml', 3, 3]);
    expect(at(kind(ms, 'PodDisruptionBudget'), ['spec', 'minAvailable'])).toEqual(['fixtures/kustomize/app/overlays/production/pdb.yaml', 6, 3]);
    // A component's patch applies to the resources of the overlay that includes it.
    expect(at(d, [...POD, 'securityContext', 'seccompProfile', 'type'])).toEqual(['fixtures/kustomize/app/components/seccomp/seccomp-patch.yaml', 10, 11]);
  }, T);

  it('maps generated objects to their generator entry', async () => {
    const cm = kind(await build('overlays/production'), 'ConfigMap');
    expect((cm.value as any).metadata.name).toMatch(/^prod-web-settings-/);
    const loc = cm.locate(['data', 'MODE']);
    expect([loc.file, loc.range?.line, loc.range?.column]).toEqual([`${BASE}/kustomization.yaml`, 11, 5]);
    expect(loc.note).toBe('generated by ConfigMapGenerator in this kustomization');
  }, T);
});

describe('dev: origin annotations already on in the user\'s file', () => {
  it('builds in place and maps the same way', async () => {
    const d = kind(await build('overlays/dev'), 'Deployment');
    expect((d.value as any).metadata).toMatchObject({ name: 'dev-web', namespace: 'web-dev' });
    expect((d.value as any).metadata.annotations).toBeUndefined();
    // Set by transformers of the overlay: the kustomization entry that set them.
    const image = d.locate([...POD, 'containers', 0, 'image']);
    expect([image.file, image.range?.line, image.range?.column]).toEqual(['fixtures/kustomize/app/overlays/dev/kustomization.yaml', 9, 5]);
    expect(image.note).toBe('set by the images transformer of this kustomization');
    expect(at(d, ['metadata', 'namespace'])).toEqual(['fixtures/kustomize/app/overlays/dev/kustomization.yaml', 3, 1]);
    expect(at(d, ['spec', 'replicas'])).toEqual(['fixtures/kustomize/app/overlays/dev/kustomization.yaml', 12, 5]);
    // The sidecar's image is not touched by `images`: still the base.
    expect(at(d, [...POD, 'containers', 1, 'image'])).toEqual([`${BASE}/deployment.yaml`, 23, 11]);
  }, T);

  it('also builds with `kubectl kustomize` when that is the configured binary', async () => {
    const d = kind(await build('overlays/staging', config({ kustomize: { binary: 'kubectl' } })), 'Deployment');
    expect(at(d, [...POD, 'securityContext', 'runAsNonRoot'])).toEqual(['fixtures/kustomize/app/overlays/staging/debug-patch.yaml', 9, 9]);
  }, T);
});

describe('which kustomizations a walk builds', () => {
  it('skips a base that overlays of the same walk use', async () => {
    const built = async (dir: string) => (await planInputs([dir], config(), ROOT)).variants.map((v) => v.name);
    expect(await built('fixtures/kustomize/app')).toEqual(['overlays/dev', 'overlays/production', 'overlays/staging'].map((d) => `fixtures/kustomize/app/${d}`));
    expect(await built('fixtures/kustomize/app/base')).toEqual(['fixtures/kustomize/app/base']);
    // Components are never built alone.
    expect(await built('fixtures/kustomize/app/components/seccomp')).toEqual([]);
  });

  it('walking the tree builds the three overlays; naming the base builds it', async () => {
    const walked = await loadInputs(['fixtures/kustomize/app'], config(), { cwd: ROOT });
    expect(walked.sources).toEqual(['fixtures/kustomize/app/overlays/dev', 'fixtures/kustomize/app/overlays/production', 'fixtures/kustomize/app/overlays/staging']);
    expect(walked.problems).toEqual([]);
    // Base files are not linted again as plain manifests.
    expect(walked.manifests.every((m) => m.source.kind === 'kustomize')).toBe(true);
    const base = await loadInputs(['fixtures/kustomize/app/base'], config(), { cwd: ROOT });
    expect(base.sources).toEqual(['fixtures/kustomize/app/base']);
    expect(base.manifests).toHaveLength(3);
  }, T);

  it('an aggregating kustomization above the overlays replaces the overlays it uses', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'kubelint-nested-'));
    const repo = path.join(tmp, 'cluster');
    cpSync(APP, repo, { recursive: true });
    writeFileSync(path.join(repo, 'kustomization.yaml'), 'resources:\n  - overlays/production\n');
    const walked = await loadInputs([tmp], config(), { cwd: tmp });
    // production is used by the aggregate, base by every overlay; dev and staging stand alone.
    expect(walked.sources).toEqual(['cluster', 'cluster/overlays/dev', 'cluster/overlays/staging']);
    expect(walked.problems).toEqual([]);
    const d = walked.manifests.find((m) => (m.value as { kind: string }).kind === 'Deployment')!;
    expect(d.locate(['spec', 'replicas']).file).toBe('cluster/overlays/production/replicas-patch.yaml');
  }, T);
});

describe('build errors are findings', () => {
  it('reports kustomize\'s own message against the kustomization, with real paths', async () => {
    const [built] = await buildKustomization(path.join(ROOT, 'fixtures/kustomize/broken'), config(), ROOT);
    expect(built!.problems).toHaveLength(1);
    const [problem] = built!.problems;
    expect(problem).toMatchObject({ ruleId: 'render-error', file: 'fixtures/kustomize/broken' });
    expect(problem!.message).toMatch(/^kustomize build failed for fixtures\/kustomize\/broken: Error: accumulating resources/);
    expect(problem!.message).toContain(path.join(ROOT, 'fixtures/kustomize/does-not-exist'));
    // The same words as building the folder directly: the wrapper kubelint adds is invisible.
    const direct = spawnSync(path.join(ROOT, '.tools/bin/kustomize'), ['build', path.join(ROOT, 'fixtures/kustomize/broken')], { encoding: 'utf8' });
    expect(problem!.message).toBe(`kustomize build failed for fixtures/kustomize/broken: ${direct.stderr.trim()}`);
  }, T);

  it('a missing kustomize says how to install it', async () => {
    const [built] = await buildKustomization(path.join(APP, 'overlays/dev'), config({ kustomize: { binary: './no/kustomize' } }), ROOT);
    expect(built!.problems[0]!.ruleId).toBe('render-error');
    expect(built!.problems[0]!.message).toMatch(/kustomize not found: "kustomize.binary" in the config names ".\/no\/kustomize".*bash scripts\/setup-tools.sh/);
  });
});

describe('one base reached through two kustomizations of one build', () => {
  it('each copy maps to the patches of the kustomization it went through', async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'kubelint-diamond-'));
    cpSync(path.join(APP, 'base'), path.join(tmp, 'base'), { recursive: true });
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(tmp, file)), { recursive: true });
      writeFileSync(path.join(tmp, file), text);
    };
    write('a/kustomization.yaml', 'namePrefix: a-\nresources:\n  - ../base\n');
    write('b/kustomization.yaml', 'namePrefix: b-\nresources:\n  - ../base\npatches:\n  - path: replicas.yaml\n');
    write('b/replicas.yaml', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 5\n');
    write('top/kustomization.yaml', 'resources:\n  - ../a\n  - ../b\n');
    const [built] = await buildKustomization(path.join(tmp, 'top'), config(), tmp);
    expect(built!.problems).toEqual([]);
    const byName = (n: string) => built!.manifests.find((m) => (m.value as any).kind === 'Deployment' && (m.value as any).metadata.name === n)!;
    expect(at(byName('b-web'), ['spec', 'replicas'])).toEqual(['b/replicas.yaml', 6, 3]);
    expect(at(byName('a-web'), ['spec', 'replicas'])).toEqual(['base/deployment.yaml', 6, 3]);
  }, T);
});
