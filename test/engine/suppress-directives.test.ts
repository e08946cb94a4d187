// Suppression directives (`# kubelint-disable…`) in documents the fast path reads with js-yaml
// (flow collections, multi-line plain scalars, CRLF line ends: beyond the block reader) are found
// from the lines, without composing a `yaml` Document, when the document holds no `|` or `>` (no
// block scalar can be there); otherwise the slice is composed, as before. Either way they equal the
// full path's, on generated documents of every directive form.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseFast } from '../../src/load/yaml-fast.js';
import { parseManifestTextFull } from '../../src/load/yaml.js';
import { lint } from '../../src/lint.js';
import type { Source } from '../../src/types.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const source: Source = { kind: 'file', name: 'test.yaml' };
const temp = tempDirs();

/** A small seeded generator (mulberry32): the same texts every run. */
function random(seed: number): { next(): number; pick<T>(items: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: (items) => items[Math.floor(next() * items.length)]! };
}

const DIRECTIVES = [
  'kubelint-disable-next-line image-registry -- mirrored',
  'kubelint-disable-line run-as-non-root',
  'kubelint-disable -- the whole document',
  'kubelint-disable-next-line no-such-rule,image-registry -- a wrong id and a right one',
  'kubelint-disable-next-line all -- a -- b',
  'kubelint-disable-line',
];

/** Lines of a Deployment-like object; js-yaml-only forms (flow collections, a multi-line plain scalar) at random. */
function objectLines(rng: ReturnType<typeof random>, n: number): string[] {
  const lines = ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: web-${n}`];
  lines.push(rng.next() < 0.5 ? '  labels: {app: web, tier: "front # not a comment"}' : '  labels:\n    app: web');
  // A directive line inside a multi-line plain scalar would end it (a YAML error): CONTINUED marks the second line.
  if (rng.next() < 0.4) lines.push('  annotations:', '    description: a note that goes', `${CONTINUED}      on for a second line`);
  lines.push('spec:', '  replicas: 2', '  template:', '    spec:', '      containers:', '        - name: web', '          image: registry.example.com/web:1.2');
  if (rng.next() < 0.5) lines.push('          args: [--port, "8080", "# kubelint-disable-line in quotes"]');
  else lines.push('          args:', '            - --port');
  // Block scalars: their `#` lines are text. A `|` or `>` sends the document to the composed path.
  const r = rng.next();
  if (r < 0.15) lines.push('          command: >', `            # ${rng.pick(DIRECTIVES)}`, '            folded text');
  else if (r < 0.3) lines.push('          command: |', `            # ${rng.pick(DIRECTIVES)}`, '            echo hi');
  else if (r < 0.35) lines.push("          workingDir: '/a|b'");
  lines.push('          ports: [{containerPort: 8080}]');
  return lines.join('\n').split('\n');
}

const CONTINUED = '\u0000';

/** The object with directive comments on their own lines and after values, at random. */
function withDirectives(lines: string[], rng: ReturnType<typeof random>): string[] {
  const out: string[] = [];
  for (const marked of lines) {
    const continued = marked.startsWith(CONTINUED);
    const line = continued ? marked.slice(1) : marked;
    const r = continued ? 1 : rng.next();
    const indent = line.length - line.trimStart().length;
    if (r < 0.15) out.push(`${' '.repeat(rng.pick([0, indent, indent + 2]))}# ${rng.pick(DIRECTIVES)}`);
    out.push(r >= 0.15 && r < 0.25 && !line.trimEnd().endsWith('|') && !line.trimEnd().endsWith('>') ? `${line} #${rng.pick(DIRECTIVES)}` : line);
  }
  return out;
}

const summary = (manifests: ReturnType<typeof parseManifestTextFull>['manifests']) => manifests.map((m) => [m.index, m.lines, m.value, [...m.comments]]);

describe('directives in documents js-yaml reads', () => {
  it('equal the full path, composing only documents with a | or >', () => {
    const rng = random(Number(process.env.SEED ?? 1222));
    let fromLines = 0;
    let directivesFromLines = 0;
    let composedExpected = 0;
    let taken = 0;
    for (let n = 0; n < 600; n++) {
      const documents = [0, 1, 2].slice(0, 1 + Math.floor(rng.next() * 3)).map((i) => withDirectives(objectLines(rng, n * 3 + i), rng).join('\n'));
      let text = `---\n${documents.join('\n---\n')}\n`;
      if (rng.next() < 0.4) text = text.replace(/\n/g, '\r\n');
      let composed = 0;
      const counting = (piece: string, src: Source) => {
        composed++;
        return parseManifestTextFull(piece, src).manifests[0];
      };
      const fast = parseFast(text, source, counting);
      if (!fast) continue; // a text the fast path leaves whole to the full one (its guards)
      taken++;
      const full = parseManifestTextFull(text, source).manifests;
      expect(isDeepStrictEqual(summary(fast!), summary(full)), JSON.stringify(text)).toBe(true);
      // Only documents with a marker and a | or > were composed for their comments.
      const pieces = text.split(/^---\r?$/m).slice(1);
      const expected = pieces.filter((p) => p.includes('kubelint-') && (p.includes('|') || p.includes('>'))).length;
      expect(composed, JSON.stringify(text)).toBe(expected);
      composedExpected += expected;
      for (const [i, piece] of pieces.entries()) {
        if (piece.includes('kubelint-') && !piece.includes('|') && !piece.includes('>')) {
          fromLines++;
          directivesFromLines += fast![i]!.comments.size;
        }
      }
    }
    // The generated set reaches both ways, with directives to find.
    expect(taken).toBeGreaterThan(400);
    expect(fromLines).toBeGreaterThan(300);
    expect(directivesFromLines).toBeGreaterThan(600);
    expect(composedExpected).toBeGreaterThan(100);
  }, 120_000);

  it('suppress findings in a CRLF file with flow collections, composing nothing', async () => {
    const dir = temp('kubelint-directives-');
    const text = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web, namespace: shop}',
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers:',
      '        - name: web',
      '          # kubelint-disable-next-line image-tag-pinned -- pinned by the release tool',
      '          image: web:latest',
      '',
    ].join('\r\n');
    writeFileSync(path.join(dir, 'web.yaml'), text);
    const lf = path.join(dir, 'lf');
    writeFileSync(`${lf}.yaml`, text.replace(/\r\n/g, '\n').replace('          # kubelint-disable-next-line image-tag-pinned -- pinned by the release tool\n', ''));
    let composed = 0;
    const manifests = parseFast(text, source, (piece, src) => {
      composed++;
      return parseManifestTextFull(piece, src).manifests[0];
    })!;
    expect([...manifests[0]!.comments]).toEqual([[11, 'kubelint-disable-next-line image-tag-pinned -- pinned by the release tool']]);
    expect(composed).toBe(0);

    const report = await lint([path.join(dir, 'web.yaml')], { cwd: dir, configFile: false });
    const tagged = report.findings.filter((f) => f.ruleId === 'image-tag-pinned');
    expect(tagged.length).toBe(1);
    expect(tagged[0]!.range?.line).toBe(12);
    expect(tagged[0]!.suppressed).toEqual({ kind: 'comment', reason: 'pinned by the release tool' });
    // Without the directive the finding stands.
    const bare = await lint([`${lf}.yaml`], { cwd: dir, configFile: false });
    expect(bare.findings.filter((f) => f.ruleId === 'image-tag-pinned').map((f) => f.suppressed)).toEqual([undefined]);
  }, 60_000);
});
