// The walker's input (schema-interpret.ts) for a CRD version, kept in the user's cache folder: the
// version's schema normalised (and made strict when the run is), named by the version's own JSON
// like a stored validator (schema-disk-cache.ts validatorFile), V8-serialized (JSON would turn a
// YAML .nan in an enum into null) and signed. A warm run reads it back instead of normalising the
// CRD's schema again, the one step of a CRD version's schema a walked run would otherwise repeat.
// A version a first run walked level by level is only marked, and stored by the run after it.
// With the schema go the version's lists of type map or set (schema-crd-lists.ts ListNode, null
// for none), and the bundle definitions it reaches (ObjectMeta's, made strict when the run is): a
// warm run then neither reads the CRD's whole schema for the lists nor parses the bundle's definitions.
import path from 'node:path';
import { pruneFolderOnce } from '../cache/prune.js';
import { nameBound, readSignedSerializedArray, writeSignedSerialized } from '../cache/signed-file.js';
import { isObject, type JsonSchema } from '../schemas/normalize.js';
import type { ListNode } from './schema-crd-lists.js';
import { cacheFileName, diskCache } from './schema-disk-cache.js';

/** Walked schemas kept: the newest by when they were written, as the stored validators (one per CRD version in use). */
export const PRUNE_WALKED = { keep: 500, ext: '.v8' };

function walkedFile(dir: string, keyText: string, bundleHash: string, strict: boolean): string {
  return path.join(dir, 'walked', `${cacheFileName(keyText, bundleHash, strict)}.v8`);
}

/**
 * What marks a version a run walked level by level (schema-crd-levels.ts) without storing its
 * schema: the next run that meets it normalises it whole and stores it (storeWalkedSchema).
 */
const SEEN = 'seen';

/** The bundle definitions a walked schema refers to by name, and those they reach (schema-definitions.ts). */
export interface StoredRefs {
  names: string[];
  definitions: Record<string, JsonSchema>;
}

/** A stored walker input: the schema, its version's list types and its definitions when stored with it (undefined: not stored, an older entry; null: none). */
export interface WalkedSchema {
  schema: JsonSchema;
  lists?: ListNode | null;
  refs?: StoredRefs | null;
}

/**
 * The stored walker input for `keyText`, if this build stored one that verifies; 'seen' when a run
 * only marked it (markWalkedSeen); undefined without a disk cache.
 */
export function storedWalkedSchema(keyText: string, bundleHash: string, strict: boolean): WalkedSchema | 'seen' | undefined {
  const disk = diskCache();
  if (!disk) return undefined;
  const file = walkedFile(disk.dir, keyText, bundleHash, strict);
  const [schema, lists, refs] = readSignedSerializedArray<unknown>(file, disk.secret, nameBound(file)) ?? [];
  if (schema === SEEN) return SEEN;
  if (!isObject(schema)) return undefined;
  const out: WalkedSchema = { schema };
  if (lists === null || isObject(lists)) out.lists = lists as ListNode | null;
  if (refs === null || (isObject(refs) && Array.isArray(refs.names) && isObject(refs.definitions))) out.refs = refs as StoredRefs | null;
  return out;
}

/** Marks `keyText` as met by a run that stored no walker input for it (a few bytes, signed like one). */
export function markWalkedSeen(keyText: string, bundleHash: string, strict: boolean): void {
  store(keyText, bundleHash, strict, [SEEN]);
}

/** Stores the walker input for `keyText`; a cache folder that cannot be written costs the next run time, never this run. */
export function storeWalkedSchema(keyText: string, bundleHash: string, strict: boolean, walked: Required<WalkedSchema>): void {
  store(keyText, bundleHash, strict, [walked.schema, walked.lists, walked.refs]);
}

function store(keyText: string, bundleHash: string, strict: boolean, entry: [JsonSchema, ListNode | null, StoredRefs | null] | [typeof SEEN]): void {
  const disk = diskCache();
  if (!disk) return;
  const file = walkedFile(disk.dir, keyText, bundleHash, strict);
  try {
    writeSignedSerialized(file, disk.secret, entry);
    pruneFolderOnce(path.dirname(file), PRUNE_WALKED);
  } catch {
    // read-only or full: the next run normalises again
  }
}
