// The fast parse path's hot functions keep the code V8 optimises for them through a whole corpus
// shape: a test or a call made only on a rare line (the first bracket, `{}`, `-x`, ` #` or `true`
// met after V8 had optimised the function on the lines before) threw that code away, and V8
// compiled the function again. On a 1,000-resource first run, those compiles were a third of
// the parse's CPU (BENCHMARKS.md, round 12, r12first). Runs the built dist/load/yaml-fast.js (`npm
// run build`, which `npm test` runs first) in a child process with V8's trace of deoptimisations;
// --no-concurrent-recompilation compiles on the main thread, so the answer does not depend on how
// fast another thread compiles.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readBlockDocument } from '../../src/load/yaml-block.js';
import { PRIMER, readFast, splitDocuments } from '../../src/load/yaml-fast.js';

const root = path.resolve(import.meta.dirname, '../..');

// The child builds a shape's files first (the generator's own deoptimisations come before the
// marker), then reads each file as a lint does.
const CHILD = `
const [fast, shapes, shape, size] = process.argv.slice(2);
const { readFast } = await import(fast);
const { buildShape } = await import(shapes);
const files = buildShape(shape, Number(size)).files;
console.log('=== parse');
let read = 0;
for (const { text } of files) read += readFast(text) ? 1 : 0;
console.log('=== read ' + read + ' of ' + files.length);
`;

/** The functions deoptimised while the shape's files were read, with V8's reasons, and those V8 chose to optimise. */
function deoptimisedWhileParsing(shape: string): { read: string; deopts: string[]; optimised: Set<string> } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-tiering-'));
  const child = path.join(dir, 'child.mjs');
  writeFileSync(child, CHILD);
  const run = spawnSync(
    process.execPath,
    ['--no-concurrent-recompilation', '--trace-deopt', '--trace-opt', child, pathToFileURL(path.join(root, 'dist/load/yaml-fast.js')).href, pathToFileURL(path.join(root, 'bench/corpus-gen/shapes.mjs')).href, shape, '1000'],
    { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 },
  );
  expect(run.status, run.stderr).toBe(0);
  const out = run.stdout.slice(run.stdout.indexOf('=== parse'));
  const deopts = [...out.matchAll(/bailout \(kind: deopt-eager, reason: ([^)]*)\).*?<JSFunction (\w+)/g)].map((m) => `${m[2]}: ${m[1]}`);
  const optimised = new Set([...out.matchAll(/\[marking [^<]*<JSFunction (\w+)/g)].map((m) => m[1]!));
  return { read: /=== read (\d+ of \d+)/.exec(out)?.[1] ?? 'none', deopts, optimised };
}

/** The line splitter and the block reader's value step: the two largest compiles of the parse. */
const WATCHED = /^(?:splitDocuments|lines|line|leanSplit|rareLine|value|mapping|sequence):/;

describe('the fast parse path under V8', () => {
  // crd: its CRD files deoptimised `line` (the first `#` of a text after one without, the second
  // `---` of a file) and `value` (the first double-quoted value) before yaml-fast.ts's primer.
  it.each(['plain', 'helm', 'inline', 'kustomize', 'crd'])('keeps its optimised code through the %s shape (1,000 resources)', (shape) => {
    const { read, deopts, optimised } = deoptimisedWhileParsing(shape);
    const [done, files] = read.split(' of ');
    expect(Number(done), `files read by the fast path: ${read}`).toBe(Number(files)); // the fast path really ran
    expect(deopts.filter((d) => WATCHED.test(d))).toEqual([]);
    // The lean split, not the line pass, split every file: V8 never ran the line pass's `line` and
    // `lines` long enough to compile them (r14parse: `line` alone took 8-9 ms of TurboFan per first run).
    expect(optimised.has('leanSplit'), [...optimised].join(' ')).toBe(true);
    expect(['line', 'lines'].filter((f) => optimised.has(f))).toEqual([]);
  }, 120_000);

  it('primes with a text the block reader reads whole, taking a second `---` and a double-quoted value', () => {
    const pieces = splitDocuments(PRIMER, true)!;
    expect(pieces.map((p) => readBlockDocument(PRIMER, p.from, p.to))).toEqual([{ a: 'b' }, { c: 'd' }]);
    expect(readFast(PRIMER)?.map((d) => d.value)).toEqual([{ a: 'b' }, { c: 'd' }]);
  });
});
