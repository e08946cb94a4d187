// The committed schema bundles: which versions exist, and loading one (parsed once per process).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUNDLE_FILE_PATTERN, bundleFileName, type SchemaBundle } from './bundle.js';

/** schemas/k8s/ of the package; the same relative path from src/schemas and dist/schemas. */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schemas/k8s/', import.meta.url));

/** Build output: ajv standalone code for common kinds, one module per kind (npm run schemas:compile). Not committed. */
export const COMPILED_DIR = fileURLToPath(new URL('../../dist/schemas-compiled/', import.meta.url));

let versionsCache: string[] | undefined;
const bundles = new Map<string, { bundle: SchemaBundle; hash: string }>();

/** Bundled Kubernetes versions, oldest first ("1.30", ..., "1.36"). */
export function bundledVersions(): string[] {
  if (!versionsCache) {
    let files: string[];
    try {
      files = readdirSync(SCHEMA_DIR);
    } catch {
      throw new Error(`no Kubernetes schemas found in ${SCHEMA_DIR} (run "npm run schemas")`);
    }
    versionsCache = files
      .map((f) => BUNDLE_FILE_PATTERN.exec(f)?.[1])
      .filter((v): v is string => v !== undefined)
      .sort(compareVersions);
  }
  return versionsCache;
}

export function newestBundledVersion(): string {
  const versions = bundledVersions();
  const newest = versions[versions.length - 1];
  if (newest === undefined) throw new Error(`no Kubernetes schemas found in ${SCHEMA_DIR} (run "npm run schemas")`);
  return newest;
}

/** Accepts "1.36", "v1.36" or "1.36.2"; an unknown version is an error naming the bundled ones. */
export function resolveBundledVersion(requested: string | undefined): string {
  if (requested === undefined || requested === '') return newestBundledVersion();
  const minor = /^v?(\d+\.\d+)(?:\.\d+)?$/.exec(requested.trim())?.[1];
  const versions = bundledVersions();
  if (minor === undefined || !versions.includes(minor)) {
    throw new Error(
      `kubernetesVersion "${requested}" has no bundled schemas; bundled versions: ${versions.join(', ')}`,
    );
  }
  return minor;
}

export function loadBundle(version: string): SchemaBundle {
  return loadEntry(version).bundle;
}

/** sha256 of the bundle file, so precompiled code built from another bundle is never used. */
export function bundleHash(version: string): string {
  return loadEntry(version).hash;
}

/** Everything of a bundle but its definitions, written by the build next to the precompiled kinds. */
export interface BundleIndex extends Omit<SchemaBundle, 'definitions'> {
  bundleHash: string;
}

export function bundleIndexFile(version: string): string {
  return `${COMPILED_DIR}v${version}.index.json`;
}

export function bundleIndexOf(bundle: SchemaBundle, hash: string): BundleIndex {
  const { definitions: _definitions, ...rest } = bundle;
  return { ...rest, bundleHash: hash };
}

/** The build's index of this exact bundle text (by hash), if there is one. */
function readIndex(version: string, hash: string): BundleIndex | undefined {
  try {
    const index = JSON.parse(readFileSync(bundleIndexFile(version), 'utf8')) as BundleIndex;
    return index.bundleHash === hash ? index : undefined;
  } catch {
    return undefined;
  }
}

function loadEntry(version: string): { bundle: SchemaBundle; hash: string } {
  let entry = bundles.get(version);
  if (!entry) {
    const file = SCHEMA_DIR + bundleFileName(resolveBundledVersion(version));
    const bytes = readFileSync(file);
    const hash = createHash('sha256').update(bytes).digest('hex');
    const index = readIndex(version, hash);
    const text = () => bytes.toString('utf8');
    // Parsing the definitions is most of a bundle's load (~11 ms of 310 KB); kinds validated by
    // precompiled modules never read them, so with the build's index they are parsed on first use.
    let definitions: SchemaBundle['definitions'] | undefined;
    const bundle: SchemaBundle = index
      ? Object.defineProperty({ kubernetesVersion: index.kubernetesVersion, source: index.source, kinds: index.kinds, deprecated: index.deprecated } as SchemaBundle, 'definitions', {
          enumerable: true,
          get: () => (definitions ??= (JSON.parse(text()) as SchemaBundle).definitions),
        })
      : (JSON.parse(text()) as SchemaBundle);
    entry = { bundle, hash };
    bundles.set(version, entry);
  }
  return entry;
}

/** The folder of one version's and strictness's precompiled kind modules (`<exportName>.cjs`). */
export function precompiledDir(version: string, strict: boolean): string {
  return `${COMPILED_DIR}v${version}.${strict ? 'strict' : 'relaxed'}/`;
}

export function compareVersions(a: string, b: string): number {
  const [aMajor = 0, aMinor = 0] = a.split('.').map(Number);
  const [bMajor = 0, bMinor = 0] = b.split('.').map(Number);
  return aMajor - bMajor || aMinor - bMinor;
}
