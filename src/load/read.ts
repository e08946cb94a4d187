// Reads one manifest input safely: a file, a device, a pipe or standard input, streamed with the
// same 32 MiB cap, binary content, invalid UTF-8 and raw control characters refused with a clear
// reason and position. Nothing is buffered beyond the cap, so `/dev/zero` or an endless pipe
// costs 32 MiB at most.
import { closeSync, constants as fsConstants, fstatSync, openSync, promises as fs, readFileSync, statSync } from 'node:fs';
import { ByteBuffer } from './byte-buffer.js';
import { controlCharacterAt } from './text-checks.js';

/** Larger inputs are refused (files before reading, streams once they pass it): memory stays bounded. */
export const MAX_FILE_BYTES = 32 * 1024 * 1024;
/** Binary content is recognised by a NUL byte this early (as git and grep do). */
const BINARY_PROBE_BYTES = 8192;
/** Chunk size for streams and special files. */
const CHUNK_BYTES = 1024 * 1024;

export type ReadResult = { text: string } | { error: string; line?: number; column?: number };

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
const tooLarge = (what: string) => ({ error: `${what} above the ${mib(MAX_FILE_BYTES)} limit; split it into smaller files` });

function lineAndColumnOf(bytes: Uint8Array, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The first byte where UTF-8 decoding fails (the fatal decoder does not say where): the lenient
 * decoder marks it with U+FFFD, whose byte offset is that of the text before it re-encoded.
 * A U+FFFD written in the input (EF BF BD) is passed over.
 */
function firstInvalidUtf8(bytes: Uint8Array): number {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  let byte = 0;
  let char = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) {
    byte += Buffer.byteLength(text.slice(char, at));
    char = at;
    if (!(bytes[byte] === 0xef && bytes[byte + 1] === 0xbf && bytes[byte + 2] === 0xbd)) return byte;
  }
  return bytes.length;
}

const binary = (): ReadResult => ({ error: 'binary file (contains NUL bytes), not YAML or JSON' });
const invalidUtf8 = (bytes: Uint8Array): ReadResult => {
  const at = firstInvalidUtf8(bytes);
  return { error: `invalid UTF-8 at byte ${at}`, ...lineAndColumnOf(bytes, at) };
};

/** Text that passed decoding: refused when it holds a character YAML does not allow. */
export function checkManifestText(text: string): ReadResult {
  const bad = controlCharacterAt(text);
  return bad ? { error: bad.message, line: bad.line, column: bad.column } : { text };
}

/** Bytes of a whole input, decoded and checked. */
export function decodeManifestBytes(bytes: Uint8Array): ReadResult {
  if (bytes.subarray(0, BINARY_PROBE_BYTES).includes(0)) return binary();
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return invalidUtf8(bytes);
  }
  return checkManifestText(text);
}

/**
 * Reads a stream of bytes (standard input, a pipe, a device) up to the cap. It stops as soon as
 * the answer is known: at the cap, at a NUL in the first 8 KiB, at the first invalid UTF-8.
 * Decoding as the bytes arrive only checks them; the text is decoded once from all the bytes, as
 * a file's is: strings decoded chunk by chunk and joined grew V8's heap by ~45 MB for 12 MB of
 * text, and it did not shrink for the rest of the run (BENCHMARKS.md, round 8, r8stdin).
 */
export async function readManifestStream(stream: AsyncIterable<Uint8Array>, what = 'input'): Promise<ReadResult> {
  const check = new TextDecoder('utf-8', { fatal: true });
  const read = new ByteBuffer(MAX_FILE_BYTES);
  for await (const chunk of stream) {
    const probed = Math.max(0, BINARY_PROBE_BYTES - read.length);
    if (read.length + chunk.length > MAX_FILE_BYTES) return tooLarge(`${what} is`);
    read.append(chunk);
    if (probed > 0 && chunk.subarray(0, probed).includes(0)) return binary();
    try {
      check.decode(chunk, { stream: true });
    } catch {
      return invalidUtf8(read.bytes());
    }
  }
  try {
    check.decode();
  } catch {
    return invalidUtf8(read.bytes()); // ends in the middle of a character
  }
  return decodeManifestBytes(read.bytes());
}

/** Chunks of an open file until its end (a device or a FIFO has no size to check first). */
async function* chunksOf(handle: fs.FileHandle): AsyncGenerator<Uint8Array> {
  for (;;) {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
    if (bytesRead === 0) return;
    yield buffer.subarray(0, bytesRead);
  }
}

function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file (or a dangling symlink)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'symlink loop';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error.message;
  }
}

/**
 * Reads a file named on the command line or found by the walk (which passes regular files only).
 * Regular files are size-checked before reading; a named device or FIFO (`<(helm template …)`)
 * is streamed with the same cap.
 */
export async function readManifestFile(file: string): Promise<ReadResult> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const stat = await handle.stat();
    if (stat.isDirectory()) return { error: 'is a directory' };
    if (!stat.isFile()) return await readManifestStream(chunksOf(handle), 'special file');
    if (stat.size > MAX_FILE_BYTES) return tooLarge(`file is ${mib(stat.size)},`);
    return decodeManifestBytes(await handle.readFile());
  } catch (error) {
    return { error: `cannot read: ${describeFsError(error as NodeJS.ErrnoException)}` };
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/**
 * readManifestFile without the thread pool, for a regular file it can read: the same result.
 * Undefined for anything else, left to readManifestFile: a FIFO or a device (streamed there; never
 * opened here, so a writer never sees a reader come and go) and every error (reported there, with
 * the same words as always). Plain files are read this way (load/file.ts parseFiles): the first
 * promise-based read starts libuv's thread pool and its FileHandle machinery, 2-8 ms of a cold
 * one-file run (BENCHMARKS.md, issue #22 round 5), and every later one costs the main thread
 * about three times the synchronous calls (round 10, r10wall).
 */
export function readRegularManifestFileSync(file: string): ReadResult | undefined {
  try {
    if (!statSync(file).isFile()) return undefined;
  } catch {
    return undefined;
  }
  const read = regularFileBytes(file);
  if (!read) return undefined;
  return read.bytes ? decodeManifestBytes(read.bytes) : tooLarge(`file is ${mib(read.size)},`);
}

/**
 * A regular file's text for a code frame, read again at report time; undefined for anything else
 * (a FIFO must not be opened twice, a device has no end, a file past the cap is not shown).
 */
export function readRegularFileText(file: string): string | undefined {
  return regularFileBytes(file)?.bytes?.toString('utf8'); // undefined also when gone since the lint: no code frame
}

/** A regular file's size, and its bytes unless past the cap; undefined for anything else or on any error. */
function regularFileBytes(file: string): { size: number; bytes?: Buffer } | undefined {
  let fd: number | undefined;
  try {
    // O_NONBLOCK: opening a FIFO (one put in the file's place, too) must not wait for a writer.
    fd = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK);
    const stat = fstatSync(fd); // the file read below, not whatever the path named a moment ago
    if (!stat.isFile()) return undefined;
    return stat.size > MAX_FILE_BYTES ? { size: stat.size } : { size: stat.size, bytes: readFileSync(fd) };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
