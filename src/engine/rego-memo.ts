// The Rego evaluation's results kept by their input in the user's cache folder (`rego/`): a warm
// run whose evaluation input is byte for byte one an earlier run evaluated reads that run's results
// instead of evaluating the compiled policy again (plain 1,000 warm: the evaluation was ~60 ms of a
// ~215 ms main thread, and a run that evaluates nothing makes no wasm instance either). An
// evaluation is a function of the policy's bytes, its entrypoint and the input bytes (the objects,
// rule options, enabled rules, Pod Security policy: rego-input.ts), so those name the entry, with
// kubelint's build (its decoding of results may change). Entries are V8's serialization of the
// result (what JSON would lose, -0, is kept), signed with the per-user key (cache/auth.ts) over name
// and body: anything that does not verify, or is not a result, is evaluated again.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DocumentsHome } from '../cache/parsed-documents.js';
import { pruneFolderOnce } from '../cache/prune.js';
import { nameBound, readSignedSerializedArray, writeSignedSerialized } from '../cache/signed-file.js';

const FORMAT = 1;
const DAY = 24 * 60 * 60 * 1000;

/**
 * Entries kept: the newest by when they were made, none older than 30 days, 64 MiB at most, looked
 * at once a day at most. An entry is one evaluation unit (a batch, or a chunk of namespaces of a
 * large one, rego-chunks.ts): 1.3 KB to 1 MB over bench/cli/output-diff.mjs's inputs (the corpus
 * shapes at 100 and 1,000, fixtures/, manifests/), median 4.7 KB; the largest are units of
 * thousands of findings (legacy 10,000 --preset all, one thread: 20 entries, 25 MB), so a count
 * alone let the folder reach ~1.3 GB; the byte bound holds two such runs and is the parsed
 * documents store's order (text-sightings.ts).
 */
export const PRUNE_REGO_RESULTS = { keep: 1_000, maxAgeMs: 30 * DAY, maxBytes: 64 * 1024 * 1024, everyMs: DAY, ext: '.bin' };

/** The user's cache folder, key and kubelint's build: what the parsed-documents store is given too. */
export type RegoResultsHome = DocumentsHome;

let home: RegoResultsHome | undefined;

/** Turns the store on for this process (the CLI does; the API and the webhook evaluate every time). */
export function useRegoResultStore(to: RegoResultsHome | undefined): void {
  home = to;
}

/** The store's folder, key and build when it is on. */
export function regoResultsHome(): RegoResultsHome | undefined {
  return home;
}

/** What this process found in the store and put in it (tests, and the benchmarks' view). */
export const regoResultStoreUse = { read: 0, written: 0 };

/** The store's file for this evaluation. */
function entryFile(at: RegoResultsHome, policy: string, entrypoint: string, input: Uint8Array | string): string {
  // A string is hashed as its UTF-8 bytes: the name of its encoding.
  const name = createHash('sha256').update(JSON.stringify([FORMAT, at.version, policy, entrypoint])).update('\u0000').update(input).digest('hex');
  return path.join(at.dir, 'rego', `${name}.bin`);
}

/** One evaluation's entry in the store: its stored results, if any, and how to keep new ones. */
export interface RegoResultEntry<T> {
  /** The stored results (they passed `valid`), or undefined. */
  readonly stored: T | undefined;
  /** Stores `results` for the next run; a store that cannot be written costs the next run time, never this run. */
  keep(results: T): void;
}

/**
 * The store's entry for evaluating `input` at `entrypoint` of the policy whose bytes hash to
 * `policy`, read now (`valid` says what a result must look like); undefined when the store is off.
 * The input is hashed here: an input moved to another thread afterwards is still kept by its name.
 * `input` may be the input's JSON text: the entry of its UTF-8 bytes (no encoded copy made).
 */
export function regoResultEntry<T>(policy: string, entrypoint: string, input: Uint8Array | string, valid: (value: unknown) => value is T): RegoResultEntry<T> | undefined {
  const at = home;
  if (!at) return undefined;
  const file = entryFile(at, policy, entrypoint, input);
  const stored = storedAt(at, file, valid);
  return {
    stored,
    keep(results: T): void {
      try {
        writeSignedSerialized(file, at.secret, [results]);
        regoResultStoreUse.written++;
        pruneFolderOnce(path.dirname(file), PRUNE_REGO_RESULTS);
      } catch {
        // a read-only or full cache folder: evaluated again next time
      }
    },
  };
}

function storedAt<T>(at: RegoResultsHome, file: string, valid: (value: unknown) => value is T): T | undefined {
  const read = readSignedSerializedArray<unknown>(file, at.secret, nameBound(file));
  const stored = read && read.length === 1 && valid(read[0]) ? read[0] : undefined;
  if (stored !== undefined) regoResultStoreUse.read++;
  return stored;
}

/**
 * Where the results of evaluating `input` (as regoResultEntry) are stored, and whether an entry is
 * there, without reading it: to count a batch's misses before anything is read (engine/rego.ts).
 * `input` may be the input's JSON text (no encoded copy made). Undefined when the store is off.
 */
export function regoResultPlace(policy: string, entrypoint: string, input: Uint8Array | string): { file: string; present: boolean } | undefined {
  const at = home;
  if (!at) return undefined;
  const file = entryFile(at, policy, entrypoint, input);
  return { file, present: existsSync(file) };
}

/** The results stored at `place.file` when they verify and pass `valid` (an entry for the same home), else undefined. */
export function regoResultAt<T>(place: { file: string }, valid: (value: unknown) => value is T): T | undefined {
  return home ? storedAt(home, place.file, valid) : undefined;
}

/**
 * The results of evaluating `input` at `entrypoint` of the policy whose bytes hash to `policy`:
 * the stored ones when the store is on and holds them (`valid` says what a result must look like),
 * else `evaluate()`'s, stored for the next run. What `evaluate` throws is thrown and nothing is
 * stored; a store that cannot be written costs the next run time, never this run. `entry`: the
 * input's entry when the caller looked it up already (regoResultEntry, from its text).
 */
export function storedOrEvaluated<T>(
  policy: string,
  entrypoint: string,
  input: Uint8Array,
  valid: (value: unknown) => value is T,
  evaluate: () => T,
  entry = regoResultEntry(policy, entrypoint, input, valid),
): T {
  if (!entry) return evaluate();
  if (entry.stored !== undefined) return entry.stored;
  const results = evaluate();
  entry.keep(results);
  return results;
}
