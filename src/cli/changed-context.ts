// --changed in a large repository: lint only what the changed files' findings depend on. Every
// cross-resource rule looks inside one namespace (engine/scope.ts), and renders/builds are batches
// of their own, so the findings in the changed files are the same when the run reads only
//   - the changed plain files, and the unchanged plain files sharing a namespace with them
//     (or holding cluster-scoped objects when they do: duplicates of those cross namespaces);
//   - the unchanged plain files holding a CustomResourceDefinition (the schema check validates
//     custom resources in any namespace against the CRDs of the input);
//   - the renders/builds that read a changed file.
// Which namespaces a file holds comes from a content-keyed index (cache/namespaces.ts), so an
// unchanged file is read and hashed, not parsed; the unchanged files read for context come from a
// content-keyed store of their parsed documents (cache/parsed-files.ts). test/cli/changed-differential
// proves the claim.
import { bucketsOf, CRD_BUCKET, entryKey, openNamespaceIndex, type NamespaceIndex } from '../cache/namespaces.js';
import { contextDocuments, type ParsedStore } from '../cache/parsed-files.js';
import type { ResolvedConfig } from '../config/types.js';
import { defaultCacheDir } from '../config/paths.js';
import { displayName } from '../load/file.js';
import type { InputPlan } from '../load/plan.js';
import { readManifestFile } from '../load/read.js';
import { identifyResources } from '../load/resources.js';
import { parseManifestText, type ParsedText } from '../load/yaml.js';
import type { ChangedPlan } from './changed-files.js';

interface FileBuckets {
  buckets: string[];
  /** The file's text, kept for reading its documents if it is context. */
  text?: string;
  /** Its parse, when the index did not know the file. */
  parsed?: ParsedText;
}

async function bucketsOfFile(file: string, cwd: string, config: ResolvedConfig, index: NamespaceIndex | undefined, version: string): Promise<FileBuckets> {
  const read = await readManifestFile(file);
  // An unreadable file has no objects: its only findings are its own read error.
  if ('error' in read) return { buckets: [] };
  const key = entryKey(read.text, version, config.defaultNamespace);
  const known = index?.get(key);
  if (known) return { buckets: known, text: read.text };
  const parsed = parseManifestText(read.text, { kind: 'file', name: displayName(file, cwd) });
  // The objects the engine will see (a `kind: List` is its items).
  const buckets = bucketsOf(identifyResources(parsed.manifests).resources.map((r) => r.object), config.defaultNamespace);
  index?.set(key, buckets);
  return { buckets, text: read.text, parsed };
}

export interface ContextOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  version: string;
  /** The user's key (cache/auth.ts userKey), read once by the run; without it nothing is cached. */
  secret: Buffer | undefined;
}

/** The plan narrowed to what the changed files' findings depend on. */
export async function changedContext(plan: InputPlan, changed: ChangedPlan, config: ResolvedConfig, options: ContextOptions): Promise<InputPlan> {
  // A changed config changes everything (and its own findings are about every file).
  if (config.configFile && changed.changedFiles.has(config.configFile)) return plan;
  // Users' own policies may relate resources across namespaces: they get the whole input set.
  if (config.policies.length > 0) return plan;
  const variants = plan.variants.filter((v) => changed.changedVariants.includes(v.name));
  const { secret } = options;
  const index = secret ? openNamespaceIndex(options.env, secret) : undefined;
  const found = await Promise.all(plan.files.map((f) => bucketsOfFile(f, options.cwd, config, index, options.version)));
  index?.save();
  const touched = new Set(plan.files.flatMap((f, i) => (changed.changedFiles.has(f) ? found[i]!.buckets : [])));
  touched.add(CRD_BUCKET);
  const kept = plan.files.map((f, i) => changed.changedFiles.has(f) || found[i]!.buckets.some((b) => touched.has(b)));
  // The context files' documents, from the store where it has them; changed files are parsed as usual.
  const store: ParsedStore | undefined = secret ? { dir: defaultCacheDir(options.env), secret, version: options.version } : undefined;
  const preparsed = new Map<string, ParsedText>();
  plan.files.forEach((f, i) => {
    const { text, parsed } = found[i]!;
    if (kept[i] && !changed.changedFiles.has(f) && text !== undefined) preparsed.set(f, contextDocuments(text, displayName(f, options.cwd), store, parsed));
  });
  return { ...plan, files: plan.files.filter((_, i) => kept[i]), variants, preparsed };
}
