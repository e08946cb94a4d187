// The first difference between the fast and the full parse path on one text, as a sentence, or
// undefined when they read it alike: values with their types, each document's index and lines,
// its directive comments, the location of every path, and refusals (a text the full path reports a
// problem for must not be taken by the fast path). Used by paths-differential.test.ts.
import { isDeepStrictEqual } from 'node:util';
import { Lexer } from 'yaml';
import type { JsonPath, Manifest, Source } from '../../src/types.js';
import { parseManifestTextFast, parseManifestTextFull } from '../../src/load/yaml.js';

const source: Source = { kind: 'file', name: 'paths.yaml' };

/** Every path into a value, plus one missing child per container (to exercise the ancestor fallback). */
export function allPaths(value: unknown, prefix: JsonPath = [], out: JsonPath[] = []): JsonPath[] {
  out.push(prefix);
  if (Array.isArray(value)) {
    value.forEach((item, i) => allPaths(item, [...prefix, i], out));
    out.push([...prefix, value.length]);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) allPaths(item, [...prefix, key], out);
    out.push([...prefix, 'kubelint-missing-key']);
  }
  return out;
}

export interface PathsOutcome {
  /** Whether the fast path took the text (else the full path reads it, by construction alike). */
  fast: boolean;
  difference?: string;
}

export function comparePaths(text: string): PathsOutcome {
  const fast = parseManifestTextFast(text, source);
  const full = parseManifestTextFull(text, source);
  // The lexer's reading of what follows an error is no truth: only texts without one are checked.
  const lexed = full.problems.length === 0 ? lexedDirectives(text) : undefined;
  const wrong = lexed && full.manifests.map((m) => directivesDiffer(m, lexed)).find((d) => d !== undefined);
  if (!fast) return { fast: false, difference: wrong && `full path: ${wrong}` };
  if (full.problems.length > 0) return { fast: true, difference: `the fast path took a text the full path refuses: ${JSON.stringify(full.problems[0])}` };
  return { fast: true, difference: manifestsDiffer(fast, full.manifests) ?? (wrong && `both paths: ${wrong}`) };
}

function manifestsDiffer(fast: Manifest[], full: Manifest[]): string | undefined {
  const indexes = [fast.map((m) => m.index), full.map((m) => m.index)];
  if (!isDeepStrictEqual(indexes[0], indexes[1])) return `documents ${JSON.stringify(indexes[0])} vs ${JSON.stringify(indexes[1])}`;
  for (const [i, m] of fast.entries()) {
    const f = full[i]!;
    const doc = `document ${m.index}`;
    if (!isDeepStrictEqual(m.value, f.value)) return `${doc}: value ${JSON.stringify(m.value)} vs ${JSON.stringify(f.value)}`;
    if (!isDeepStrictEqual(m.lines, f.lines)) return `${doc}: lines ${JSON.stringify(m.lines)} vs ${JSON.stringify(f.lines)}`;
    const comments = [[...m.comments], [...f.comments]];
    if (!isDeepStrictEqual(comments[0], comments[1])) return `${doc}: comments ${JSON.stringify(comments[0])} vs ${JSON.stringify(comments[1])}`;
    for (const p of allPaths(f.value)) {
      const [a, b] = [m.locate(p).range, f.locate(p).range];
      if (!isDeepStrictEqual(a, b)) return `${doc}: locate ${JSON.stringify(p)} ${JSON.stringify(a)} vs ${JSON.stringify(b)}`;
    }
  }
  return undefined;
}

/**
 * The directive comments the `yaml` package's own lexer sees, by line: the truth both paths'
 * line scan (load/yaml-comments.ts) must agree with. Its control tokens have no width.
 */
export function lexedDirectives(rawText: string): Map<number, string> {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const found = new Map<number, string>();
  let [at, line] = [0, 1];
  for (const token of new Lexer().lex(text)) {
    if (token.length === 1 && token.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(token)) continue;
    const comment = token.startsWith('#') ? token.slice(1).trim() : '';
    if (comment.startsWith('kubelint-')) found.set(line, comment);
    for (let i = token.indexOf('\n'); i !== -1; i = token.indexOf('\n', i + 1)) line++;
    at += token.length;
  }
  return found;
}

/** A manifest's directives against the lexer's on the lines the manifest spans. */
function directivesDiffer(m: Manifest, lexed: Map<number, string>): string | undefined {
  for (const [line, comment] of m.comments) {
    if (lexed.get(line) !== comment) return `document ${m.index}: line ${line} read as the directive ${JSON.stringify(comment)}, the lexer sees ${JSON.stringify(lexed.get(line))}`;
  }
  for (const [line, comment] of lexed) {
    if (line >= m.lines.start && line <= m.lines.end && !m.comments.has(line)) return `document ${m.index}: the directive ${JSON.stringify(comment)} on line ${line} missed`;
  }
  return undefined;
}
