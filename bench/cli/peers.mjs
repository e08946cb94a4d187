#!/usr/bin/env node
// Side-by-side benchmark of kubelint against its peers on every corpus shape and size (not CI).
// One command builds what is missing (corpora, kubeconform's schemas), runs everything and writes
// the table into BENCHMARKS.md between the `peers:begin` / `peers:end` markers:
//
//   bash scripts/setup-peers.sh && npm run build
//   flock /tmp/kubelint-bench.lock node bench/cli/peers.mjs
//       [--shapes plain,inline,helm,helm-bare,crd,kustomize] [--sizes 100,1000,10000]
//       [--runs 5] [--runs-large 3] [--tools kubelint,kubeconform,kube-score] [--no-write]
//       [--slow-limit 120] [--timeout 300] [--cache first|warm] [--unset-env NAME,...]
//
// Shapes come from bench/corpus-gen/shapes.mjs (bench/corpus/shapes/<shape>/<size>/). Every run
// is a fresh process timed by bench/cli/rusage.py (µs). Within a size, each round runs every shape with every
// tool in turn, so drift on the machine spreads over all cells and the twins compared by the
// comment target (inline/plain, helm/helm-bare) are measured side by side. Sizes ≥ 10,000 take
// --runs-large timed runs. A tool whose warm-up takes longer than --slow-limit seconds is timed
// once. Raw results: bench/results/peers-<stamp>.json and .md.
//
// --cache first gives every kubelint run (the warm-up too) a new, empty KUBELINT_CACHE_DIR: a CI
// job without a restored cache, compiling its CRD validators and making its code caches. --cache
// warm gives each kubelint tool one folder, filled by the warm-up. Without --cache kubelint uses the
// user's folder, warm after the warm-up (the default table). With a mode the table, the targets and
// the BENCHMARKS.md block (its own markers, peers-<mode>:begin/end) name it (cache-mode.mjs).
//
// --unset-env removes variables from every tool's environment, e.g. NODE_EXTRA_CA_CERTS: set on
// this machine, it makes every Node process load a 220 KB CA bundle before its first line of
// JavaScript (~30 ms CPU; Go programs load certificates only when they open a TLS connection).
// The table then says which variables it ran without.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXTRA_SHAPES, SHAPES, SHAPE_SIZES, shapeDir, shapeIsCurrent, shapeSchemaDir, writeShape } from '../corpus-gen/shapes.mjs';
import { assertTimer, measureOnce, summarize } from './measure.mjs';
import { cacheFolders, checkCacheMode } from './cache-mode.mjs';
import { machineInfo, toMarkdown, writeBenchmarksSection } from './peers-report.mjs';
import { outcome, peerTools, shownCommand } from './peers-tools.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TOOLS = peerTools(ROOT);
const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim();

