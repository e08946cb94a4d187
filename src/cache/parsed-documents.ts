// Texts' parsed documents, kept by content in the user's cache folder (`documents/`): a run that
// parses a text already parsed reads its documents back instead of parsing the YAML again (plain
// 1,000 warm: the parse and the compiles it triggers are the largest item). A text is stored on its
// second sighting only (text-sightings.ts): a first run marks each text (a SHA-256 and an index
// record), the next run that parses it again pays the write once, and later runs read.
// Only what the parse decides is kept (load/yaml-fast.ts FastDocument: each document's place, value
// and block scalars); locations are still read from the text itself, as after a parse. Entries are
// V8's serialization (it keeps what JSON cannot: NaN, -0, undefined), named by the SHA-256 of this
// format, kubelint's build, Node's version and the text, and signed with the per-user key (auth.ts)
// over name and body: anything that does not verify is parsed again.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { nameBound, readSignedSerializedArray, writeSignedSerialized } from './signed-file.js';
import { entryPath, TextSightings } from './text-sightings.js';

const FORMAT = 1;
/**
 * Texts from this size up. Below it a text parses in about the time its entry takes to read (one
 * file of a few resources); above it the entries of a repository's files replace its whole parse.
 */
export const MIN_TEXT = 4 * 1024;

export interface DocumentsHome {
  /** The user's cache folder. */
  dir: string;
  secret: Buffer;
  /** kubelint's build (cache/build-id.ts): what one build parsed, another may parse otherwise. */
  version: string;
}

/** The documents of texts by content; what is stored is what the parser gave, read back as such. */
export interface TextCache<T> {
  read(text: string): T[] | undefined;
  write(text: string, documents: readonly T[]): void;
}

let home: DocumentsHome | undefined;
let index: TextSightings | undefined;

/** Turns the store on for this process (the CLI does; the API and the webhook parse every time). */
export function useParsedDocumentCache(to: DocumentsHome | undefined): void {
  saveParsedDocumentIndex();
  home = to;
  index = undefined;
}

/** Writes what this run changed in the store's index (at exit, else when the store is turned off or moved). */
export function saveParsedDocumentIndex(): void {
  index?.save();
}

let savesAtExit = false;

/** The store's folder in the cache folder. */
const folderOf = (at: DocumentsHome): string => path.join(at.dir, 'documents');

/** The store's index, read when the first text asks; saved at exit, after the report is written. */
function indexOf(at: DocumentsHome): TextSightings {
  if (!index) {
    index = new TextSightings(folderOf(at));
    if (!savesAtExit) {
      savesAtExit = true;
      process.once('exit', saveParsedDocumentIndex);
    }
  }
  return index;
}

/** The store, when on. */
export function parsedDocumentCache<T>(): TextCache<T> | undefined {
  const at = home;
  if (!at) return undefined;
  // read, then write on a miss, hash the same text: once.
  let last: { text: string; key: string } | undefined;
  const keyOf = (text: string): string => {
    if (last?.text !== text) last = { text, key: entryKey(at, text) };
    return last.key;
  };
  return {
    read: (text) => {
      if (text.length < MIN_TEXT) return undefined;
      const key = keyOf(text);
      const sightings = indexOf(at);
      if (!sightings.get(key)?.bytes) return undefined; // never stored: no file to look for
      const file = entryPath(folderOf(at), key);
      const documents = readSignedSerializedArray<T>(file, at.secret, nameBound(file));
      if (documents) sightings.used(key);
      else sightings.dropped(key);
      return documents;
    },
    write: (text, documents) => {
      if (text.length < MIN_TEXT) return;
      const key = keyOf(text);
      const sightings = indexOf(at);
      if (!sightings.get(key)) return sightings.seen(key); // the first sighting: a mark only
      const bytes = writeEntry(at, entryPath(folderOf(at), key), documents);
      if (bytes > 0) sightings.stored(key, bytes);
      else sightings.dropped(key);
    },
  };
}

function entryKey(at: DocumentsHome, text: string): string {
  return createHash('sha256').update(JSON.stringify([FORMAT, at.version, process.version])).update('\u0000').update(text).digest('hex');
}

/** The entry's size, or 0 when it could not be written. */
function writeEntry<T>(at: DocumentsHome, file: string, documents: readonly T[]): number {
  try {
    return writeSignedSerialized(file, at.secret, documents);
  } catch {
    return 0; // speed only: a read-only cache folder costs the next run time, never this run
  }
}
