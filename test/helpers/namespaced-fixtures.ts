// The rule fixtures as one batch with a namespace per fixture file (relations inside a file kept):
// many independent namespaces, for tests of evaluating a batch a few namespaces at a time.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { defaultConfig } from '../../src/config/defaults.js';
import { packagePath } from '../../src/config/paths.js';
import { loadInputs } from '../../src/load/index.js';
import { identifyResources } from '../../src/load/resources.js';
import type { Resource } from '../../src/types.js';

/** Every rule fixture's resources, in the namespaces their files give. */
export async function ruleFixtures(): Promise<Resource[]> {
  const root = packagePath('fixtures', 'rules');
  const files = readdirSync(root).flatMap((rule) => readdirSync(path.join(root, rule)).map((f) => path.join(root, rule, f)));
  const loaded = await loadInputs(files.sort(), defaultConfig(packagePath()), { cwd: packagePath() });
  return identifyResources(loaded.manifests).resources;
}

export async function namespacedRuleFixtures(): Promise<Resource[]> {
  const fileIndex = new Map<string, number>();
  return (await ruleFixtures()).map((r) => {
    const file = r.manifest!.source.name;
    const n = fileIndex.get(file) ?? fileIndex.set(file, fileIndex.size).get(file)!;
    const metadata = r.object.metadata as Record<string, unknown>;
    const namespace = `f${n}-${typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : 'default'}`;
    return { ...r, namespace, object: { ...r.object, metadata: { ...metadata, namespace } } };
  });
}
