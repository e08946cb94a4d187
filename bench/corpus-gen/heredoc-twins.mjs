#!/usr/bin/env node
// The heredoc twin of a shape (issue #22, round 14): init and entrypoint scripts kept in
// ConfigMaps write files with heredocs (`cat <<EOF > file`), and a `<<` anywhere sent a text to
// the full parse path as if it were a merge key. Each script's `set -eu` line gains a heredoc.
//
//   node bench/corpus-gen/heredoc-twins.mjs [--shape plain] [--sizes 1000]
//
// Reads bench/corpus/shapes/<shape>/<size>/ and writes bench/corpus/shapes-extra/heredoc/<size>/
// (git-ignored): `ab.mjs --corpus bench/corpus/shapes-extra --shapes heredoc`.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const option = (name, fallback) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : fallback);
const shape = option('--shape', 'plain');
for (const size of option('--sizes', '1000').split(',')) {
  const from = join(ROOT, 'bench/corpus/shapes', shape, size);
  const to = join(ROOT, 'bench/corpus/shapes-extra/heredoc', size);
  mkdirSync(to, { recursive: true });
  let scripts = 0;
  for (const name of readdirSync(from)) {
    const text = readFileSync(join(from, name), 'utf8').replace(/^( +)set -eu$/gm, (line, pad) => {
      scripts++;
      return `${line}\n${pad}cat <<EOF > /tmp/ready\n${pad}started\n${pad}EOF`;
    });
    writeFileSync(join(to, name), text);
  }
  console.log(`heredoc ${size}: ${to} (${scripts} scripts)`);
}
