#!/usr/bin/env node
// Side-by-side benchmark of kubelint against its peers on the generated corpus (not part of CI).
//
//   bash scripts/setup-peers.sh && npm run build
//   node bench/corpus-gen/corpus.mjs
//   node bench/schema/kubeconform-schemas.mjs
//   node bench/cli/peers.mjs [--sizes 1,100,1000,10000] [--runs 5] [--tools kubelint,kubeconform,...]
//                        [--slow-limit 120]
//
// A tool whose warm-up run takes longer than --slow-limit seconds is timed once (that run) and
// marked so in the tables, to keep a full run within the hour.
// Every run of every tool is a fresh process timed by /usr/bin/time; tools take turns within a
// round so drift on the machine spreads over all of them. Writes bench/results/peers-<stamp>.json
// and .md (medians, ratios against kubelint from the same run, exact commands).
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KUBECONFORM_TEMPLATE } from '../schema/kubeconform-schemas.mjs';
import { assertGnuTime, measureOnce, summarize } from './measure.mjs';
import { machineInfo, toMarkdown } from './peers-report.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = join(ROOT, '.tools/bin');
const SCHEMAS = join(ROOT, 'bench/.kubeconform-schemas');
const CONFTEST_DATA = join(ROOT, 'bench/.conftest');

const yamlFiles = (dir) => readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(dir, f));
const rel = (p) => relative(ROOT, p) || '.';
/** How a command is shown in the report: node by name, repo paths relative to the root. */
const shownCommand = (cmd) => (cmd === process.execPath ? 'node' : rel(cmd));
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** Each tool: what it is, whether it can run, and its argv for a corpus directory. */
const TOOLS = {
  kubelint: {
    what: 'kubelint: strict schema validation + every Rego rule (default config), JSON report',
    ready: () => existsSync(join(ROOT, 'dist/cli/main.js')) || 'dist/ missing: npm run build',
    argv: (dir) => [process.execPath, ['bin/kubelint.js', rel(dir), '--no-config', '--format', 'json']],
  },
  'kubelint+config': {
    what: 'kubelint with the repository\'s .kubelint.json (adds config discovery and validation to the run)',
    ready: () => existsSync(join(ROOT, 'dist/cli/main.js')) || 'dist/ missing: npm run build',
    argv: (dir) => [process.execPath, ['bin/kubelint.js', rel(dir), '--format', 'json']],
  },
  kubeconform: {
    what: 'kubeconform: strict schema validation only, same schemas (bench/.kubeconform-schemas), offline',
    ready: () => {
      if (!existsSync(join(BIN, 'kubeconform'))) return 'not installed: bash scripts/setup-peers.sh';
      return existsSync(join(SCHEMAS, 'deployment-apps-v1.json')) || 'schemas missing: node bench/schema/kubeconform-schemas.mjs';
    },
    argv: (dir) => [join(BIN, 'kubeconform'), ['-strict', '-summary', '-output', 'json',
      '-schema-location', `${rel(SCHEMAS)}/${KUBECONFORM_TEMPLATE}`, rel(dir)]],
  },
  'kube-linter': {
    what: 'kube-linter: default checks',
    ready: () => existsSync(join(BIN, 'kube-linter')) || 'not installed (the Go module proxy refuses golang.stackrox.io here)',
    argv: (dir) => [join(BIN, 'kube-linter'), ['lint', '--format', 'json', rel(dir)]],
  },
  'kube-score': {
    what: 'kube-score: default checks, JSON output (files passed one by one: it takes no directories)',
    ready: () => existsSync(join(BIN, 'kube-score')) || 'not installed: bash scripts/setup-peers.sh',
    argv: (dir) => [join(BIN, 'kube-score'), ['score', '--output-format', 'json', ...yamlFiles(dir).map(rel)]],
  },
  conftest: {
    what: 'conftest: kubelint\'s Rego rules (policies/) via the bench/cli/conftest wrapper, --combine (one batch)',
    ready: () => existsSync(join(BIN, 'conftest')) || 'not installed: bash scripts/setup-peers.sh',
    argv: (dir) => [join(BIN, 'conftest'), ['test', '--combine', '--no-color', '--output', 'json',
      '--policy', 'policies', '--policy', 'bench/cli/conftest', '--data', rel(CONFTEST_DATA),
      '--namespace', 'kubelint_conftest', ...yamlFiles(dir).map(rel)]],
  },
};

/** conftest reads the enabled rule ids from a data document; see bench/cli/conftest/kubelint.rego. */
function writeConftestData() {
  const rulesFile = join(ROOT, 'build/policies/rules.json');
  if (!existsSync(rulesFile)) throw new Error(`${rulesFile} is missing: npm run build`);
  const { rules } = JSON.parse(readFileSync(rulesFile, 'utf8'));
  mkdirSync(CONFTEST_DATA, { recursive: true });
  writeFileSync(join(CONFTEST_DATA, 'enabled.json'), JSON.stringify({ kubelint_bench: { enabled: rules.map((r) => r.id) } }));
}

