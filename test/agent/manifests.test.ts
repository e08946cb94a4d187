// The manifests must fit the agent they deploy: the ConfigMap is a valid agent configuration,
// probes hit endpoints the agent serves, the data volume is DATA_DIR, the UID is the image's.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { startAgent, type Agent } from '../../src/agent/agent.js';
import { loadConfig } from '../../src/agent/config.js';
import { memoryLogger } from '../../src/agent/log.js';
import { tempDataDir } from './helpers.js';

const root = (path: string): string => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const yamlDocs = (path: string): Array<Record<string, any>> =>
  parseAllDocuments(readFileSync(root(path), 'utf8')).map((d) => d.toJS() as Record<string, any>);

interface Deployed {
  config: Record<string, string>;
  deployment: Record<string, any>;
}

/** `name.yaml`, or `NN-name.yaml` where files are numbered in apply order (plain/). */
function file(dir: string, name: string): string {
  const found = readdirSync(root(dir)).find((f) => f === `${name}.yaml` || new RegExp(`^\\d+-${name}\\.yaml$`).test(f));
  if (!found) throw new Error(`no ${name}.yaml in ${dir}`);
  return `${dir}/${found}`;
}

function deployed(dir: string): Deployed {
  const [config] = yamlDocs(file(dir, 'configmap'));
  const [deployment] = yamlDocs(file(dir, 'deployment'));
  return { config: config!.data, deployment: deployment! };
}

let agent: Agent | undefined;
afterEach(async () => {
  await agent?.stop();
  agent = undefined;
});

describe.each(['manifests/solar-sync/plain', 'manifests/solar-sync/kustomize/base'])('%s', (dir) => {
  it('has a ConfigMap the agent accepts, matching the container port and the outbox mount', () => {
    const { config, deployment } = deployed(dir);
    const parsed = loadConfig(config);
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0];
    expect(container.ports.find((p: any) => p.name === 'http').containerPort).toBe(parsed.port);
    const mount = container.volumeMounts.find((m: any) => m.mountPath === parsed.dataDir);
    expect(mount, `a volume mounted at DATA_DIR=${parsed.dataDir}`).toBeDefined();
    expect(pod.volumes.map((v: any) => v.name)).toContain(mount.name);
    // The in-flight send must finish before the kubelet's SIGKILL.
    expect(parsed.shutdownGraceMs).toBeLessThan(pod.terminationGracePeriodSeconds * 1000);
  });

  it('runs as the UID the image declares', () => {
    const { deployment } = deployed(dir);
    const dockerfile = readFileSync(root('src/agent/Dockerfile'), 'utf8');
    const uid = Number(/^USER (\d+):\d+$/m.exec(dockerfile)?.[1]);
    expect(deployment.spec.template.spec.securityContext.runAsUser).toBe(uid);
  });

  it('probes paths the agent answers 200 on', async () => {
    const { config, deployment } = deployed(dir);
    const data = await tempDataDir();
    try {
      agent = await startAgent(loadConfig({ ...config, DATA_DIR: data.dir, PORT: '0', HOST: '127.0.0.1' }), { logger: memoryLogger(), autoSync: false });
      const container = deployment.spec.template.spec.containers[0];
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe']) {
        const res = await fetch(`http://127.0.0.1:${agent.port}${container[probe].httpGet.path}`);
        expect(res.status, probe).toBe(200);
      }
    } finally {
      await agent?.stop();
      agent = undefined;
      await data.cleanup();
    }
  });
});

describe('manifests/solar-sync/helm values', () => {
  it('render a configuration the agent accepts', () => {
    const values = parse(readFileSync(root('manifests/solar-sync/helm/values.yaml'), 'utf8'));
    const config = loadConfig({ ...values.config, DATA_DIR: values.outbox.mountPath, PORT: String(values.containerPort) });
    expect(config.shutdownGraceMs).toBeLessThan(values.terminationGracePeriodSeconds * 1000);
    expect(values.securityContext.runAsUser).toBe(65532);
  });
});