function parseArgs(argv) {
  const opts = {
    shapes: SHAPES, sizes: SHAPE_SIZES, runs: 5, runsLarge: 3, tools: ['kubelint', 'kubeconform', 'kube-score'],
    corpus: join(ROOT, 'bench/corpus/shapes'), slowLimit: 120, timeout: 300, write: true, cache: undefined, unsetEnv: [], argv,
  };
  for (let i = 0; i < argv.length; i++) {
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${argv[i - 1]} needs a value`); return x; };
    const a = argv[i];
    if (a === '--shapes') opts.shapes = v().split(',');
    else if (a === '--sizes') opts.sizes = v().split(',').map(Number);
    else if (a === '--runs') opts.runs = Number(v());
    else if (a === '--runs-large') opts.runsLarge = Number(v());
    else if (a === '--tools') opts.tools = v().split(',');
    else if (a === '--corpus') opts.corpus = resolve(v());
    else if (a === '--slow-limit') opts.slowLimit = Number(v());
    else if (a === '--timeout') opts.timeout = Number(v());
    else if (a === '--no-write') opts.write = false;
    else if (a === '--cache') opts.cache = checkCacheMode(v());
    else if (a === '--unset-env') opts.unsetEnv = v().split(',').filter(Boolean);
    else throw new Error(`unknown option ${a} (use --shapes, --sizes, --runs, --runs-large, --tools, --corpus, --slow-limit, --timeout, --no-write, --cache, --unset-env)`);
  }
  // The written blocks are of this machine's environment as it is; a table without some variables is a side look.
  if (opts.unsetEnv.length && opts.write) throw new Error('--unset-env tables are not written to BENCHMARKS.md: add --no-write');
  for (const t of opts.tools) if (!(t in TOOLS)) throw new Error(`unknown tool ${t}; known: ${Object.keys(TOOLS).join(', ')}`);
  for (const s of opts.shapes) if (!SHAPES.includes(s) && !EXTRA_SHAPES.includes(s)) throw new Error(`unknown shape ${s}; known: ${[...SHAPES, ...EXTRA_SHAPES].join(', ')}`);
  for (const n of [opts.runs, opts.runsLarge, ...opts.sizes]) if (!Number.isInteger(n) || n < 1) throw new Error(`--runs, --runs-large and --sizes take positive integers, got ${n}`);
  opts.sizes = [...opts.sizes].sort((a, b) => a - b);
  return opts;
}

/** conftest reads the enabled rule ids from a data document; see bench/cli/conftest/kubelint.rego. */
function writeConftestData() {
  const { rules } = JSON.parse(readFileSync(join(ROOT, 'build/policies/rules.json'), 'utf8'));
  mkdirSync(join(ROOT, 'bench/.conftest'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/.conftest/enabled.json'), JSON.stringify({ kubelint_bench: { enabled: rules.map((r) => r.id) } }));
}

/** Generates the corpora and schemas a run needs, unless already there for the same seed. */
async function prepare(opts) {
  if (!existsSync(join(ROOT, 'bench/.kubeconform-schemas/deployment-apps-v1.json')) && existsSync(join(ROOT, 'dist/schemas/store.js'))) {
    const { writeKubeconformSchemas } = await import('../schema/kubeconform-schemas.mjs');
    await writeKubeconformSchemas({ out: join(ROOT, 'bench/.kubeconform-schemas'), strict: true });
  }
  if (opts.tools.includes('conftest')) writeConftestData();
  for (const shape of opts.shapes) {
    for (const size of opts.sizes) {
      if (shapeIsCurrent(opts.corpus, shape, size)) continue;
      const s = writeShape(shape, size, { out: opts.corpus });
      process.stderr.write(`peers: generated ${shape} ${size} (${s.files} files, ${(s.bytes / 1048576).toFixed(1)} MiB)\n`);
    }
  }
}

function cellsOf(opts, size, tools) {
  return opts.shapes.flatMap((shape) => {
    const dir = shapeDir(opts.corpus, shape, size);
    const schemaDir = existsSync(shapeSchemaDir(opts.corpus, shape, size)) ? shapeSchemaDir(opts.corpus, shape, size) : undefined;
    const summary = JSON.parse(readFileSync(join(opts.corpus, shape, `${size}.summary.json`), 'utf8'));
    return tools.map((tool) => ({ shape, tool, corpus: { dir, schemaDir }, summary, runs: [], note: undefined }));
  });
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertTimer();
  const started = Date.now();
  await prepare(opts);
  const outDir = join(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const skipped = {};
  const tools = opts.tools.filter((t) => {
    const ready = TOOLS[t].ready();
    if (ready !== true) skipped[t] = ready;
    return ready === true;
  });
  for (const [t, why] of Object.entries(skipped)) console.error(`peers: skipping ${t}: ${why}`);
  if (!tools.includes('kubelint')) throw new Error('kubelint cannot run: npm run build');

  const results = [];
  const folders = cacheFolders(opts.cache);
  // undefined drops a variable from a child's environment (child_process skips such entries).
  const unset = Object.fromEntries(opts.unsetEnv.map((name) => [name, undefined]));
  for (const size of opts.sizes) {
    const runs = size >= 10000 ? opts.runsLarge : opts.runs;
    const cells = cellsOf(opts, size, tools);
    const entry = { size, runs, uptimeBefore: uptime(), roundLoads: [], cells };
    for (let round = -1; round < runs; round++) {
      if (round >= 0) entry.roundLoads.push(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
      for (const cell of cells) {
        if (round >= 0 && cell.note?.slow) continue;
        const [cmd, args] = TOOLS[cell.tool].argv(cell.corpus);
        const stdoutFile = join(outDir, `${cell.tool}-${cell.shape}-${size}.out`);
        const cache = cell.tool.startsWith('kubelint') ? folders.forRun(cell.tool) : undefined;
        let r;
        try {
          r = measureOnce(cmd, args, { cwd: ROOT, stdoutFile, timeout: opts.timeout * 1000, env: { ...unset, ...cache?.env } });
        } finally {
          cache?.done();
        }
        if (round === -1) {
          // The warm-up fills the page cache; its output says what the tool reported.
          cell.note = { outcome: r.timedOut ? `timed out after ${opts.timeout} s` : outcome(cell.tool, stdoutFile), exitCode: r.exitCode, stderr: r.stderr.slice(0, 300) };
          if (r.wall > opts.slowLimit || r.timedOut) { cell.note.slow = true; cell.runs.push(r); }
          continue;
        }
        cell.runs.push(r);
      }
      process.stderr.write(`peers: ${size} resources, ${round < 0 ? 'warm-up' : `round ${round + 1}/${runs}`} done (load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})\n`);
    }
    entry.uptimeAfter = uptime();
    entry.cells = cells.map((c) => {
      const [cmd, args] = TOOLS[c.tool].argv(c.corpus);
      return { shape: c.shape, tool: c.tool, summary: c.summary, ...summarize(c.runs), ...c.note, command: shownCommand(ROOT, cmd, args, c.corpus.dir) };
    });
    results.push(entry);
  }
  folders.close();
  const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  const report = {
    date: new Date().toISOString(), head, minutes: (Date.now() - started) / 60000, argv: opts.argv,
    machine: machineInfo(join(ROOT, '.tools/bin')), tools: Object.fromEntries(tools.map((t) => [t, TOOLS[t].what])), skipped,
    slowLimit: opts.slowLimit, cache: opts.cache, unsetEnv: opts.unsetEnv, results,
  };
  const stamp = report.date.replace(/[:.]/g, '-');
  writeFileSync(join(outDir, `peers-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = toMarkdown(report);
  writeFileSync(join(outDir, `peers-${stamp}.md`), markdown);
  if (opts.write) writeBenchmarksSection(join(ROOT, 'BENCHMARKS.md'), markdown, opts.cache);
  process.stdout.write(markdown);
  process.stderr.write(`peers: ${report.minutes.toFixed(1)} min; raw results bench/results/peers-${stamp}.{json,md}${opts.write ? '; BENCHMARKS.md updated' : ''}\n`);
}

main().catch((error) => {
  console.error(`peers: ${error.message}`);
  process.exitCode = 2;
});
