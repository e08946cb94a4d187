// The bytes of a stream gathered into one buffer as they arrive, so the stream's own chunks can
// go at once (a pipe's are 64 KiB each). Keeping the chunks to the end and joining strings
// decoded from each, 12 MB of piped input took ~50 MB of RSS to read, and the run's peak was 2-6
// MiB higher (BENCHMARKS.md, round 8, r8stdin). Each larger buffer is a fresh allocation; memory
// past the bytes written is never touched, so it costs no RSS.

/** The first buffer's size: a piped Deployment fits. */
const INITIAL_BYTES = 64 * 1024;

export class ByteBuffer {
  private buffer = Buffer.allocUnsafe(INITIAL_BYTES);
  private filled = 0;

  /** `limit`: the most bytes it will be asked to hold (the buffer never grows past it). */
  constructor(private readonly limit: number) {}

  get length(): number {
    return this.filled;
  }

  /** Appends a chunk; throws a RangeError when the bytes would pass the limit. */
  append(chunk: Uint8Array): void {
    const needed = this.filled + chunk.length;
    if (needed > this.limit) throw new RangeError(`more than ${this.limit} bytes`);
    if (needed > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(needed, Math.min(this.buffer.length * 2, this.limit)));
      this.buffer.copy(grown, 0, 0, this.filled);
      this.buffer = grown;
    }
    this.buffer.set(chunk, this.filled);
    this.filled = needed;
  }

  /** The bytes appended so far (a view: later appends may move them). */
  bytes(): Buffer {
    return this.buffer.subarray(0, this.filled);
  }
}
