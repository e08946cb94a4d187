// Extra schema folders from config.schema.schemaDirs. A folder may hold
// - per-kind files in the layout of the datree CRDs-catalog: {group}/{lowercase kind}_{version}.json;
// - bundles written by `npm run schemas -- --input <cluster OpenAPI> --version X.Y --out <dir>`:
//   v{X.Y}.json, used for kinds the bundled schemas of the target version do not have.
// Looked up per kind on first use and cached.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { bundleFileName, type SchemaBundle } from '../schemas/bundle.js';
import { reachableDefinitions } from '../schemas/generate.js';
import { isObject, type JsonSchema } from '../schemas/normalize.js';
import { splitApiVersion } from './api-lifecycle.js';
import { customResourceSchema, declaresListTypes, type CustomSchema } from './schema-crd.js';

export type DirLookup = { found: CustomSchema } | { error: string } | undefined;

export class SchemaDirs {
  private readonly dirs: string[];
  private readonly cache = new Map<string, DirLookup>();
  private readonly bundles = new Map<string, SchemaBundle | { error: string } | undefined>();

  constructor(dirs: readonly string[], root: string) {
    this.dirs = dirs.map((d) => (isAbsolute(d) ? d : resolve(root, d)));
  }

  lookup(apiVersion: string, kind: string, kubernetesVersion: string): DirLookup {
    const key = `${kubernetesVersion} ${apiVersion} ${kind}`;
    if (!this.cache.has(key)) this.cache.set(key, this.find(apiVersion, kind, kubernetesVersion));
    return this.cache.get(key);
  }

  private find(apiVersion: string, kind: string, kubernetesVersion: string): DirLookup {
    const { group, version } = splitApiVersion(apiVersion);
    for (const dir of this.dirs) {
      if (group !== '') {
        const file = join(dir, group, `${kind.toLowerCase()}_${version}.json`);
        const found = readSchemaFile(file);
        if (found !== undefined) return found;
      }
      const fromBundle = this.fromBundle(dir, kubernetesVersion, `${apiVersion} ${kind}`);
      if (fromBundle !== undefined) return fromBundle;
    }
    return undefined;
  }

  private fromBundle(dir: string, kubernetesVersion: string, key: string): DirLookup {
    const file = join(dir, bundleFileName(kubernetesVersion));
    if (!this.bundles.has(file)) this.bundles.set(file, readBundle(file));
    const bundle = this.bundles.get(file);
    if (bundle === undefined) return undefined;
    if ('error' in bundle) return bundle;
    const definition = bundle.kinds[key];
    if (definition === undefined) return undefined;
    try {
      // Self-contained: the kind's definition and everything it references, from that bundle.
      const definitions: Record<string, JsonSchema> = {};
      for (const name of reachableDefinitions(bundle.definitions, [definition])) definitions[name] = bundle.definitions[name]!;
      return { found: { schema: { definitions, $ref: `#/definitions/${definition}` }, origin: file } };
    } catch (error) {
      return { error: `schema bundle ${file} is not usable: ${(error as Error).message}` };
    }
  }
}

function readText(file: string): string | undefined | { error: string } {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined;
    return { error: `cannot read schema ${file}: ${(error as Error).message}` };
  }
}

function readSchemaFile(file: string): DirLookup {
  const text = readText(file);
  if (text === undefined || typeof text !== 'string') return text;
  try {
    const written = JSON.parse(text) as unknown;
    return { found: { schema: customResourceSchema(written as JsonSchema), origin: file, ...(isObject(written) && declaresListTypes(text) ? { written } : {}) } };
  } catch (error) {
    return { error: `schema ${file} is not usable: ${(error as Error).message}` };
  }
}

function readBundle(file: string): SchemaBundle | { error: string } | undefined {
  const text = readText(file);
  if (text === undefined || typeof text !== 'string') return text;
  try {
    const bundle = JSON.parse(text) as SchemaBundle;
    if (!isObject(bundle) || !isObject(bundle.kinds) || !isObject(bundle.definitions)) throw new Error('not a kubelint schema bundle (no "kinds" and "definitions")');
    return bundle;
  } catch (error) {
    return { error: `schema bundle ${file} is not usable: ${(error as Error).message}` };
  }
}
