// The main thread's side of a manifest parsed by a worker: its value, lines and comments came
// across; its locations are filled in from the worker (prefetched in batches), and any path that
// was not prefetched is located here by parsing the file again with the same parser, so a
// location is always exactly what the single-threaded run would give.
import { readFileSync } from 'node:fs';
import { decodeManifestBytes } from '../load/read.js';
import { parseManifestText } from '../load/yaml.js';
import type { JsonPath, Location, Manifest, Source, SourceRange } from '../types.js';
import { pathKey, type WireManifest } from './protocol.js';

/** One parsed file as the main thread sees it: shared by its manifests for the fallback parse. */
export class RemoteFile {
  private reparsed: Manifest[] | undefined;

  constructor(
    readonly id: number,
    readonly path: string,
    readonly source: Source,
  ) {}

  /** The slow path: this thread parses the file itself (rare: paths nobody prefetched). */
  localManifest(index: number): Manifest | undefined {
    if (!this.reparsed) {
      const read = decodeManifestBytes(readFileSync(this.path));
      this.reparsed = 'text' in read ? parseManifestText(read.text, this.source).manifests : [];
    }
    return this.reparsed.find((m) => m.index === index);
  }
}

export class RemoteManifest implements Manifest {
  readonly index: number;
  value: unknown;
  readonly lines: { start: number; end: number };
  readonly comments: ReadonlyMap<number, string>;
  /** Ranges already known, by path key; null: the path resolves to no range. */
  private readonly ranges = new Map<string, SourceRange | null>();

  constructor(
    readonly file: RemoteFile,
    /** Position among the file's manifests (what the worker indexes by). */
    readonly position: number,
    wire: WireManifest,
  ) {
    this.index = wire.index;
    this.value = wire.value;
    this.lines = wire.lines;
    this.comments = new Map(wire.comments);
  }

  get source(): Source {
    return this.file.source;
  }

  hasRange(path: JsonPath): boolean {
    return this.ranges.has(pathKey(path));
  }

  setRange(path: JsonPath, range: SourceRange | null): void {
    this.ranges.set(pathKey(path), range);
  }

  locate(path: JsonPath): Location {
    const self = this;
    // Like the fast path's manifests: the range is resolved on first read, so asking for the file
    // alone (suppressions, the inventory) costs nothing.
    return {
      file: this.file.source.name,
      get range(): SourceRange | undefined {
        const key = pathKey(path);
        let range = self.ranges.get(key);
        if (range === undefined) {
          range = self.file.localManifest(self.index)?.locate(path).range ?? null;
          self.ranges.set(key, range);
        }
        return range ?? undefined;
      },
    };
  }
}
