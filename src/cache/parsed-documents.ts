// Texts' parsed documents, kept by content in the user's cache folder (`documents/`): a run that
// parses a text already parsed reads its documents back instead of parsing the YAML again (plain
// 1,000 warm: the parse and the compiles it triggers are the largest item). A text is stored on its
// second sighting only (text-sightings.ts): a first run marks each text (a SHA-256 and an index
// record), the next run that parses it again pays the write once, and later runs read.
// Only what the parse decides is kept (load/yaml-fast.ts FastDocument: each document's place, value
// and block scalars); locations are still read from the text itself, as after a parse. Entries are
// JSON, or V8's serialization where JSON would lose something (document-codec.ts), keyed by the SHA-256 of this
// format, kubelint's build, Node's version and the text, signed with the per-user key (auth.ts)
// over key and body, and written into one pack per run (document-pack.ts): anything that does not
// verify is parsed again.
import { createHash } from 'node:crypto';
import path from 'node:path';
import { decodeDocuments, encodeDocuments } from './document-codec.js';
import { PackReader, PackWriter } from './document-pack.js';
import { TextSightings } from './text-sightings.js';

// 3: JSON bodies where exact; 2: entries in packs; 1: one file per text.
const FORMAT = 3;
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
/** This run's index, pack being written and packs being read: made when the first text asks. */
let open: { index: TextSightings; writer: PackWriter; reader: PackReader } | undefined;

/** Turns the store on for this process (the CLI does; the API and the webhook parse every time). */
export function useParsedDocumentCache(to: DocumentsHome | undefined): void {
  saveParsedDocumentIndex();
  home = to;
  open = undefined;
}

/** Closes this run's pack, then writes what this run changed in the index (at exit, else when the store is turned off or moved). */
export function saveParsedDocumentIndex(): void {
  if (!open) return;
  open.writer.close();
  open.reader.close();
  open.index.save();
}

let savesAtExit = false;

/** The store's folder in the cache folder. */
const folderOf = (at: DocumentsHome): string => path.join(at.dir, 'documents');

/** The store's index and packs, opened when the first text asks; the index is saved at exit, after the report is written. */
function openStore(at: DocumentsHome): NonNullable<typeof open> {
  if (!open) {
    const folder = folderOf(at);
    open = { index: new TextSightings(folder), writer: new PackWriter(folder, at.secret), reader: new PackReader(folder, at.secret) };
    if (!savesAtExit) {
      savesAtExit = true;
      process.once('exit', saveParsedDocumentIndex);
    }
  }
  return open;
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
      const { index, reader } = openStore(at);
      const place = index.get(key);
      if (!place?.bytes) return undefined; // never stored: nothing to look for
      const body = reader.read(key, place);
      const documents = body === undefined ? undefined : decodeDocuments<T>(body);
      if (documents) index.used(key);
      else index.dropped(key);
      return documents;
    },
    write: (text, documents) => {
      if (text.length < MIN_TEXT) return;
      const key = keyOf(text);
      const { index, writer } = openStore(at);
      if (!index.get(key)) return index.seen(key); // the first sighting: a mark only
      const place = writer.append(key, encodeDocuments(documents));
      if (place) index.stored(key, place);
      else index.dropped(key);
    },
  };
}

function entryKey(at: DocumentsHome, text: string): string {
  return createHash('sha256').update(JSON.stringify([FORMAT, at.version, process.version])).update('\u0000').update(text).digest('hex');
}
