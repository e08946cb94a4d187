#!/usr/bin/env node
// One cold pass of the fast YAML path over a folder's files, in a fresh process: what the parse
// costs a 1,000-resource run, V8's compiles of the parse functions included (parse-bench.mjs
// measures warm passes). With the thread preload, per build, runs alternating:
//
//   for i in $(seq 13); do for t in /tmp/kubelint-base .; do
//     THREADS_OUT=/tmp/pc-$(basename $t).log node -r ./bench/cli/thread-cpu.cjs bench/cli/parse-cold.mjs $t bench/corpus/shapes/plain/1000
//   done; done
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [tree, dir] = process.argv.slice(2);
const yaml = await import(pathToFileURL(join(resolve(tree), 'dist/load/yaml.js')).href);
let documents = 0;
for (const name of readdirSync(dir).sort()) {
  documents += yaml.parseManifestTextFast(readFileSync(join(dir, name), 'utf8'), { name })?.length ?? 0;
}
if (process.env.VERBOSE) console.log(`${documents} documents`);
