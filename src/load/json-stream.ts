// Several JSON documents in one text, each after a `---` line (`kubectl get -o json` output of
// several objects joined into one file, a JSON manifest per document): each read by the JSON path
// (json-fast.ts) in its own slice. `yaml` reads such a stream as documents whose root is a flow
// collection; the full path read it at 6-7x its YAML twin's cost. Only the plainest streams are
// taken: every `---` alone on its line (a CR before the break at most), every document one JSON
// object or array the JSON path takes, nothing else (no empty document, no comment, no `...`).
// test/load/json-stream-differential holds the result to the full path's.
import type { Manifest, Source } from '../types.js';
import { jsonManifest } from './json-fast.js';

/** The manifests of a text that is JSON documents each after a `---` line (the first may have none), or undefined. */
export function jsonStreamManifests(text: string, source: Source): Manifest[] | undefined {
  if (!startsStream(text)) return undefined;
  const manifests: Manifest[] = [];
  // `from`: where the document's slice starts; `line`: the 1-based line of `from`.
  let from = 0;
  let line = 1;
  let marker = false;
  for (;;) {
    const next = nextMarker(text, from);
    const to = next === -1 ? text.length : next;
    // Blank lines before a first marker are no document; anything after a marker is one.
    if (marker || blanksEnd(text, from, to) < to) {
      const manifest = jsonManifest(text.slice(from, to), source, { index: manifests.length, shift: line - 1, marker });
      if (!manifest) return undefined;
      manifests.push(manifest);
    }
    if (next === -1) break;
    line += countBreaks(text, from, next);
    // Past the marker's line: the next document's slice starts below it.
    const markerEnd = text.indexOf('\n', next);
    if (markerEnd === -1) return undefined; // a `---` ending the text: an empty last document
    from = markerEnd + 1;
    line += 1;
    marker = true;
  }
  // One document alone is json-fast's own case (its caller asked it first).
  return manifests.length > 1 ? manifests : undefined;
}

/** True when the text's first content (past blank lines) is a `---` marker line, or opens a JSON collection and a marker line follows. */
function startsStream(text: string): boolean {
  const first = blanksEnd(text, 0, text.length);
  const c = text.charCodeAt(first);
  if (c === 0x2d /* - */) return (first === 0 || text.charCodeAt(first - 1) === 0x0a) && isMarkerLine(text, first);
  return (c === 0x7b || c === 0x5b) && nextMarker(text, 0) !== -1;
}

/** Offset of the first character of text[from, to) that is not a space, a tab or a line break (`to` when none). */
function blanksEnd(text: string, from: number, to: number): number {
  let at = from;
  while (at < to) {
    const c = text.charCodeAt(at);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    at++;
  }
  return at;
}

/**
 * Offset of the next bare `---` line at or after the line start `at`, or -1. A line starting with
 * `---` and more (`--- # c`) is passed over: no JSON line starts so, and its slice is refused.
 */
function nextMarker(text: string, at: number): number {
  if (isMarkerLine(text, at)) return at;
  for (let nl = text.indexOf('\n---', at); nl !== -1; nl = text.indexOf('\n---', nl + 1)) {
    if (isMarkerLine(text, nl + 1)) return nl + 1;
  }
  return -1;
}

/** `---` at `at` with nothing after it on its line but a CR before the break. */
function isMarkerLine(text: string, at: number): boolean {
  if (!text.startsWith('---', at)) return false;
  const c = text.charCodeAt(at + 3);
  return Number.isNaN(c) || c === 0x0a || (c === 0x0d && text.charCodeAt(at + 4) === 0x0a);
}

function countBreaks(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
