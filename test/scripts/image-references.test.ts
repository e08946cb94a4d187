// What scripts/build-images.sh builds is what the manifests, charts and README reference:
// ghcr.io/kubelint/kubelint:<package.json version> and
// ghcr.io/kubelint/solar-sync-agent:<the Solar Sync chart's appVersion>.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/cli.js';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');
const version = (JSON.parse(read('package.json')) as { version: string }).version;
const agentVersion = (parse(read('manifests/solar-sync/helm/Chart.yaml')) as { appVersion: string }).appVersion;
const KUBELINT = `ghcr.io/kubelint/kubelint:${version}`;
const AGENT = `ghcr.io/kubelint/solar-sync-agent:${agentVersion}`;

/** Every container image of a plain manifest file. */
function images(file: string): string[] {
  return parseAllDocuments(read(file)).flatMap((doc) => {
    const spec = (doc.toJS() as { spec?: { template?: { spec?: { containers?: Array<{ image: string }> } } } })?.spec?.template?.spec;
    return (spec?.containers ?? []).map((c) => c.image);
  });
}

describe('image references', () => {
  it('the build script derives the names the manifests use, and checks them', () => {
    const script = read('scripts/build-images.sh');
    expect(script).toContain('KUBELINT_IMAGE=ghcr.io/kubelint/kubelint:$VERSION');
    expect(script).toContain('AGENT_IMAGE=ghcr.io/kubelint/solar-sync-agent:$AGENT_VERSION');
    expect(script).toContain('manifests/kubelint-webhook/deployment.yaml');
  });

  it('manifests, charts and overlays reference exactly those images', () => {
    expect(images('manifests/kubelint-webhook/deployment.yaml')).toEqual([KUBELINT]);
    const chart = parse(read('manifests/kubelint-webhook-chart/values.yaml')) as { image: { repository: string; tag: string } };
    const chartVersion = (parse(read('manifests/kubelint-webhook-chart/Chart.yaml')) as { appVersion: string }).appVersion;
    expect(`${chart.image.repository}:${chart.image.tag || chartVersion}`).toBe(KUBELINT);
    expect(images('manifests/solar-sync/plain/07-deployment.yaml')).toEqual([AGENT]);
    expect(images('manifests/solar-sync/kustomize/base/deployment.yaml')).toEqual([AGENT]);
    const agentValues = parse(read('manifests/solar-sync/helm/values.yaml')) as { image: { repository: string; tag?: string } };
    expect(`${agentValues.image.repository}:${agentValues.image.tag || agentVersion}`).toBe(AGENT);
    for (const overlay of ['dev', 'staging', 'production']) {
      const k = parse(read(`manifests/solar-sync/kustomize/overlays/${overlay}/kustomization.yaml`)) as { images: Array<{ name: string; newTag: string }> };
      expect(k.images.map((i) => `${i.name}:${i.newTag}`)).toEqual([AGENT]);
    }
  });

  it('the README names them', () => {
    const readme = read('README.md');
    expect(readme).toContain(KUBELINT);
    expect(readme).toContain(AGENT);
  });
});
