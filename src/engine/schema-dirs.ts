// Extra schema folders from config.schema.schemaDirs, in the layout of the datree CRDs-catalog:
// {dir}/{group}/{lowercase kind}_{version}.json. Looked up per kind on first use.
import { readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { splitApiVersion } from './lifecycle.js';
import { customResourceSchema, type CustomSchema } from './schema-crd.js';

export type DirLookup = { found: CustomSchema } | { error: string } | undefined;

export class SchemaDirs {
  private readonly dirs: string[];
  private readonly cache = new Map<string, DirLookup>();

  constructor(dirs: readonly string[], root: string) {
    this.dirs = dirs.map((d) => (isAbsolute(d) ? d : resolve(root, d)));
  }

  lookup(apiVersion: string, kind: string): DirLookup {
    const key = `${apiVersion} ${kind}`;
    if (!this.cache.has(key)) this.cache.set(key, this.find(apiVersion, kind));
    return this.cache.get(key);
  }

  private find(apiVersion: string, kind: string): DirLookup {
    const { group, version } = splitApiVersion(apiVersion);
    if (group === '' || this.dirs.length === 0) return undefined;
    for (const dir of this.dirs) {
      const file = join(dir, group, `${kind.toLowerCase()}_${version}.json`);
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
        return { error: `cannot read schema ${file}: ${(error as Error).message}` };
      }
      try {
        return { found: { schema: customResourceSchema(JSON.parse(text)), origin: file } };
      } catch (error) {
        return { error: `schema ${file} is not usable: ${(error as Error).message}` };
      }
    }
    return undefined;
  }
}
