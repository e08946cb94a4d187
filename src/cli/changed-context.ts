// --changed in a large repository: lint only what the changed files' findings depend on. Every
// cross-resource rule looks inside one namespace (engine/scope.ts), and renders/builds are batches
// of their own, so the findings in the changed files are the same when the run reads only
//   - the changed plain files, and the unchanged plain files sharing a namespace with them
//     (or holding cluster-scoped objects when they do: duplicates of those cross namespaces);
//   - the unchanged plain files holding a CustomResourceDefinition (the schema check validates
//     custom resources in any namespace against the CRDs of the input), and every plain file when
//     a changed file holds one (a CRD's versions are checked when some resource uses them);
//   - the renders/builds that read a changed file.
// Which namespaces a file holds comes from a content-keyed index (cache/namespaces.ts), so an
// unchanged file is read and hashed, not parsed; the unchanged files read for context come from a
// content-keyed store of their parsed documents (cache/parsed-files.ts). test/cli/changed-differential
// proves the claim.
import { bucketsOf, CRD_BUCKET, entryKey, openNamespaceIndex, type NamespaceIndex } from '../cache/namespaces.js';
import { contextDocuments, type ParsedStore } from '../cache/parsed-files.js';
import type { ResolvedConfig } from '../config/types.js';
import { defaultCacheDir } from '../config/paths.js';
import { displayName, parseFileText } from '../load/file.js';
import type { InputPlan } from '../load/plan.js';
import { readManifestFile } from '../load/read.js';
import { identifyResources } from '../load/resources.js';
import type { ParsedText } from '../load/yaml.js';
import type { ChangedPlan } from './changed-files.js';
import type { Manifest } from '../types.js';

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
  const parsed = parseFileText(read.text, displayName(file, cwd));
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
  // A changed CRD is judged by the custom resources that use it, in any namespace: read everything.
  const everything = touched.has(CRD_BUCKET);
  touched.add(CRD_BUCKET);
  const kept = plan.files.map((f, i) => everything || changed.changedFiles.has(f) || found[i]!.buckets.some((b) => touched.has(b)));
  // The context files' documents, from the store where it has them; changed files are parsed as usual.
  const store: ParsedStore | undefined = secret ? { dir: defaultCacheDir(options.env), secret, version: options.version } : undefined;
  const preparsed = new Map<string, ParsedText>();
  const context = new Set<Manifest>();
  plan.files.forEach((f, i) => {
    const { text, parsed } = found[i]!;
    if (!kept[i] || text === undefined) return;
    if (changed.changedFiles.has(f)) {
      // Parsed here already when the index did not know its content; else parsed from the text read here (never read twice).
      preparsed.set(f, parsed ?? parseFileText(text, displayName(f, options.cwd)));
      return;
    }
    const documents = contextDocuments(text, displayName(f, options.cwd), store, parsed);
    for (const m of documents.manifests) context.add(m);
    preparsed.set(f, documents);
  });
  return { ...plan, files: plan.files.filter((_, i) => kept[i]), variants, preparsed, context };
}
