#!/usr/bin/env node
// Twins of a shape holding what real tools write and the fast parse path refused (issue #22,
// round 16). From bench/corpus/shapes/<shape>/<size>, each Deployment and ConfigMap gains, by kind:
//   folded:  long annotation values as go-yaml's emitter (Helm's `toYaml`, kubectl) writes a string
//            past 80 columns: a double-quoted scalar broken at spaces onto more indented lines, a
//            `\` before a line starting with a space, and a multi-line plain scalar;
//   anchors: a hand-kept file's shared labels: a Deployment's `&labels` merged (`<<: *labels`) into
//            its pod template's labels;
//   jsonstream: the file's documents as `kubectl get -o json` writes each, one after another with `---`.
//
//   node bench/corpus-gen/rendered-twins.mjs [--shapes plain] [--sizes 1000] [--kinds folded,anchors,jsonstream]
//
// Writes bench/corpus/shapes-<kind>/<shape>/<size>/ (git-ignored, needs `npm run build` for
// jsonstream): `ab.mjs --corpus bench/corpus/shapes-folded --shapes plain`; against the shape
// itself: `twin-ratio.mjs --kinds folded,anchors,jsonstream --shapes plain`.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERED_KINDS = ['folded', 'anchors', 'jsonstream'];

const WORDS = 'serves the catalog API for the storefront and admin console: reads orders from the queue, writes them to the store, reports health on /healthz and is paged through the on-call rotation of its team'.split(' ');

/**
 * A double-quoted scalar as go-yaml's emitter folds one: a break replaces a space once the column
 * passes 80; the next line is indented two past the key, and starts with `\` when the text there
 * starts with a space (a break would drop it).
 */
export function goDoubleQuoted(value, column, indent) {
  let out = '"';
  let col = column + 1;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === ' ' && col > 80 && i !== 0 && i !== value.length - 1 && value[i - 1] !== ' ') {
      out += `\n${' '.repeat(indent)}`;
      col = indent;
      if (value[i + 1] === ' ') {
        out += '\\';
        col++;
      }
      continue;
    }
    const escaped = c === '"' || c === '\\' ? `\\${c}` : c;
    out += escaped;
    col += escaped.length;
  }
  return `${out}"`;
}

/** A plain scalar folded the same way (breaks at single spaces past column 80). */
export function goPlain(value, column, indent) {
  let out = '';
  let col = column;
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === ' ' && col > 80 && value[i + 1] !== ' ' && value[i - 1] !== ' ') {
      out += `\n${' '.repeat(indent)}`;
      col = indent;
      continue;
    }
    out += c;
    col++;
  }
  return out;
}

function sentence(seed, words) {
  const out = [];
  for (let i = 0; i < words; i++) out.push(WORDS[(seed * 7 + i * 3) % WORDS.length]);
  return out.join(' ');
}

/** The folded twin of a text: each Deployment's metadata annotations gain a long double-quoted and a long plain value. */
function folded(text) {
  let n = 0;
  return text.replace(/^kind: Deployment\nmetadata:\n((?:  .*\n)*?)  annotations:\n/gm, (whole) => {
    n++;
    const key = '    kubelint.example.com/description: ';
    const quoted = goDoubleQuoted(`Deployment ${sentence(n, 18)}:  with two spaces, a "quote" and a \\ backslash ${sentence(n + 1, 12)}`, key.length, 6);
    const pkey = '    kubelint.example.com/summary: ';
    const plain = goPlain(`Deployment ${sentence(n + 2, 24)}`.replace(/:/g, ''), pkey.length, 6);
    return `${whole}${key}${quoted}\n${pkey}${plain}\n`;
  });
}

/**
 * The anchors twin: each Deployment anchors its metadata labels (`&labels`, aliases do not cross
 * documents) and its pod template's labels merge them (`<<: *labels`) before its own, which override.
 */
function anchors(text) {
  return text
    .split(/^(?=---\n)/m)
    .map((doc) => {
      if (!/^kind: Deployment$/m.test(doc)) return doc;
      return doc.replace(/^  labels:\n/m, '  labels: &labels\n').replace(/^      labels:\n/m, '      labels:\n        <<: *labels\n');
    })
    .join('');
}

async function documentsOf(text, name) {
  const { parseManifestText } = await import(pathToFileURL(join(ROOT, 'dist/index.js')).href);
  const parsed = parseManifestText(text, { kind: 'file', name });
  if (parsed.problems.length > 0) throw new Error(`${name}: ${parsed.problems[0].message}`);
  return parsed.manifests.map((m) => m.value);
}

/** The jsonstream twin: each document as `kubectl get -o json` prints it (indent 4), separated by `---`. */
async function jsonStream(text, name) {
  return `${(await documentsOf(text, name)).map((d) => JSON.stringify(d, null, 4)).join('\n---\n')}\n`;
}

export async function writeRenderedTwins(kinds, shapes, sizes) {
  for (const shape of shapes) for (const size of sizes) {
    const from = join(ROOT, 'bench/corpus/shapes', shape, String(size));
    for (const kind of kinds) {
      if (!RENDERED_KINDS.includes(kind)) throw new Error(`rendered-twins: unknown kind ${kind} (${RENDERED_KINDS.join(', ')})`);
      const to = join(ROOT, `bench/corpus/shapes-${kind}`, shape, String(size));
      rmSync(to, { recursive: true, force: true });
      mkdirSync(to, { recursive: true });
      for (const name of readdirSync(from)) {
        const text = readFileSync(join(from, name), 'utf8');
        const out = kind === 'folded' ? folded(text) : kind === 'anchors' ? anchors(text) : await jsonStream(text, name);
        writeFileSync(join(to, name), out);
      }
      console.log(`${kind} ${shape} ${size}: ${to}`);
    }
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const option = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
  await writeRenderedTwins(option('--kinds', RENDERED_KINDS.join(',')).split(','), option('--shapes', 'plain').split(','), option('--sizes', '1000').split(','));
}
