// Large texts' parsed documents, kept by content in the user's cache folder (`documents/`): a warm
// run reads them back instead of parsing the YAML again. An operator's install file of big CRDs
// (~600 KB) costs its parse tens of milliseconds, its stored documents a few (BENCHMARKS.md r9crd).
// Only what the parse decides is kept (load/yaml-fast.ts FastDocument: each document's place, value
// and block scalars); locations are still read from the text itself, as after a parse. Entries are
// V8's serialization (it keeps what JSON cannot: NaN, -0, undefined), named by the SHA-256 of this
// format, kubelint's build, Node's version and the text, and signed with the per-user key (auth.ts)
// over name and body: anything that does not verify is parsed again.
import { createHash } from 'node:crypto';
import path from 'node:path';
import v8 from 'node:v8';
import { writeFileAtomic } from '../shared/write-atomic.js';
import { pruneFolderOnce } from './prune.js';
import { readSignedSerializedArray, signedBytes } from './signed-file.js';

const FORMAT = 1;
/**
 * Texts from this size up (install files of big CRDs, large renders). Every file from 16 KiB up
 * paid warm (plain 10,000 CPU 0.91x) but cost first runs 7-15% CPU writing the entries, and disk:
 * left to a decision on the cache's scope (BENCHMARKS.md r9crd).
 */
export const LARGE_TEXT = 256 * 1024;
const DAY = 24 * 60 * 60 * 1000;
/** Bounds of the store, looked at once a day at most (cache/prune.ts). */
// An entry is about as large as its text (from 256 KiB): a few hundred bound the folder's size.
const PRUNE = { keep: 300, maxAgeMs: 30 * DAY, everyMs: DAY, ext: '.bin' };

export interface DocumentsHome {
  /** The user's cache folder. */
  dir: string;
  secret: Buffer;
  /** kubelint's build (cache/build-id.ts): what one build parsed, another may parse otherwise. */
  version: string;
}

/** The documents of large texts by content; what is stored is what the parser gave, read back as such. */
export interface TextCache<T> {
  read(text: string): T[] | undefined;
  write(text: string, documents: readonly T[]): void;
}

let home: DocumentsHome | undefined;

/** Turns the store on for this process (the CLI does; the API and the webhook parse every time). */
export function useParsedDocumentCache(to: DocumentsHome | undefined): void {
  home = to;
}

/** The store, when on. */
export function parsedDocumentCache<T>(): TextCache<T> | undefined {
  const at = home;
  if (!at) return undefined;
  // read, then write on a miss, hash the same text: once.
  let last: { text: string; file: string } | undefined;
  const entryOf = (text: string): string => {
    if (last?.text !== text) last = { text, file: entryFile(at, text) };
    return last.file;
  };
  return {
    read: (text) => {
      if (text.length < LARGE_TEXT) return undefined;
      const file = entryOf(text);
      return readSignedSerializedArray<T>(file, at.secret, boundOf(file));
    },
    write: (text, documents) => {
      if (text.length >= LARGE_TEXT) writeEntry(at, entryOf(text), documents);
    },
  };
}

function entryFile(at: DocumentsHome, text: string): string {
  const key = createHash('sha256').update(JSON.stringify([FORMAT, at.version, process.version])).update('\u0000').update(text).digest('hex');
  return path.join(at.dir, 'documents', `${key}.bin`);
}

/** What the MAC binds besides the body: the entry's name, so an entry copied under another text's name does not verify. */
const boundOf = (file: string): string => `${path.basename(file)}\n`;

function writeEntry<T>(at: DocumentsHome, file: string, documents: readonly T[]): void {
  try {
    writeFileAtomic(file, signedBytes(at.secret, v8.serialize(documents), boundOf(file)), 0o600);
    pruneFolderOnce(path.dirname(file), PRUNE);
  } catch {
    // speed only: a read-only cache folder costs the next run time, never this run
  }
}
