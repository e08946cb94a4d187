#!/usr/bin/env node
// Reports of two builds compared byte for byte in every format, on the first, second and third run
// of one cache folder per build and format (a store that records on the second run and reads on
// the third must give what a cold run gives). Docs URLs naming the install path are normalised.
//
//   node bench/report/formats-diff.mjs --a /tmp/r17-base [--b .] [--formats stylish,json,...] [bench/corpus/shapes/legacy/1000]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FORMATS = ['stylish', 'compact', 'json', 'sarif', 'junit', 'github', 'codeclimate'];
const { values, positionals } = parseArgs({ allowPositionals: true, options: { a: { type: 'string' }, b: { type: 'string', default: ROOT }, formats: { type: 'string', default: FORMATS.join(',') } } });
if (!values.a) throw new Error('usage: formats-diff.mjs --a <tree> [--b <tree>] [--formats f,g] [corpus folder]');
const corpus = resolve(positionals[0] ?? join(ROOT, 'bench/corpus/shapes/legacy/1000'));
const scratch = mkdtempSync(join(tmpdir(), 'kubelint-formats-diff-'));
let differ = 0;
try {
  for (const format of values.formats.split(',')) {
    if (!FORMATS.includes(format)) throw new Error(`unknown format ${format}; known: ${FORMATS.join(', ')}`);
    const outs = {};
    for (const [side, tree] of [['a', resolve(values.a)], ['b', resolve(values.b)]]) {
      const cache = join(scratch, `${format}-${side}`);
      outs[side] = ['first', 'second', 'third'].map(() => {
        const r = spawnSync(process.execPath, [join(tree, 'bin/kubelint.js'), '.', '--no-config', '--format', format], { cwd: corpus, maxBuffer: 1 << 30, env: { ...process.env, KUBELINT_CACHE_DIR: cache } });
        if (r.status !== 0 && r.status !== 1) throw new Error(`${tree} exited ${r.status}: ${r.stderr}`);
        return `${r.status}\n${r.stdout.toString().replaceAll(`file://${tree}/docs/`, 'file://TREE/docs/')}`;
      });
    }
    const cells = outs.a.map((a, i) => (a === outs.b[i] && a === outs.a[0] ? 'identical' : 'DIFFER'));
    differ += cells.filter((c) => c !== 'identical').length;
    console.log(`${format}: first ${cells[0]}, second ${cells[1]}, third ${cells[2]} (${outs.a[0].length} bytes)`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (differ > 0) process.exitCode = 1;
