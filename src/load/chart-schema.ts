// Remote references in a chart's values.schema.json. Helm (3.18+) validates values against it while
// rendering and fetches every http(s) `$ref` and unknown `$schema` it meets, so a chart could make
// `helm template` reach any address, loopback included (the proxy variables of tool-env.ts stop
// only the others). Renders are refused before helm runs instead; packaged (.tgz) subcharts are
// not opened here and rely on those proxy variables alone.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from '../shared/records.js';

export interface RemoteSchemaRef {
  /** The values.schema.json holding it. */
  file: string;
  url: string;
}

/** Meta-schemas the JSON Schema library helm uses has built in (fetched from nowhere). */
const BUILT_IN = /^https?:\/\/json-schema\.org\/(draft-0[4-7]\/schema|draft\/20(19-09|20-12)\/(schema|meta\/[a-z-]+))#?$/;
const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** Schemes helm resolves without the network. */
const LOCAL_SCHEMES = new Set(['file', 'urn']);

function isRemote(url: string): boolean {
  const scheme = SCHEME.exec(url)?.[1]?.toLowerCase();
  return scheme !== undefined && !LOCAL_SCHEMES.has(scheme) && !BUILT_IN.test(url);
}

/** Every reference in one schema document that would be fetched. */
function refsIn(schema: unknown): string[] {
  const refs: string[] = [];
  const visit = (node: unknown, base: string | undefined): void => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, base));
    if (!isRecord(node)) return;
    const id = typeof node.$id === 'string' ? node.$id : typeof node.id === 'string' ? node.id : undefined;
    const here = id ? resolve(id, base) : base;
    for (const key of ['$ref', '$dynamicRef', '$recursiveRef']) {
      const ref = node[key];
      if (typeof ref === 'string' && !ref.startsWith('#')) refs.push(resolve(ref, here));
    }
    if (typeof node.$schema === 'string') refs.push(node.$schema);
    for (const value of Object.values(node)) visit(value, here);
  };
  visit(schema, undefined);
  return [...new Set(refs.filter(isRemote))];
}

/** A reference against its base `$id` (a relative `$ref` under an https `$id` is an https address). */
function resolve(ref: string, base: string | undefined): string {
  if (SCHEME.test(ref) || !base) return ref;
  try {
    return new URL(ref, base).href;
  } catch {
    return ref;
  }
}

/** Remote references in the values schemas of a chart folder and its unpacked subcharts. */
export function remoteSchemaRefs(chartDir: string, depth = 0): RemoteSchemaRef[] {
  const out: RemoteSchemaRef[] = [];
  const file = path.join(chartDir, 'values.schema.json');
  if (existsSync(file)) {
    try {
      out.push(...refsIn(JSON.parse(readFileSync(file, 'utf8'))).map((url) => ({ file, url })));
    } catch {
      // Not JSON: helm reports that itself, and fetches nothing.
    }
  }
  const charts = path.join(chartDir, 'charts');
  if (depth < 20 && existsSync(charts)) {
    for (const entry of readdirSync(charts, { withFileTypes: true })) {
      if (entry.isDirectory()) out.push(...remoteSchemaRefs(path.join(charts, entry.name), depth + 1));
    }
  }
  return out;
}
