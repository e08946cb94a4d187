#!/usr/bin/env node
// Differential check for performance work: a change must leave kubelint's report byte-identical.
// Record the reports of the built CLI before a change, rebuild, then check against them:
//
//   node bench/cli/output-diff.mjs record before [--shapes ...] [--sizes 100,1000]
//   npm run build   # with the change
//   node bench/cli/output-diff.mjs check before
//
// `--preset all` lints with that preset (every rule, not only the recommended ones): what a
// change to rules outside the default set must be checked with.
//
// Inputs: every corpus shape (bench/corpus-gen/shapes.mjs, generated when missing) at each size,
// plus fixtures/ and manifests/ (anchors, block scalars, suppressions, parse errors). Each is run as
// `node bin/kubelint.js --no-config --format json <dir>`; stdout and the exit code are compared.
// Reports go to bench/results/output-diff/<name>/. Exit 1 when any report differs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHAPES, shapeDir, shapeIsCurrent, writeShape } from '../corpus-gen/shapes.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CORPUS = join(ROOT, 'bench/corpus/shapes');

function parseArgs(argv) {
  const [mode, name, ...rest] = argv;
  if (!['record', 'check'].includes(mode) || !name) throw new Error(USAGE);
  const opts = { mode, name, shapes: SHAPES, sizes: [100, 1000] };
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--shapes') opts.shapes = rest[++i].split(',');
    else if (rest[i] === '--sizes') opts.sizes = rest[++i].split(',').map(Number);
    else if (rest[i] === '--preset') opts.preset = rest[++i];
    else throw new Error(`unknown option ${rest[i]}`);
  }
  return opts;
}

function inputs(opts) {
  const list = [];
  for (const shape of opts.shapes) {
    for (const size of opts.sizes) {
      if (!shapeIsCurrent(CORPUS, shape, size)) writeShape(shape, size, { out: CORPUS });
      list.push({ label: `${shape}-${size}`, dir: shapeDir(CORPUS, shape, size) });
    }
  }
  list.push({ label: 'fixtures', dir: join(ROOT, 'fixtures') }, { label: 'manifests', dir: join(ROOT, 'manifests') });
  return list;
}

function run(dir, preset) {
  const args = ['bin/kubelint.js', '--no-config', ...(preset ? ['--preset', preset] : []), '--format', 'json', dir];
  const r = spawnSync(process.execPath, args, { cwd: ROOT, maxBuffer: 1 << 30 });
  if (r.error) throw r.error;
  return { stdout: r.stdout, status: r.status };
}

function firstDifference(a, b) {
  const la = a.toString('utf8').split('\n');
  const lb = b.toString('utf8').split('\n');
  const i = la.findIndex((l, n) => l !== lb[n]);
  const at = i === -1 ? Math.min(la.length, lb.length) : i;
  return `line ${at + 1}: recorded ${JSON.stringify(la[at]?.slice(0, 160))}, now ${JSON.stringify(lb[at]?.slice(0, 160))}`;
}

const USAGE = 'usage: output-diff.mjs record|check <name> [--shapes a,b] [--sizes 100,1000] [--preset name]';
let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (error) {
  // --help, or a wrong command line: the usage, not a stack trace.
  const help = process.argv.includes('--help') || process.argv.includes('-h');
  console[help ? 'log' : 'error'](help ? USAGE : `output-diff: ${error.message}`);
  process.exit(help ? 0 : 2);
}
const store = join(ROOT, 'bench/results/output-diff', opts.name);
mkdirSync(store, { recursive: true });
let differ = 0;
for (const { label, dir } of inputs(opts)) {
  const { stdout, status } = run(dir, opts.preset);
  const file = join(store, `${label}.json`);
  if (opts.mode === 'record') {
    writeFileSync(file, stdout);
    writeFileSync(`${file}.status`, String(status));
    console.log(`output-diff: recorded ${label} (${stdout.length} bytes, exit ${status})`);
    continue;
  }
  if (!existsSync(file)) throw new Error(`nothing recorded for ${label} under ${opts.name}: run record first`);
  const before = readFileSync(file);
  const beforeStatus = readFileSync(`${file}.status`, 'utf8');
  if (before.equals(stdout) && beforeStatus === String(status)) {
    console.log(`output-diff: ${label} identical (${stdout.length} bytes, exit ${status})`);
  } else {
    differ++;
    console.log(`output-diff: ${label} DIFFERS (exit ${beforeStatus} -> ${status}; ${firstDifference(before, stdout)})`);
  }
}
if (opts.mode === 'check') {
  console.log(differ ? `output-diff: ${differ} report(s) differ` : 'output-diff: all reports byte-identical');
  process.exitCode = differ ? 1 : 0;
}
