#!/usr/bin/env node
// Converts kubelint's compact schema bundle (schemas/k8s/v<version>.json) into kubeconform's
// standalone per-kind layout, so kubeconform and kubelint validate against the same schemas:
//
//   bench/.kubeconform-schemas/<kind>-<group>-<version>.json   e.g. deployment-apps-v1.json
//   bench/.kubeconform-schemas/<kind>-<version>.json           core group, e.g. configmap-v1.json
//
// which is kubeconform's own `{{ .ResourceKind }}{{ .KindSuffix }}.json` naming (the group is cut
// at its first dot: networking.k8s.io → networking). Each file is standalone: the kind's
// definition at the root plus only the definitions it reaches. The strict variant is derived
// with kubelint's own deriveStrict (dist/schemas/variants.js, so run `npm run build` first).
//
//   node bench/kubeconform-schemas.mjs [--k8s-version 1.36] [--out bench/.kubeconform-schemas] [--relaxed]
//   kubeconform -strict -schema-location 'bench/.kubeconform-schemas/{{ .ResourceKind }}{{ .KindSuffix }}.json' ...
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
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

/** Names of every definition reachable from `start` through `#/definitions/...` refs. */
export function reachableDefinitions(definitions, start) {
  const seen = new Set();
  const pending = [start];
  const visit = (node) => {
    if (Array.isArray(node)) { for (const item of node) visit(item); return; }
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/definitions/')) {
        const name = value.slice('#/definitions/'.length);
        if (!seen.has(name)) pending.push(name);
      } else visit(value);
    }
  };
  while (pending.length > 0) {
    const name = pending.pop();
    if (seen.has(name)) continue;
    if (!(name in definitions)) throw new Error(`definition ${name} is referenced but missing from the bundle`);
    seen.add(name);
    visit(definitions[name]);
  }
  return seen;
}

/** The standalone schema for one kind: its definition at the root, reachable definitions beside it. */
export function standaloneSchema(definitions, definitionName) {
  const names = [...reachableDefinitions(definitions, definitionName)].sort();
  return { ...definitions[definitionName], definitions: Object.fromEntries(names.map((n) => [n, definitions[n]])) };
}

function newestBundle(dir) {
  const versions = readdirSync(dir).map((f) => /^v(\d+)\.(\d+)\.json$/.exec(f)).filter(Boolean)
    .sort((a, b) => Number(a[1]) - Number(b[1]) || Number(a[2]) - Number(b[2]));
  if (versions.length === 0) throw new Error(`no schema bundles (v<major>.<minor>.json) in ${dir}; run npm run schemas`);
  return `${versions.at(-1)[1]}.${versions.at(-1)[2]}`;
}

async function strictDeriver() {
  const variants = join(ROOT, 'dist/schemas/variants.js');
  if (!existsSync(variants)) throw new Error(`${variants} is missing: run npm run build first`);
  const { deriveStrict } = await import(pathToFileURL(variants).href);
  return deriveStrict;
}

export async function writeKubeconformSchemas({ version, out, strict = true, schemaDir = join(ROOT, 'schemas/k8s') }) {
  const k8sVersion = version ?? newestBundle(schemaDir);
  const bundlePath = join(schemaDir, `v${k8sVersion}.json`);
  if (!existsSync(bundlePath)) throw new Error(`no schema bundle for Kubernetes ${k8sVersion} at ${bundlePath}`);
  const bundle = JSON.parse(readFileSync(bundlePath, 'utf8'));
  const definitions = strict ? (await strictDeriver())(bundle.definitions) : bundle.definitions;
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
