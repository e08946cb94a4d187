// Parses a rendered stream (helm template, kustomize build, or either piped to stdin) and maps each
// document back to the file it came from: `# Source:` comments (Helm) and
// `config.kubernetes.io/origin` annotations (Kustomize, stripped from the linted object).
import { parse as parseYaml } from 'yaml';
import type { JsonPath, Location, Manifest, Source, Violation } from '../types.js';
import { outlineTemplate } from './template-outline.js';
import { QUIET_YAML, parseManifestText, type ParsedText } from './yaml.js';
import { helmSources } from './helm-sources.js';
import { isRecord } from '../shared/records.js';

export const ORIGIN_ANNOTATION = 'config.kubernetes.io/origin';
/** Added by `buildMetadata: [transformerAnnotations]`; only noise for rules. */
const TRANSFORMATIONS_ANNOTATION = 'alpha.config.kubernetes.io/transformations';

/** Kustomize's record of where a resource came from (paths relative to the kustomization built). */
export interface KustomizeOrigin {
  path?: string;
  configuredIn?: string;
  configuredBy?: { kind?: string; name?: string };
  repo?: string;
}

/** What a mapper gives a rendered document in place of its rendered-text positions. */
export interface MappedDocument {
  locate(path: JsonPath): Location;
  comments?: ReadonlyMap<number, string>;
  lines?: { start: number; end: number };
}

export interface RenderedDocument {
  manifest: Manifest;
  /** The `# Source:` path of a Helm document. */
  helmSource?: string;
  kustomizeOrigin?: KustomizeOrigin;
}

/** Why a finding on piped input points into the stream, and how to get file positions. */
export const STDIN_NOTE =
  'position in standard input; `kustomize build` output maps back to its files only when built with origin annotations (buildMetadata: [originAnnotations])';

export type DocumentMapper = (doc: RenderedDocument) => MappedDocument | undefined;


/** Reads and removes kustomize's build annotations, dropping `annotations` if nothing else is left. */
export function takeKustomizeOrigin(value: unknown): KustomizeOrigin | undefined {
  const metadata = isRecord(value) && isRecord(value.metadata) ? value.metadata : undefined;
  const annotations = metadata && isRecord(metadata.annotations) ? metadata.annotations : undefined;
  if (!annotations || !(ORIGIN_ANNOTATION in annotations)) return undefined;
  const raw = annotations[ORIGIN_ANNOTATION];
  delete annotations[ORIGIN_ANNOTATION];
  delete annotations[TRANSFORMATIONS_ANNOTATION];
  if (Object.keys(annotations).length === 0) delete metadata!.annotations;
  try {
    const origin = typeof raw === 'string' ? (parseYaml(raw, QUIET_YAML) as unknown) : undefined;
    return isRecord(origin) ? (origin as KustomizeOrigin) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A stdin document's location with its note, in the place `{ ...at, note }` would put it. The
 * parsers (yaml.ts, yaml-fast.ts) make a new location on every call, so the note is added to it.
 * A copy would read the range, which most callers never ask for (suppressions and the inventory
 * ask every document for its file only), or cost a second object with a getter: on 10,000
 * documents the first raised the peak by ~20 MiB, the second allocated 10 MB more while reporting.
 */
function noted(at: Location, note: string): Location {
  at.note = note;
  return at;
}

/** A rendered stream parsed once: its documents, each with where it was rendered from, and its problems. */
export interface RenderedDocuments {
  documents: RenderedDocument[];
  problems: Violation[];
}

/**
 * Parses a rendered stream into documents, taking each one's `# Source:` comment and origin
 * annotation. Mapping is a separate step (mapRendered), so a caller that must see every
 * document's origin before choosing a mapper (stdin) parses the text only once.
 */
export function renderedDocuments(text: string, source: Source): RenderedDocuments {
  const parsed = parseManifestText(text, source);
  const sources = helmSources(text, parsed.manifests);
  const documents = parsed.manifests.map((manifest, i): RenderedDocument => ({ manifest, helmSource: sources[i], kustomizeOrigin: takeKustomizeOrigin(manifest.value) }));
  return { documents, problems: parsed.problems };
}

/**
 * Maps parsed documents. Each document is offered to `mapper`; documents it does not map keep
 * their rendered-text positions, with a note naming the file they were rendered from.
 */
export function mapRendered(rendered: RenderedDocuments, source: Source, mapper: DocumentMapper): ParsedText {
  const manifests = rendered.documents.map((doc): Manifest => {
    const { manifest } = doc;
    const mapped = mapper(doc);
    // Rendered-output comments are keyed by lines of no file a finding names: never reuse them.
    if (mapped) return { ...manifest, locate: mapped.locate, comments: mapped.comments ?? new Map(), lines: mapped.lines ?? manifest.lines };
    const from = doc.helmSource ?? doc.kustomizeOrigin?.path ?? doc.kustomizeOrigin?.configuredIn ?? doc.kustomizeOrigin?.repo;
    if (source.kind === 'stdin') {
      // A stream without `# Source:` or origin annotations cannot be traced to files (README: stdin).
      const note = from ? `rendered from ${from}` : STDIN_NOTE;
      return { ...manifest, locate: (path) => noted(manifest.locate(path), note) };
    }
    // A render's output is no file anyone can open: name the chart/overlay, and the rendered line in the note.
    const locate = (path: JsonPath): Location => {
      const line = manifest.locate(path).range?.line;
      const at = line === undefined ? '' : `line ${line} of the rendered output`;
      return { file: source.name, note: [from && `rendered from ${from}`, at].filter(Boolean).join(', ') };
    };
    return { ...manifest, locate, comments: new Map() };
  });
  return { manifests, problems: rendered.problems };
}

/** Parses a rendered stream and maps its documents (renderedDocuments, then mapRendered). */
export function parseRendered(text: string, source: Source, mapper: DocumentMapper): ParsedText {
  return mapRendered(renderedDocuments(text, source), source, mapper);
}

/**
 * Comments of a template for in-source suppressions: YAML `#` comments (on their own line or
 * trailing a key) and template comments `{{/* ... *\/}}`, keyed by line.
 */
export function templateComments(text: string): Map<number, string> {
  const comments = new Map<number, string>();
  for (const e of outlineTemplate(text)) {
    if (e.kind === 'text') continue;
    const templated = /\{\{-?\s*\/\*\s*([\s\S]*?)\s*\*\/\s*-?\}\}/.exec(e.text);
    if (templated) {
      comments.set(e.line, templated[1]!);
      continue;
    }
    const yamlComment = e.kind === 'comment' ? /^\s*#(.*)$/.exec(e.text) : /\s#(.*)$/.exec(e.text.replace(/"(?:[^"\\]|\\.)*"|'[^']*'/g, '""'));
    if (yamlComment) comments.set(e.line, yamlComment[1]!.trim());
  }
  return comments;
}
