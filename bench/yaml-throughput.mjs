#!/usr/bin/env node
// Experiment behind the YAML proposals in BENCHMARKS.md: how much of kubelint's parse cost is
// the `yaml` package's lexer/parser (CST), how much composing Documents and converting them to
// JS, and how much the per-document comment scan adds. CPU time (process.cpuUsage), best of
// --reps, in MB of YAML per CPU-second — steadier than wall time on a shared machine.
//
//   node bench/yaml-throughput.mjs bench/corpus/10000 [--reps 3]
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { LineCounter, Parser, parseAllDocuments, visit } from 'yaml';

function cpuSeconds(fn) {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

function optionalJsYaml() {
  // Present only as a transitive dependency; measured for comparison, not proposed as a swap.
  try {
    return createRequire(import.meta.url)('js-yaml');
  } catch {
    return undefined;
  }
}

const args = process.argv.slice(2);
const dir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--reps');
const reps = Number(args[args.indexOf('--reps') + 1]) || 3;
if (!dir) {
  console.error('usage: node bench/yaml-throughput.mjs <corpus dir> [--reps N]');
  process.exit(2);
}
const texts = readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => readFileSync(join(dir, f), 'utf8'));
const megabytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0) / 1e6;
const jsonTexts = texts.map((t) => JSON.stringify(parseAllDocuments(t).map((d) => d.toJS())));
const jsYaml = optionalJsYaml();

const cases = {
  'yaml: lexer + parser (CST only)': () => { for (const t of texts) for (const _ of new Parser().parse(t)); },
  'yaml: parseAllDocuments (compose, no toJS)': () => {
    for (const t of texts) parseAllDocuments(t, { version: '1.1', merge: true, uniqueKeys: true, lineCounter: new LineCounter() });
  },
  'yaml: parseAllDocuments + toJS (kubelint\'s options)': () => {
    for (const t of texts) {
      for (const d of parseAllDocuments(t, { version: '1.1', merge: true, uniqueKeys: true, lineCounter: new LineCounter() })) d.toJS({ maxAliasCount: 100 });
    }
  },
  'extra: visit every node (as commentsOf does)': () => {
    const docs = texts.flatMap((t) => parseAllDocuments(t));
    const start = process.cpuUsage();
    for (const d of docs) visit(d, { Scalar() {} });
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e6;
  },
  ...(jsYaml ? { 'js-yaml loadAll (for comparison)': () => { for (const t of texts) jsYaml.loadAll(t); } } : {}),
  'JSON.parse of the same data (lower bound)': () => { for (const j of jsonTexts) JSON.parse(j); },
};

console.log(`${texts.length} files, ${megabytes.toFixed(2)} MB of YAML; best of ${reps} runs, CPU seconds`);
for (const [name, fn] of Object.entries(cases)) {
  let best = Infinity;
  for (let i = 0; i < reps; i++) {
    let inner;
    const total = cpuSeconds(() => { inner = fn(); });
    best = Math.min(best, typeof inner === 'number' ? inner : total);
  }
  console.log(`${best.toFixed(2).padStart(7)} s  ${(megabytes / best).toFixed(2).padStart(6)} MB/s  ${name}`);
}
