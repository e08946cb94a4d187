// --changed in a large repository: lint only what the changed files' findings depend on. Every
// cross-resource rule looks inside one namespace (engine/scope.ts), and renders/builds are batches
// of their own, so the findings in the changed files are the same when the run reads only
//   - the changed plain files, and the unchanged plain files sharing a namespace with them
//     (or holding cluster-scoped objects when they do: duplicates of those cross namespaces);
//   - the unchanged plain files holding a CustomResourceDefinition (the schema check validates
//     custom resources in any namespace against the CRDs of the input), and every plain file when
//     a changed file holds one (a CRD's versions are checked when some resource uses them);
//   - the renders/builds that read a changed file.
// Which namespaces a file holds comes from the context index (cache/namespaces.ts): a file whose
// stamp is as recorded is not even read; the unchanged files read for context come from a
// content-keyed store of their parsed documents (cache/parsed-files.ts), read from disk only when
// that store lacks them. test/cli/changed-differential proves the claim.
import { bucketsOf, CRD_BUCKET, openContextIndex, type ContextIndex } from '../cache/namespaces.js';
import { settledStamp, stampOf } from '../cache/file-stamps.js';
import { contextDocuments, storedDocuments, textDigest, type ParsedStore } from '../cache/parsed-files.js';
import type { ResolvedConfig } from '../config/types.js';
import { defaultCacheDir } from '../config/paths.js';
import { displayName, parseFileText, READ_CONCURRENCY } from '../load/file.js';
import type { InputPlan } from '../load/plan.js';
import { readManifestFile } from '../load/read.js';
import { identifyResources } from '../load/resources.js';
import type { ParsedText } from '../load/yaml.js';
import type { ChangedPlan } from './changed-files.js';
import type { Manifest } from '../types.js';
import { mapLimit } from '../shared/map-limit.js';

interface FileBuckets {
  buckets: string[];
  /** SHA-256 of the content; absent for an unreadable file. */
  digest?: string;
  /** The file's text, when it was read here. */
  text?: string;
  /** Its parse, when the index did not know the content. */
  parsed?: ParsedText;
}

/** A changed file is always read (it is linted); another file only when its stamp is not the recorded one. */
async function bucketsOfFile(file: string, cwd: string, config: ResolvedConfig, index: ContextIndex | undefined, changed: boolean): Promise<FileBuckets> {
  const known = index?.get(file);
  if (known && !changed && known.stamp !== '' && known.stamp === stampOf(file)) return { buckets: known.buckets, digest: known.digest };
  const read = await readManifestFile(file);
  // An unreadable file has no objects: its only findings are its own read error.
  if ('error' in read) return { buckets: [] };
  const digest = textDigest(read.text);
  // Taken after the read: a write since then shows as a recent change, and is not recorded.
  const stamp = settledStamp(file) ?? '';
  let parsed: ParsedText | undefined;
  let buckets = known?.digest === digest ? known.buckets : undefined;
  if (!buckets) {
    parsed = parseFileText(read.text, displayName(file, cwd));
    // The objects the engine will see (a `kind: List` is its items).
    buckets = bucketsOf(identifyResources(parsed.manifests).resources.map((r) => r.object), config.defaultNamespace);
  }
  if (known?.digest !== digest || known.stamp !== stamp) index?.set(file, { stamp, digest, buckets });
  return { buckets, digest, text: read.text, parsed };
}

export interface ContextOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  version: string;
  /** The user's key (cache/auth.ts userKey), read once by the run; without it nothing is cached. */
  secret: Buffer | undefined;
}

/** A context file's documents: from the store by content hash, else read (if need be), parsed and stored. */
async function contextFile(file: string, name: string, found: FileBuckets, store: ParsedStore | undefined): Promise<ParsedText | undefined> {
  const { digest, text, parsed } = found;
  if (digest === undefined) return undefined;
  if (text !== undefined) return contextDocuments(text, name, store, parsed, digest);
  const stored = store ? storedDocuments(digest, name, store) : undefined;
  if (stored) return stored;
  // Known to the index but not to the store (pruned): read it now.
  const read = await readManifestFile(file);
  return 'error' in read ? undefined : contextDocuments(read.text, name, store);
}

/** The plan narrowed to what the changed files' findings depend on. */
export async function changedContext(plan: InputPlan, changed: ChangedPlan, config: ResolvedConfig, options: ContextOptions): Promise<InputPlan> {
  // A changed config changes everything (and its own findings are about every file).
  if (config.configFile && changed.changedFiles.has(config.configFile)) return plan;
  // Users' own policies may relate resources across namespaces: they get the whole input set.
  if (config.policies.length > 0) return plan;
  const variants = plan.variants.filter((v) => changed.changedVariants.includes(v.name));
  const { secret, cwd } = options;
  const home = secret ? { dir: defaultCacheDir(options.env), secret, version: options.version } : undefined;
  const index = home ? openContextIndex(home, cwd, config.defaultNamespace) : undefined;
  // A few dozen reads at a time: thousands at once run into the open-file limit, and a context file
  // that could not be opened would drop out of the context without a word.
  const found = await mapLimit(plan.files, READ_CONCURRENCY, (f) => bucketsOfFile(f, cwd, config, index, changed.changedFiles.has(f)));
  index?.save();
  const touched = new Set(plan.files.flatMap((f, i) => (changed.changedFiles.has(f) ? found[i]!.buckets : [])));
  // A changed CRD is judged by the custom resources that use it, in any namespace: read everything.
  const everything = touched.has(CRD_BUCKET);
  touched.add(CRD_BUCKET);
  const kept = plan.files.map((f, i) => everything || changed.changedFiles.has(f) || found[i]!.buckets.some((b) => touched.has(b)));
  // The context files' documents, from the store where it has them; changed files are parsed as usual.
  const preparsed = new Map<string, ParsedText>();
  const context = new Set<Manifest>();
  await mapLimit(plan.files, READ_CONCURRENCY, async (f, i) => {
    const entry = found[i]!;
    if (!kept[i]) return;
    if (changed.changedFiles.has(f)) {
      // Parsed here already when the index did not know its content; else parsed from the text read here (never read twice).
      if (entry.text !== undefined) preparsed.set(f, entry.parsed ?? parseFileText(entry.text, displayName(f, cwd)));
      return;
    }
    const documents = await contextFile(f, displayName(f, cwd), entry, home);
    if (!documents) return;
    for (const m of documents.manifests) context.add(m);
    preparsed.set(f, documents);
  });
  return { ...plan, files: plan.files.filter((_, i) => kept[i]), variants, preparsed, context };
}
