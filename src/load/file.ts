// One plain manifest file, read and parsed.
import path from 'node:path';
import type { Source } from '../types.js';
import { mapLimit } from '../shared/map-limit.js';
import { readManifestFile, readRegularManifestFileSync, type ReadResult } from './read.js';
import { parseManifestText, type ParsedText } from './yaml.js';
import type { FastDocument } from './yaml-fast.js';
import { parsedDocumentCache } from '../cache/parsed-documents.js';

/** What findings show for a file: relative to the cwd when inside it, with forward slashes. */
export function displayName(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel.split(path.sep).join('/');
}

/** Files read at once: far below any open-file limit (commonly 1,024, sometimes 256). */
export const READ_CONCURRENCY = 32;

/**
 * Parses files in order, reading each regular file synchronously (read.ts
 * readRegularManifestFileSync) just before parsing it; anything else (a FIFO, a device, an error)
 * is read the promise-based way, a few dozen at a time (thousands at once run out of file
 * descriptors). Reading from the page cache, the synchronous open, fstat, read and close of a file
 * cost the main thread about a third of what the promise-based ones do (their callbacks and
 * FileHandle bookkeeping): 467 files of plain 10,000, read and decoded, ~33 ms CPU against 86-145
 * (BENCHMARKS.md round 10, r10wall). What it gives up: a cold page cache's disk reads no longer
 * overlap the parse.
 */
export function parseFiles(files: readonly string[], cwd: string): Promise<ParsedText[]> {
  return mapLimit(files, READ_CONCURRENCY, async (f) => {
    const read = readRegularManifestFileSync(f);
    return read ? parsedRead(read, displayName(f, cwd)) : parseFile(f, cwd);
  });
}

export async function parseFile(file: string, cwd: string): Promise<ParsedText> {
  return parsedRead(await readManifestFile(file), displayName(file, cwd));
}

function parsedRead(read: ReadResult, name: string): ParsedText {
  if ('error' in read) return { manifests: [], problems: [{ ruleId: 'parse-error', message: read.error, file: name, line: read.line, column: read.column }] };
  return parseFileText(read.text, name);
}

/** A file's text parsed as loading parses it (--changed parses a changed file while indexing it). */
export function parseFileText(text: string, name: string): ParsedText {
  const source: Source = { kind: 'file', name };
  const parsed = parseManifestText(text, source, parsedDocumentCache<FastDocument>());
  if (parsed.manifests.length === 0 && parsed.problems.length === 0) {
    parsed.problems.push({ ruleId: 'empty-input', message: 'no Kubernetes documents in this file', file: name });
  }
  return parsed;
}
