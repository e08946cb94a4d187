// Parses a rendered stream (helm template, kustomize build, or either piped to stdin) and maps each
// document back to the file it came from: `# Source:` comments (Helm) and
// `config.kubernetes.io/origin` annotations (Kustomize, stripped from the linted object).
import { parse as parseYaml } from 'yaml';
import type { JsonPath, Location, Manifest, Source } from '../types.js';
import { outlineTemplate } from './template-outline.js';
import { QUIET_YAML, parseManifestText, type ParsedText } from './yaml.js';
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

/** The `# Source:` comment heading each document, by the document's first line. */
function helmSources(text: string, manifests: Manifest[]): Map<Manifest, string> {
  const lines = text.split('\n');
  const found = new Map<Manifest, string>();
  let from = 0;
  for (const manifest of manifests) {
    for (let l = from; l < manifest.lines.end && l < lines.length; l++) {
      const match = /^# Source: (.+?)\s*$/.exec(lines[l]!);
      if (match) {
        found.set(manifest, match[1]!);
        break;
      }
    }
    from = manifest.lines.end;
  }
  return found;
}

/**
 * Parses a rendered stream. Each document is offered to `mapper`; documents it does not map keep
 * their rendered-text positions, with a note naming the file they were rendered from.
 */
export function parseRendered(text: string, source: Source, mapper: DocumentMapper): ParsedText {
  const parsed = parseManifestText(text, source);
  const sources = helmSources(text, parsed.manifests);
  const manifests = parsed.manifests.map((manifest): Manifest => {
    const doc: RenderedDocument = { manifest, helmSource: sources.get(manifest), kustomizeOrigin: takeKustomizeOrigin(manifest.value) };
    const mapped = mapper(doc);
    // Rendered-output comments are keyed by lines of no file a finding names: never reuse them.
    if (mapped) return { ...manifest, locate: mapped.locate, comments: mapped.comments ?? new Map(), lines: mapped.lines ?? manifest.lines };
    const from = doc.helmSource ?? doc.kustomizeOrigin?.path ?? doc.kustomizeOrigin?.configuredIn ?? doc.kustomizeOrigin?.repo;
    if (source.kind === 'stdin') {
      // A stream without `# Source:` or origin annotations cannot be traced to files (README: stdin).
      const note = from ? `rendered from ${from}` : STDIN_NOTE;
      return { ...manifest, locate: (path) => ({ ...manifest.locate(path), note }) };
    }
    // A render's output is no file anyone can open: name the chart/overlay, and the rendered line in the note.
    const locate = (path: JsonPath): Location => {
      const line = manifest.locate(path).range?.line;
      const at = line === undefined ? '' : `line ${line} of the rendered output`;
      return { file: source.name, note: [from && `rendered from ${from}`, at].filter(Boolean).join(', ') };
    };
    return { ...manifest, locate, comments: new Map() };
  });
  return { manifests, problems: parsed.problems };
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
