// --changed's context files (cli/changed-context.ts): unchanged files read only because a changed
// file shares a namespace with them. Their own findings are never reported, so the engine needs of
// them only what cross-resource rules read: the parsed documents, and where each object's
// metadata.name is (duplicate-resource names the first definition's position). Kept per content
// in the user's cache folder (`parsed/`), signed with the per-user key (auth.ts): a JSON.parse of
// the stored values replaces parsing the YAML. Keyed by the content, kubelint's build (cache/build-id.ts) and this
// format only: parsing reads nothing else (no config, no rules). Files with parse problems are
// never stored (they are parsed every time, with their problems).
import { createHash } from 'node:crypto';
import path from 'node:path';
import { identifyResources } from '../load/resources.js';
import { parseManifestText, type ParsedText } from '../load/yaml.js';
import type { Manifest, SourceRange } from '../types.js';
import { pruneFolderOnce } from './prune.js';
import { readSignedArray, writeSigned } from './signed-file.js';

// 2: entries named by the content's SHA-256 (the context index knows it without reading the file).
const FORMAT = 2;
const DAY = 24 * 60 * 60 * 1000;
/** Bounds of the store, looked at once a day at most (cache/prune.ts). */
const PRUNE = { keep: 20_000, maxAgeMs: 30 * DAY, everyMs: DAY };

interface StoredDocument {
  index: number;
  lines: { start: number; end: number };
  value: unknown;
  /** JSON of a path to an object's metadata.name → its range in the file. */
  names: Array<[string, SourceRange]>;
}

export interface ParsedStore {
  /** The user's cache folder. */
  dir: string;
  secret: Buffer;
  version: string;
}

/** SHA-256 of a file's content, as the context index (cache/namespaces.ts) records it. */
export function textDigest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function entryFile(store: ParsedStore, digest: string): string {
  const key = createHash('sha256').update(JSON.stringify([FORMAT, store.version])).update('\u0000').update(digest).digest('hex');
  return path.join(store.dir, 'parsed', `${key}.json`);
}

export function parsedEntryFile(store: ParsedStore, text: string): string {
  return entryFile(store, textDigest(text));
}

function write(file: string, secret: Buffer, documents: StoredDocument[]): void {
  try {
    writeSigned(file, secret, JSON.stringify(documents), path.basename(file)); // signed with its name: see storedDocuments
    // Entries are made, never refreshed: one a month old is parsed and stored again if still used.
    pruneFolderOnce(path.dirname(file), PRUNE);
  } catch {
    // speed only
  }
}

/** What a context file's documents keep: values, lines and the objects' name positions. */
function toStored(parsed: ParsedText, name: string): StoredDocument[] | undefined {
  const documents = parsed.manifests.map((m): StoredDocument => ({ index: m.index, lines: m.lines, value: m.value, names: [] }));
  const byManifest = new Map(parsed.manifests.map((m, i) => [m, documents[i]!]));
  for (const resource of identifyResources(parsed.manifests).resources) {
    const namePath = [...resource.basePath, 'metadata', 'name'];
    const location = resource.manifest!.locate(namePath);
    if (location.file !== name) return undefined; // a plain file locates into itself; anything else is not stored
    if (location.range) byManifest.get(resource.manifest!)!.names.push([JSON.stringify(namePath), location.range]);
  }
  return documents;
}

/** Manifests that locate an object's name as the parse did, and anything else at the file only. */
function fromStored(documents: readonly StoredDocument[], name: string): ParsedText {
  const manifests = documents.map((d): Manifest => {
    const names = new Map(d.names);
    return {
      source: { kind: 'file', name },
      index: d.index,
      value: d.value,
      lines: d.lines,
      comments: new Map(),
      locate: (p) => {
        const range = names.get(JSON.stringify(p));
        return range ? { file: name, range } : { file: name };
      },
    };
  });
  return { manifests, problems: [] };
}

/** A context file's documents, when this user stored the content with this SHA-256 before. */
export function storedDocuments(digest: string, name: string, store: ParsedStore): ParsedText | undefined {
  // An entry copied under another content's name does not verify: that content would get its documents.
  const file = entryFile(store, digest);
  const stored = readSignedArray<StoredDocument>(file, store.secret, path.basename(file));
  return stored ? fromStored(stored, name) : undefined;
}

/**
 * A context file's documents: from the store when this user stored this very content before,
 * else `parsed` (or parsed now) and stored for the next run.
 */
export function contextDocuments(text: string, name: string, store: ParsedStore | undefined, parsed?: ParsedText, digest = textDigest(text)): ParsedText {
  const stored = store ? storedDocuments(digest, name, store) : undefined;
  if (stored) return stored;
  const fresh = parsed ?? parseManifestText(text, { kind: 'file', name });
  if (store && fresh.problems.length === 0) {
    const documents = toStored(fresh, name);
    if (documents) write(entryFile(store, digest), store.secret, documents);
  }
  return fresh;
}
