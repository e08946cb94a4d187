// Parses manifest text the way Kubernetes reads it (YAML 1.1, merge keys, unique keys) into
// Manifests that can locate any JSON path. Problems become violations, never exceptions.
import { isCollection, isPair, isScalar, LineCounter, parseAllDocuments, visit, type Document, Scalar, type Tags } from 'yaml';
import type { JsonPath, Location, Manifest, Source, Violation } from '../types.js';
import { jsonManifest } from './json-fast.js';
import { jsonStreamManifests } from './json-stream.js';
import { locateInDocument } from './locate.js';
import { fastManifests, parseFast, readFast, type FastDocument } from './yaml-fast.js';
import type { TextCache } from '../cache/parsed-documents.js';
import { DIRECTIVE_MARKER, directiveComments, type LineStart } from './yaml-comments.js';
import { firstDuplicateKey, measureValue, nestingPastLimit } from './yaml-guards.js';
import { FLOAT_WITH_EXPONENT, FLOAT_WITH_POINT } from './yaml11.js';
import { expandsTooFar, MAX_ALIAS_COUNT, MAX_DEPTH } from './yaml-limits.js';
import { applyGoMergeOrder, mergeOrderMatters } from './yaml-merge-order.js';

/** The `yaml` package's YAML 1.1 float patterns that take a mantissa with no digit (`.`, `e5`), and Kubernetes' in their place. */
const KUBERNETES_FLOATS = new Map([
  [String(/^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/), FLOAT_WITH_EXPONENT],
  [String(/^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/), FLOAT_WITH_POINT],
]);

/**
 * The `yaml` package's YAML 1.1 tags as Kubernetes reads plain scalars: timestamps stay strings
 * (creationTimestamp: 2024-01-01T00:00:00Z), and a float needs a digit (yaml11.ts).
 */
