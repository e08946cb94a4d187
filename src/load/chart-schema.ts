// Remote references in a chart's values.schema.json. Helm (3.18+) validates values against it while
// rendering and fetches every http(s) `$ref` and unknown `$schema` it meets, so a chart could make
// `helm template` reach any address, loopback included (the proxy variables of tool-env.ts stop
// only the others). Renders are refused before helm runs instead. Packaged subcharts
// (charts/*.tgz) are opened too, within helm's own limits.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isRecord } from '../shared/records.js';
import { commonJs } from '../shared/commonjs.js';

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

/** A chart folder and its unpacked subcharts (charts/<name>/), with the packaged ones they hold. */
function chartTree(chartDir: string, depth = 0): { dirs: string[]; archives: string[] } {
  const out = { dirs: [chartDir], archives: [] as string[] };
  const charts = path.join(chartDir, 'charts');
  if (depth >= 20 || !existsSync(charts)) return out;
  for (const entry of readdirSync(charts, { withFileTypes: true })) {
    const at = path.join(charts, entry.name);
    if (entry.isFile() && entry.name.endsWith('.tgz')) out.archives.push(at);
    if (!entry.isDirectory()) continue;
    const sub = chartTree(at, depth + 1);
    out.dirs.push(...sub.dirs);
    out.archives.push(...sub.archives);
  }
  return out;
}

function refsOfText(text: string, file: string): RemoteSchemaRef[] {
  try {
    return refsIn(JSON.parse(text)).map((url) => ({ file, url }));
  } catch {
    return []; // not JSON: helm reports that itself, and fetches nothing
  }
}

/** Remote references in the values schemas of a chart folder and its unpacked subcharts. */
export function remoteSchemaRefs(chartDir: string): RemoteSchemaRef[] {
  return chartTree(chartDir).dirs.flatMap((dir) => {
    const file = path.join(dir, 'values.schema.json');
    return existsSync(file) ? refsOfText(readFileSync(file, 'utf8'), file) : [];
  });
}

/** Helm's own bounds on a chart archive (pkg/chart/loader/archive.go). */
const MAX_ARCHIVE_BYTES = 100 * 1024 * 1024;
const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** Remote references in the values schemas inside a packaged chart (and the archives it holds). */
async function archiveRefs(bytes: Uint8Array, label: string, depth: number): Promise<RemoteSchemaRef[]> {
  // Loaded here: only charts with packaged subcharts need them (zlib and tar-stream cost every run ~5 ms to load).
  const [{ gunzipSync }, tarStream] = await Promise.all([import('node:zlib'), import('tar-stream')]);
  const { extract } = commonJs(tarStream);
  let tarBytes: Buffer;
  try {
    tarBytes = gunzipSync(bytes, { maxOutputLength: MAX_ARCHIVE_BYTES });
  } catch {
    return []; // helm refuses it too
  }
  const out: RemoteSchemaRef[] = [];
  const tar = extract();
  const done = (async () => {
    for await (const entry of tar) {
      const { name, size = 0, type } = entry.header;
      const wanted = type === 'file' && size <= MAX_FILE_BYTES && (/(^|\/)values\.schema\.json$/.test(name) || (depth < 5 && /(^|\/)charts\/[^/]+\.tgz$/.test(name)));
      const chunks: Buffer[] = [];
      for await (const chunk of entry) if (wanted) chunks.push(chunk as Buffer);
      if (!wanted) continue;
      const where = `${label}:${name}`;
      if (name.endsWith('.tgz')) out.push(...(await archiveRefs(Buffer.concat(chunks), where, depth + 1)));
      else out.push(...refsOfText(Buffer.concat(chunks).toString('utf8'), where));
    }
  })();
  tar.end(tarBytes);
  try {
    await done;
  } catch {
    // A damaged archive: helm reports it itself.
  }
  return out;
}

/** Remote references in the values schemas of the packaged subcharts under a chart folder. */
export async function packagedSchemaRefs(chartDir: string): Promise<RemoteSchemaRef[]> {
  return (await Promise.all(chartTree(chartDir).archives.map((a) => archiveRefs(readFileSync(a), a, 0)))).flat();
}

/** Every remote reference helm would meet rendering a chart folder: its files and its packaged subcharts. */
export async function chartRemoteRefs(chartDir: string): Promise<RemoteSchemaRef[]> {
  return [...remoteSchemaRefs(chartDir), ...(await packagedSchemaRefs(chartDir))];
}