/** A short description of what the tool reported, to check the runs did real work. */
function outcome(tool, stdoutFile) {
  const text = readFileSync(stdoutFile, 'utf8');
  try {
    if (tool.startsWith('kubelint')) {
      const report = JSON.parse(text);
      return `${report.findings?.length ?? '?'} findings`;
    }
    if (tool === 'kubeconform') {
      const report = JSON.parse(text);
      return `${report.summary?.valid} valid, ${report.summary?.invalid} invalid, ${report.summary?.errors} errors`;
    }
    if (tool === 'kube-score') return `${JSON.parse(text).length} objects scored`;
    if (tool === 'conftest') return `${JSON.parse(text).reduce((n, r) => n + (r.failures?.length ?? 0), 0)} failures`;
    if (tool === 'kube-linter') return `${JSON.parse(text).Reports?.length ?? '?'} reports`;
  } catch {
    return `unparsed output (${text.length} bytes)`;
  }
  return '';
}

function parseArgs(argv) {
  const opts = { sizes: [1, 100, 1000, 10000], runs: 5, tools: Object.keys(TOOLS).filter((t) => t !== 'kubelint+config'), corpus: join(ROOT, 'bench/corpus'), slowLimit: 120 };
  for (let i = 0; i < argv.length; i++) {
    const v = () => { const x = argv[++i]; if (x === undefined) throw new Error(`${argv[i - 1]} needs a value`); return x; };
    if (argv[i] === '--sizes') opts.sizes = v().split(',').map(Number);
    else if (argv[i] === '--runs') opts.runs = Number(v());
    else if (argv[i] === '--tools') opts.tools = v().split(',');
    else if (argv[i] === '--corpus') opts.corpus = resolve(v());
    else if (argv[i] === '--slow-limit') opts.slowLimit = Number(v());
    else throw new Error(`unknown option ${argv[i]} (use --sizes, --runs, --tools, --corpus, --slow-limit)`);
  }
  for (const t of opts.tools) if (!(t in TOOLS)) throw new Error(`unknown tool ${t}; known: ${Object.keys(TOOLS).join(', ')}`);
  if (!Number.isInteger(opts.runs) || opts.runs < 1) throw new Error('--runs must be a positive integer');
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  assertGnuTime();
  writeConftestData();
  const outDir = join(ROOT, 'bench/results');
  mkdirSync(outDir, { recursive: true });
  const skipped = {};
  const tools = opts.tools.filter((t) => {
    const ready = TOOLS[t].ready();
    if (ready !== true) skipped[t] = ready;
    return ready === true;
  });
  for (const [t, why] of Object.entries(skipped)) console.error(`peers: skipping ${t}: ${why}`);

  const results = [];
  for (const size of opts.sizes) {
    const dir = join(opts.corpus, String(size));
    if (!existsSync(dir)) throw new Error(`no corpus at ${dir}: node bench/corpus-gen/corpus.mjs --sizes ${size}`);
    const runs = Object.fromEntries(tools.map((t) => [t, []]));
    const notes = {};
    const loadBefore = loadAverage();
    // One untimed warm-up per tool: fills the page cache, so every timed run starts alike.
    for (const round of [-1, ...Array.from({ length: opts.runs }, (_, i) => i)]) {
      for (const t of tools) {
        if (round >= 0 && notes[t].slow) continue;
        const [cmd, args] = TOOLS[t].argv(dir);
        const stdoutFile = join(outDir, `${t}-${size}.out`);
        const r = measureOnce(cmd, args, { cwd: ROOT, stdoutFile });
        if (round === -1) {
          notes[t] = { outcome: outcome(t, stdoutFile), exitCode: r.exitCode, stderr: r.stderr.slice(0, 300) };
          // A tool slower than the limit is not repeated: its warm-up is its one (reported) sample.
          if (r.wall > opts.slowLimit) {
            notes[t].slow = true;
            runs[t].push(r);
          }
          continue;
        }
        runs[t].push(r);
      }
      if (round >= 0) process.stderr.write(`peers: ${size} resources, round ${round + 1}/${opts.runs}\n`);
    }
    const entry = { size, loadBefore, loadAfter: loadAverage(), tools: {} };
    for (const t of tools) {
      const [cmd, args] = TOOLS[t].argv(dir);
      // Tools given one argument per file: show the file list as the glob it came from.
      const files = args.filter((a) => a.endsWith('.yaml'));
      const shown = files.length > 1 ? [...args.filter((a) => !a.endsWith('.yaml')), `${rel(dir)}/*.yaml`] : args;
      entry.tools[t] = { ...summarize(runs[t]), ...notes[t], command: [shownCommand(cmd), ...shown].join(' ') };
    }
    results.push(entry);
  }
  const report = { date: new Date().toISOString(), machine: machineInfo(BIN), runsPerTool: opts.runs, slowLimit: opts.slowLimit, tools: Object.fromEntries(tools.map((t) => [t, TOOLS[t].what])), skipped, results };
  const stamp = report.date.replace(/[:.]/g, '-');
  writeFileSync(join(outDir, `peers-${stamp}.json`), `${JSON.stringify(report, null, 2)}\n`);
  const markdown = toMarkdown(report);
  writeFileSync(join(outDir, `peers-${stamp}.md`), markdown);
  process.stdout.write(markdown);
}

main().catch((error) => {
  console.error(`peers: ${error.message}`);
  process.exitCode = 2;
});
