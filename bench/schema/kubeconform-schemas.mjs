#!/usr/bin/env node
// Converts kubelint's compact schema bundle (schemas/k8s/v<version>.json) into kubeconform's
// standalone per-kind layout, so kubeconform and kubelint validate against the same schemas:
//
//   bench/.kubeconform-schemas/<kind>-<group>-<version>.json   e.g. deployment-apps-v1.json
//   bench/.kubeconform-schemas/<kind>-<version>.json           core group, e.g. configmap-v1.json
//
// which is kubeconform's own `{{ .ResourceKind }}{{ .KindSuffix }}.json` naming (the group is cut
// at its first dot: networking.k8s.io → networking). Each file is standalone: the kind's
// definition at the root plus only the definitions it reaches (the generator's own walk). The
// strict variant is kubelint's own deriveStrict.
//
//   node bench/schema/kubeconform-schemas.mjs [--k8s-version 1.36] [--out bench/.kubeconform-schemas] [--relaxed]
//   kubeconform -strict -schema-location 'bench/.kubeconform-schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json' ...
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// kubelint's own schema code, built (run `npm run build` first): the same bundles, the same
// reachable-definition walk the generator uses, the same strict variant.
import { reachableDefinitions } from '../../dist/schemas/generate.js';
import { loadBundle, resolveBundledVersion } from '../../dist/schemas/store.js';
import { deriveStrict } from '../../dist/schemas/variants.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KUBECONFORM_TEMPLATE = '{{ .ResourceKind }}{{ .KindSuffix }}.json';

/** kubeconform's file name for "apps/v1 Deployment" or "v1 ConfigMap". */
export function kubeconformFileName(kindKey) {
  const match = /^(\S+) (\S+)$/.exec(kindKey);
  if (!match) throw new Error(`unexpected kind key "${kindKey}" (expected "<apiVersion> <Kind>")`);
  const [, apiVersion, kind] = match;
  const parts = apiVersion.split('/');
  const version = parts[parts.length - 1].toLowerCase();
  const group = parts.length > 1 ? parts[0].split('.')[0].toLowerCase() : undefined;
  return `${kind.toLowerCase()}${group ? `-${group}` : ''}-${version}.json`;
}

/** The standalone schema for one kind: its definition at the root, reachable definitions beside it. */
export function standaloneSchema(definitions, definitionName) {
  const names = reachableDefinitions(definitions, [definitionName]).sort();
  return { ...definitions[definitionName], definitions: Object.fromEntries(names.map((n) => [n, definitions[n]])) };
}

export async function writeKubeconformSchemas({ version, out, strict = true }) {
  const k8sVersion = resolveBundledVersion(version);
  const bundle = loadBundle(k8sVersion);
  const definitions = strict ? deriveStrict(bundle.definitions) : bundle.definitions;
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // kubeconform's naming cuts the group at its first dot, so two groups could share a name.
  const owners = new Map();
  for (const [kindKey, definitionName] of Object.entries(bundle.kinds)) {
    const file = kubeconformFileName(kindKey);
    if (owners.has(file)) throw new Error(`${kindKey} and ${owners.get(file)} would both be written to ${file}`);
    owners.set(file, kindKey);
    writeFileSync(join(out, file), JSON.stringify(standaloneSchema(definitions, definitionName)));
  }
  const written = owners.size;
  return { k8sVersion, written, strict, out };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const opts = { out: join(ROOT, 'bench/.kubeconform-schemas'), strict: true };
  try {
    for (let i = 0; i < args.length; i++) {
      if (args[i] === '--k8s-version') opts.version = args[++i];
      else if (args[i] === '--out') opts.out = resolve(args[++i]);
      else if (args[i] === '--relaxed') opts.strict = false;
      else throw new Error(`unknown option ${args[i]} (use --k8s-version, --out, --relaxed)`);
    }
    const r = await writeKubeconformSchemas(opts);
    console.log(`kubeconform-schemas: ${r.written} ${r.strict ? 'strict' : 'relaxed'} schemas for Kubernetes ${r.k8sVersion} -> ${r.out}`);
  } catch (error) {
    console.error(`kubeconform-schemas: ${error.message}`);
    process.exitCode = 2;
  }
}
