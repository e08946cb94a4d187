#!/usr/bin/env node
// What a first run (an empty cache folder: a fresh CI runner) pays for that a warm run does not,
// store by store. A warm folder is made by untimed runs; then every timed run gets a new folder
// seeded with one part of it, the variants alternating run by run:
//
//   first      nothing (what `ab.mjs --cache first` and `peers.mjs --cache first` time)
//   key        the per-user key only (cache/auth.ts): what creating it costs
//   code       the key and the warm run's V8 code caches (v8/): the user's own caches, not the shipped ones
//   rego       the key and the stored Rego results (rego/): no evaluation
//   documents  the key and the stored parsed documents (documents/): no parse
//   no-writes  the key, and v8/, rego/ and documents/ as plain files: every store's write fails at once
//   no-code-writes, no-rego-writes, no-document-writes: the key, and that one folder as a plain file
//   warm       the whole warm folder
//
//   flock /tmp/kubelint-bench.lock node bench/cli/first-parts.mjs [--tree .] [--shape plain] [--size 100] [--runs 15]
//
// Each run: `node <tree>/bin/kubelint.js <corpus> --no-config --format json` with a preload that
// reports the process's CPU (all threads, process.cpuUsage) and the main thread's
// (/proc/thread-self/schedstat) at exit; wall is the parent's clock around the spawn. Prints the
// medians and each variant's difference from `first`, and whether every report equals first's.
import { spawnSync, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const PRELOAD = path.join(ROOT, 'bench/cli/process-cpu.cjs');

/** The folders of a warm cache folder each variant copies (cache-key is the per-user key file). */
export const PARTS = {
  first: { copy: [], blocked: [] },
  key: { copy: ['cache-key'], blocked: [] },
  code: { copy: ['cache-key', 'v8'], blocked: [] },
  rego: { copy: ['cache-key', 'rego'], blocked: [] },
  documents: { copy: ['cache-key', 'documents'], blocked: [] },
  'no-writes': { copy: ['cache-key'], blocked: ['v8', 'rego', 'documents'] },
  'no-code-writes': { copy: ['cache-key'], blocked: ['v8'] },
  'no-rego-writes': { copy: ['cache-key'], blocked: ['rego'] },
  'no-document-writes': { copy: ['cache-key'], blocked: ['documents'] },
  warm: { copy: ['*'], blocked: [] },
};

/** Fills the empty folder `target` with `part` of the warm folder `warm` (PARTS); throws for a part the warm folder lacks. */
export function seedFolder(warm, target, part) {
  const spec = PARTS[part];
  if (!spec) throw new Error(`unknown part ${part}; known: ${Object.keys(PARTS).join(', ')}`);
  if (spec.copy.includes('*')) cpSync(warm, target, { recursive: true });
  for (const name of spec.copy.filter((n) => n !== '*')) {
    const from = path.join(warm, name);
    if (!existsSync(from)) throw new Error(`the warm folder has no ${name}: the untimed runs stored none (is the input linted at all?)`);
    cpSync(from, path.join(target, name), { recursive: true });
  }
  // A file where a store's folder goes: its write fails at once (make-dirs), as on a read-only folder.
  for (const name of spec.blocked) writeFileSync(path.join(target, name), '');
}

/** The preload's line: { cpu, main } in ms. */
export function parseCpuLine(text) {
  const line = text.trim().split('\n').at(-1);
  const value = line ? JSON.parse(line) : undefined;
  if (!value || !Number.isFinite(value.cpu) || !Number.isFinite(value.main)) throw new Error(`no CPU line from the preload: ${JSON.stringify(text)}`);
  return value;
}

const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function main() {
  const { values } = parseArgs({
    options: { tree: { type: 'string', default: ROOT }, shape: { type: 'string', default: 'plain' }, size: { type: 'string', default: '100' }, runs: { type: 'string', default: '15' }, parts: { type: 'string', default: 'first,key,code,rego,documents,no-writes,warm' } },
  });
  const tree = path.resolve(values.tree);
  const input = path.join(ROOT, 'bench/corpus/shapes', values.shape, values.size);
  const runs = Number(values.runs);
  const parts = values.parts.split(',');
  if (!existsSync(path.join(tree, 'bin/kubelint.js'))) throw new Error(`${tree}/bin/kubelint.js missing: build that tree first`);
  if (!existsSync(input)) throw new Error(`${input} missing: run node bench/corpus-gen/shapes.mjs`);
  if (!(runs >= 1)) throw new Error(`--runs must be a positive number, got ${values.runs}`);
  for (const part of parts) if (!PARTS[part]) throw new Error(`unknown part ${part}; known: ${Object.keys(PARTS).join(', ')}`);

  const before = execFileSync('uptime', { encoding: 'utf8' }).trim();
  const scratch = mkdtempSync(path.join(tmpdir(), 'kubelint-first-parts-'));
  try {
    const lint = (cacheDir, cpuFile) => {
      const started = process.hrtime.bigint();
      const result = spawnSync(process.execPath, [path.join(tree, 'bin/kubelint.js'), input, '--no-config', '--format', 'json'], {
        env: { ...process.env, KUBELINT_CACHE_DIR: cacheDir, ...(cpuFile ? { NODE_OPTIONS: `-r ${PRELOAD}`, KUBELINT_BENCH_CPU_OUT: cpuFile } : {}) },
        maxBuffer: 256 * 1024 * 1024,
      });
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      if (result.error) throw result.error;
      if (result.status !== 0 && result.status !== 1) throw new Error(`kubelint exited ${result.status}: ${result.stderr}`);
      return { wall, stdout: result.stdout };
    };
    // Three untimed runs: the first stores Rego results and copies the shipped code caches, the second
    // stores the parsed documents and its own code cache, the third reads all of it.
    const warm = path.join(scratch, 'warm');
    mkdirSync(warm);
    for (let i = 0; i < 3; i++) lint(warm);
    const rows = new Map(parts.map((p) => [p, []]));
    let reference;
    const differing = new Set();
    for (let round = 0; round <= runs; round++) {
      const order = round % 2 ? [...parts].reverse() : parts;
      for (const part of order) {
        const dir = mkdtempSync(path.join(scratch, 'run-'));
        seedFolder(warm, dir, part);
        const cpuFile = path.join(scratch, 'cpu.jsonl');
        writeFileSync(cpuFile, '');
        const { wall, stdout } = lint(dir, cpuFile);
        rmSync(dir, { recursive: true, force: true });
        reference ??= stdout;
        if (!stdout.equals(reference)) differing.add(part);
        if (round > 0) rows.get(part).push({ wall, ...parseCpuLine(readFileSync(cpuFile, 'utf8')) }); // round 0 warms the page cache
      }
    }
    console.log(`${values.shape}/${values.size}, ${tree}, ${runs} alternating runs per variant; before: ${before}`);
    console.log('| cache folder | wall ms | CPU ms | main thread ms | CPU − first | main − first |');
    console.log('|---|---:|---:|---:|---:|---:|');
    const first = rows.has('first') ? { cpu: median(rows.get('first').map((r) => r.cpu)), main: median(rows.get('first').map((r) => r.main)) } : undefined;
    for (const [part, list] of rows) {
      const [wall, cpu, mainMs] = ['wall', 'cpu', 'main'].map((k) => median(list.map((r) => r[k])));
      const diff = (v, f) => (f === undefined ? '—' : (v - f).toFixed(1));
      console.log(`| ${part} | ${wall.toFixed(1)} | ${cpu.toFixed(1)} | ${mainMs.toFixed(1)} | ${diff(cpu, first?.cpu)} | ${diff(mainMs, first?.main)} |`);
    }
    console.log(differing.size === 0 ? 'reports: identical in every variant' : `reports DIFFER in: ${[...differing].join(', ')}`);
    console.log(`after: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
    if (differing.size > 0) process.exitCode = 1;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
