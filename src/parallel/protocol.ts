// Messages between the main thread and the parse workers. Everything crossing the boundary is plain
// data (structured clone): values, line spans, comments, ranges; never functions or yaml Documents.
import type { ResolvedConfig } from '../config/types.js';
import type { JsonPath, SourceRange, Violation } from '../types.js';

/** A manifest as it crosses from a worker: what the main thread needs, minus `locate`. */
export interface WireManifest {
  index: number;
  value: unknown;
  lines: { start: number; end: number };
  comments: Array<[number, string]>;
}

export interface WireFile {
  manifests: WireManifest[];
  /** Loading problems (parse errors, unreadable or empty files): plain, no manifest references. */
  problems: Violation[];
  /** The `scope: resource` Rego rules' violations in this file's resources. */
  violations: WireViolation[];
}

/** A violation of a `scope: resource` Rego rule found by a worker on its own files. */
export interface WireViolation {
  /** The file (index in the main thread's file list) and the resource's position among its resources. */
  file: number;
  ordinal: number;
  ruleId: string;
  message: string;
  path: JsonPath;
}

export interface LocateRequest {
  file: number;
  /** Position of the manifest in the file's manifest list (not its document index). */
  manifest: number;
  path: JsonPath;
}

export type ToWorker =
  /** First message: display names are relative to `cwd`; `config` enables only per-resource rules. */
  | { t: 'init'; cwd: string; config: ResolvedConfig }
  | { t: 'parse'; file: number; path: string }
  /** After the last parse: locate the worker's own violations (while the main thread checks the batch). */
  | { t: 'own-ranges' }
  | { t: 'locate'; requests: LocateRequest[] };

export type FromWorker =
  | { t: 'ready' }
  | { t: 'parsed'; file: number; result: WireFile }
  | { t: 'located'; ranges: Array<SourceRange | null> }
  | { t: 'own-ranges'; located: Array<LocateRequest & { range: SourceRange | null }> }
  | { t: 'fail'; message: string };

/** The key a path's location is cached under (numbers and numeric strings stay distinct). */
export const pathKey = (path: JsonPath): string => JSON.stringify(path);