export function kubernetesTags(tags: Tags): Tags {
  return tags
    .filter((t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:timestamp')
    .map((t) => {
      if (typeof t === 'string' || !('test' in t) || !t.test) return t;
      const test = KUBERNETES_FLOATS.get(String(t.test));
      return test ? { ...t, test } : t;
    });
}

// The limits live in yaml-limits.ts (the fast path's anchored documents use them too); exported here as before.
export { ALIAS_EXPANSION_FLOOR, MAX_ALIAS_COUNT, MAX_ALIAS_EXPANSION, MAX_DEPTH } from './yaml-limits.js';

export interface ParsedText {
  manifests: Manifest[];
  problems: Violation[];
}

function problem(source: Source, message: string, line?: number, column?: number): Violation {
  return { ruleId: 'parse-error', message, file: source.name, line, column };
}

const tooDeep = `document nests deeper than ${MAX_DEPTH} levels`;

function firstLine(message: string): string {
  return message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Directive comments by line, for in-source suppressions. A line is read as the scalar spanning
 * it makes it (LineStart): a block scalar's lines, from the one below its header to the one
 * holding its last character (range[1] is past it, often at the start of the next line, which is
 * not the scalar's), are text; a line continuing a quoted scalar is text up to its closing quote,
 * and one continuing a plain scalar is text up to its first ` #`.
 */
function commentsOf(doc: Document, text: string, lines: LineCounter, from: number, to: number): Map<number, string> {
  if (!text.slice(from, to).includes(DIRECTIVE_MARKER)) return new Map();
  const spans: Scalar[] = [];
  visit(doc, {
    Scalar(_key, node) {
      const range = node.range;
      if (range && text.indexOf('\n', range[0]) !== -1 && text.indexOf('\n', range[0]) < range[1]) spans.push(node);
    },
  });
  const lineStart = (offset: number): LineStart => {
    for (const { type, range } of spans) {
      const [start, end] = range!;
      if (offset <= start || offset >= end) continue;
      if (type === Scalar.BLOCK_LITERAL || type === Scalar.BLOCK_FOLDED) return 'content';
      return type === Scalar.PLAIN ? 'plain' : end;
    }
    return 'line';
  };
  // No line of a composed document is 'unsure': the map is always there.
  return directiveComments(text, from, to, lines.linePos(from).line, lineStart)!;
}

function lineSpan(lines: LineCounter, doc: Document, text: string): { start: number; end: number; from: number; to: number } {
  const [from, , to] = doc.range ?? [0, 0, text.length];
  const end = text[to - 1] === '\n' ? to - 1 : to;
  return { start: lines.linePos(from).line, end: lines.linePos(end).line, from, to };
}

function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** The full path for one document's slice, for the fast path's lazy locate and comments. */
function composeDocument(pieceText: string, source: Source): Manifest | undefined {
  return parseComposed(pieceText, source).manifests[0]; // the whole text passed nestingPastLimit
}

/**
 * KUBELINT_PARSE=full: every text takes the full `yaml` path, for tests only (test/load/paths-cli
 * compares the CLI's reports with the fast path off and on; they must be byte-identical).
 */
const FULL_PATH_ONLY = process.env.KUBELINT_PARSE === 'full';

/**
 * Parses every document of a text. Empty documents (`---` alone, comments only) are skipped.
 * Simple texts take the fast path (js-yaml values, `yaml` Documents composed only on demand);
 * anything else the full `yaml` path. Both give the same manifests.
 */
export function parseManifestText(rawText: string, source: Source, cache?: DocumentCache): ParsedText {
  if (FULL_PATH_ONLY) return parseManifestTextFull(rawText, source);
  const text = stripBom(rawText);
  // One JSON object or array: JSON.parse, as fast as reading stored documents (so never stored).
  const json = jsonManifest(text, source);
  if (json) return { manifests: [json], problems: [] };
  // JSON documents after `---` lines, each read so.
  const stream = jsonStreamManifests(text, source);
  if (stream) return { manifests: stream, problems: [] };
  // A text read before comes back as it was read: the same text always takes the same path.
  const known = cache?.read(text);
  if (known) return { manifests: fastManifests(text, known, source, composeDocument), problems: [] };
  const deep = refuseDeep(text, source);
  if (deep) return deep;
  const documents = readFast(text);
  if (!documents) return parseComposed(text, source);
  cache?.write(text, documents);
  return { manifests: fastManifests(text, documents, source, composeDocument), problems: [] };
}

/** The documents of texts the fast path read before, by content (cache/parsed-documents.ts). */
export type DocumentCache = TextCache<FastDocument>;

/**
 * Parse options for every `yaml` call: problems become findings, never process warnings (the
 * package's default log level prints Node warnings on stderr, e.g. for a collection as a key).
 */
export const QUIET_YAML = { logLevel: 'error' } as const;

/** Offset of the first mapping key that is a map or a sequence, if any. */
function firstCollectionKey(doc: Document): number | undefined {
  let found: number | undefined;
  visit(doc, {
    Pair(_key, pair) {
      if (isPair(pair) && isCollection(pair.key)) {
        found = pair.key.range?.[0] ?? 0;
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** Refused before any parser runs: parsing such nesting costs far more than the text's size. */
function refuseDeep(text: string, source: Source): ParsedText | undefined {
  const deep = nestingPastLimit(text, MAX_DEPTH + 1);
  return deep && { manifests: [], problems: [problem(source, tooDeep, deep.line, deep.column)] };
}

/** The full `yaml` path: every document composed with node ranges. Exported for differential tests. */
export function parseManifestTextFull(rawText: string, source: Source): ParsedText {
  const text = stripBom(rawText);
  return refuseDeep(text, source) ?? parseComposed(text, source);
}

function parseComposed(text: string, source: Source): ParsedText {
  const lines = new LineCounter();
  const manifests: Manifest[] = [];
  const problems: Violation[] = [];
  let docs: Document.Parsed[];
  try {
    docs = parseAllDocuments(text, {
      ...QUIET_YAML,
      version: '1.1',
      merge: true,
      // Duplicate keys are found by firstDuplicateKey: the package's check is quadratic in a mapping's keys.
      uniqueKeys: false,
      lineCounter: lines,
      prettyErrors: false,
      customTags: kubernetesTags,
    }) as Document.Parsed[];
  } catch (error) {
    return { manifests, problems: [problem(source, `cannot parse: ${(error as Error).message}`)] };
  }
  if (!Array.isArray(docs)) docs = [docs];
  docs.forEach((doc, index) => {
    const [firstError] = doc.errors;
    const duplicate = firstDuplicateKey(doc);
    if (duplicate !== undefined && !(firstError && firstError.pos[0] < duplicate)) {
      const pos = lines.linePos(duplicate);
      problems.push(problem(source, 'invalid YAML: Map keys must be unique', pos.line, pos.col));
      return;
    }
    if (firstError) {
      // Stack exhaustion happens wherever the stack ran out, which varies from run to run:
      // report it at the document's start, so the position is stable.
      const exhausted = firstError.code === 'RESOURCE_EXHAUSTION';
      const pos = lines.linePos(exhausted ? (doc.range?.[0] ?? 0) : firstError.pos[0]);
      const reason = exhausted ? 'document nests too deeply' : firstLine(firstError.message);
      problems.push(problem(source, `invalid YAML: ${reason}`, pos.line, pos.col));
      return;
    }
    if (doc.contents === null || (isScalar(doc.contents) && doc.contents.value === null)) return;
    const span = lineSpan(lines, doc, text);
    const collectionKey = firstCollectionKey(doc);
    if (collectionKey !== undefined) {
      // kubectl's decoder (sigs.k8s.io/yaml) refuses such a key; `yaml` would stringify it.
      const pos = lines.linePos(collectionKey);
      problems.push(problem(source, 'invalid YAML: a mapping key is a collection; Kubernetes accepts only scalar keys', pos.line, pos.col));
      return;
    }
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (error) {
      const bomb = /alias count/i.test((error as Error).message);
      const reason = bomb ? `more than ${MAX_ALIAS_COUNT} alias expansions (alias bomb refused)` : (error as Error).message;
      problems.push(problem(source, `invalid YAML: ${reason}`, span.start, 1));
      return;
    }
    const shape = measureValue(value, MAX_DEPTH);
    if (shape.depth > MAX_DEPTH) {
      problems.push(problem(source, tooDeep, span.start, 1));
      return;
    }
    if (expandsTooFar(shape)) {
      const n = (x: number) => x.toLocaleString('en-US');
      const reason = `aliases expand this document to ${n(shape.expanded)} nodes from ${n(shape.written)} written (alias bomb refused)`;
      problems.push(problem(source, `invalid YAML: ${reason}`, span.start, 1));
      return;
    }
    if (mergeOrderMatters(doc)) {
      // A `<<` after another key of its map: read it as kubectl does (yaml-merge-order.ts), within the bounds checked above.
      applyGoMergeOrder(doc);
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    }
    const locate = (path: JsonPath): Location => {
      const hit = locateInDocument(doc, lines, text, path);
      return { file: source.name, range: hit?.range };
    };
    manifests.push({
      source,
      index,
      value,
      lines: { start: span.start, end: span.end },
      locate,
      comments: commentsOf(doc, text, lines, span.from, span.to),
    });
  });
  return { manifests, problems };
}

/** The fast path alone: manifests, or undefined when the text needs the full path (for tests). */
export function parseManifestTextFast(rawText: string, source: Source): Manifest[] | undefined {
  return parseFast(stripBom(rawText), source, composeDocument);
}
