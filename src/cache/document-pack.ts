// Where the parsed-documents store (parsed-documents.ts) keeps its entries: one file per run, a pack
// (`documents/<8 hex digits>.pack`), written as the run stores texts, instead of one file per text
// (plain 1,000's second run opened and renamed 47 entry files: ~40 ms of its CPU). An entry is the
// hex HMAC (auth.ts) of its text's key and body, then the body; the index (text-sightings.ts)
// records its pack, first byte and length. A pack is made new ('wx': never another run's) and the
// index naming its entries is saved only after it is closed, so no run reads a pack still being
// written; whatever is read and does not verify (torn, damaged, another text's entry, another
// user's key) is parsed again.
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, writevSync } from 'node:fs';
import path from 'node:path';
import { makeDirs } from '../shared/make-dirs.js';
import { signedHead, verifiedBody } from './signed-file.js';

const PACK = /^([0-9a-f]{8})\.pack$/;

export function packPath(folder: string, pack: number): string {
  return path.join(folder, `${pack.toString(16).padStart(8, '0')}.pack`);
}

/** The pack number a file name holds, if it is a pack's (0 is no pack's). */
export function packOf(name: string): number | undefined {
  const hex = PACK.exec(name)?.[1];
  const pack = hex === undefined ? 0 : parseInt(hex, 16);
  return pack === 0 ? undefined : pack;
}

/** What an entry's MAC covers besides its body: the text's key, so an entry answers for its own text only. */
const bound = (key: string): string => `documents\u0000${key}\u0000`;

export interface PackPlace {
  pack: number;
  at: number;
  bytes: number;
}

/** This run's pack: made at the first entry, appended to, closed before the index is saved. */
export class PackWriter {
  private fd: number | undefined;
  private pack = 0;
  private end = 0;
  private failed = false;

  constructor(
    private readonly folder: string,
    private readonly secret: Buffer,
  ) {}

  /** Appends the entry; where it is, or undefined when it could not be written (nothing more is then). */
  append(key: string, body: Uint8Array): PackPlace | undefined {
    if (this.failed) return undefined;
    try {
      const fd = this.fd ?? this.open();
      const head = signedHead(this.secret, body, bound(key));
      const bytes = head.length + body.length;
      if (writevSync(fd, [head, body]) !== bytes) throw new Error('short write');
      const place = { pack: this.pack, at: this.end, bytes };
      this.end += bytes;
      return place;
    } catch {
      // speed only: a full disk or a read-only folder costs the next run a parse, never this run
      this.failed = true;
      this.close();
      return undefined;
    }
  }

  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // its entries were written; the index alone decides whether they are read
    }
    this.fd = undefined;
  }

  private open(): number {
    makeDirs(this.folder, 0o700);
    for (let tries = 1; ; tries++) {
      const pack = randomBytes(4).readUInt32BE(0);
      if (pack === 0) continue;
      try {
        this.fd = openSync(packPath(this.folder, pack), 'wx', 0o600);
        this.pack = pack;
        return this.fd;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || tries >= 8) throw error;
      }
    }
  }
}

/** Reads entries from packs, each pack opened once per run. */
export class PackReader {
  private readonly fds = new Map<number, number | undefined>();

  constructor(
    private readonly folder: string,
    private readonly secret: Buffer,
  ) {}

  /** The body of the text `key`'s entry at `place`, when it is whole and this user's. */
  read(key: string, place: PackPlace): Buffer | undefined {
    const fd = this.fdOf(place.pack);
    if (fd === undefined || place.bytes <= 0) return undefined;
    try {
      const raw = Buffer.allocUnsafe(place.bytes);
      if (readSync(fd, raw, 0, place.bytes, place.at) !== place.bytes) return undefined;
      return verifiedBody(raw, this.secret, bound(key));
    } catch {
      return undefined;
    }
  }

  close(): void {
    for (const fd of this.fds.values()) {
      try {
        if (fd !== undefined) closeSync(fd);
      } catch {
        // read only: nothing lost
      }
    }
    this.fds.clear();
  }

  private fdOf(pack: number): number | undefined {
    if (!this.fds.has(pack)) {
      let fd: number | undefined;
      try {
        fd = openSync(packPath(this.folder, pack), 'r');
      } catch {
        fd = undefined; // removed by a concurrent run's rewrite: its texts are parsed again
      }
      this.fds.set(pack, fd);
    }
    return this.fds.get(pack);
  }
}
