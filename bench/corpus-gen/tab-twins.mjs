#!/usr/bin/env node
// Twins of a corpus shape with tabs or lone CRs where real repositories put them (issue #22,
// round 14): a ConfigMap's Makefile, Go source, TSV or nginx config carries tabs inside its block
// scalar, hand-edited comments and values carry a tab after `#` or after a key's `:`, and a file
// that passed through an old Mac or a Windows tool keeps a CR alone inside a line. Tabs go only
// where YAML allows them (never as indentation, which YAML refuses), so a twin holds the same
// objects as its LF shape, apart from the characters changed inside block scalars and comments.
//
//   node bench/corpus-gen/tab-twins.mjs [--kinds tab,cr] [--shapes plain,helm] [--sizes 1000,10000]
//
// Reads bench/corpus/shapes/<shape>/<size>/ (node bench/corpus-gen/shapes.mjs makes it) and writes
// bench/corpus/shapes-<kind>/<shape>/<size>/ (git-ignored). `ab.mjs --corpus bench/corpus/shapes-tab`
// times two builds on them.
//   tab: in every literal block scalar, the first space after each line's indentation and first
//        word becomes a tab (`logLevel:\twarn`, `set\t-eu`); every comment's first blank after `#`
//        becomes a tab; the first `key: value` line of each document after its `kind:` gets `:\t`.
//   cr:  one CR alone per file, in place of the first space inside its first block scalar's body.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const TWIN_KINDS = ['tab', 'cr'];

/** Lines of a literal or folded block scalar body: more indented than the header's line, blank lines inside. */
function* blockBodies(lines) {
  for (let i = 0; i < lines.length; i++) {
    if (!/(?:^|[ :-])[|>][-+]?$/.test(lines[i])) continue;
    const parent = lines[i].length - lines[i].trimStart().length;
    let j = i + 1;
    for (; j < lines.length; j++) {
      const line = lines[j];
      if (line.trim() === '') continue;
      if (line.length - line.trimStart().length <= parent) break;
      yield j;
    }
    i = j - 1;
  }
}

/** The first space after a body line's indentation and first word, or -1. */
function wordSpace(line) {
  const indent = line.length - line.trimStart().length;
  return line.indexOf(' ', indent);
}

/** The text with tabs where YAML allows them (see the header). */
export function tabTwin(text) {
  const lines = text.split('\n');
  for (const i of blockBodies(lines)) {
    const at = wordSpace(lines[i]);
    if (at > 0) lines[i] = `${lines[i].slice(0, at)}\t${lines[i].slice(at + 1)}`;
  }
  const body = new Set(blockBodies(lines));
  let afterKind = false;
  for (let i = 0; i < lines.length; i++) {
    if (body.has(i)) continue;
    const line = lines[i];
    if (/^---/.test(line)) afterKind = false;
    const hash = line.search(/(?:^| )# /);
    if (hash !== -1) {
      const at = line.indexOf('# ', hash) + 1;
      lines[i] = `${line.slice(0, at)}\t${line.slice(at + 1)}`;
      continue;
    }
    if (/^kind: /.test(line)) afterKind = true;
    else if (afterKind && /^ *[a-z][\w.-]*: [^|>#"'[{&*!]/.test(line)) {
      lines[i] = line.replace(': ', ':\t');
      afterKind = false;
    }
  }
  return lines.join('\n');
}

/** The text with one CR alone in its first block scalar's body (unchanged when it has none). */
export function crTwin(text) {
  const lines = text.split('\n');
  for (const i of blockBodies(lines)) {
    const at = wordSpace(lines[i]);
    if (at > 0) {
      lines[i] = `${lines[i].slice(0, at)}\r${lines[i].slice(at + 1)}`;
      break;
    }
  }
  return lines.join('\n');
}

const TWINS = { tab: tabTwin, cr: crTwin };

/** Writes the twins of bench/corpus/shapes/<shape>/<size> for each kind; the folders written. */
export function writeTwins(kinds, shapes, sizes) {
  const written = [];
  for (const kind of kinds) {
    const twin = TWINS[kind];
    if (!twin) throw new Error(`unknown twin kind ${kind}; known: ${TWIN_KINDS.join(', ')}`);
    for (const shape of shapes) {
      for (const size of sizes) {
        const from = join(ROOT, 'bench/corpus/shapes', shape, String(size));
        const to = join(ROOT, `bench/corpus/shapes-${kind}`, shape, String(size));
        let names;
        try {
          names = readdirSync(from);
        } catch {
          throw new Error(`${from} is missing: run node bench/corpus-gen/shapes.mjs first`);
        }
        rmSync(to, { recursive: true, force: true });
        mkdirSync(to, { recursive: true });
        for (const name of names) writeFileSync(join(to, name), twin(readFileSync(join(from, name), 'utf8')));
        written.push(to);
      }
    }
  }
  return written;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const opts = { kinds: TWIN_KINDS, shapes: ['plain'], sizes: [1000] };
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const list = () => (argv[++i] ?? '').split(',').filter(Boolean);
    if (argv[i] === '--kinds') opts.kinds = list();
    else if (argv[i] === '--shapes') opts.shapes = list();
    else if (argv[i] === '--sizes') opts.sizes = list().map(Number);
    else {
      console.error(`tab-twins: unknown option ${argv[i]} (use --kinds, --shapes, --sizes)`);
      process.exit(2);
    }
  }
  try {
    for (const dir of writeTwins(opts.kinds, opts.shapes, opts.sizes)) console.log(`tab-twins: wrote ${dir}`);
  } catch (error) {
    console.error(`tab-twins: ${error.message}`);
    process.exit(2);
  }
}
