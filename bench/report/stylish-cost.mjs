#!/usr/bin/env node
// What the stylish formatter (the default format) costs on a real report, apart from the lint: the
// findings of one lint of <corpus> (as its JSON report gives them, resource references and paths
// shared as the engine shares them) written by each build's dist/report/stylish.js in a fresh process,
// the builds alternating; the thread's CPU time (/proc/thread-self/schedstat) of the first call.
// `--format json|sarif|...`: that formatter instead, with the build's own format context
// (dist/cli/format-context.js: places and fingerprints, as the CLI makes them).
// `--node-flags=--no-opt`: as a run too small for TurboFan lints (legacy 1,000, cli/young-generation.ts).
// The outputs' SHA-256 must be equal on both sides (rule pages named by a docsUrl, not the install path).
//
//   node bench/report/stylish-cost.mjs --a /tmp/r14-base [--b .] [--runs 7] [--format sarif] bench/corpus/shapes/legacy/10000
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const threadNs = () => Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** One timed call in this process: `tree`'s formatter over the findings in `reportFile` (files relative to `cwd`). */
async function timeOnce(tree, reportFile, cwd, format) {
  const json = JSON.parse(readFileSync(reportFile, 'utf8'));
  const refs = new Map();
  const sources = new Map();
  const findings = json.findings.map((f) => {
    const out = { ruleId: f.ruleId, severity: f.severity, message: f.message };
    if (f.resource) {
      const key = JSON.stringify(f.resource);
      if (!refs.has(key)) {
        const { namespace, ...rest } = f.resource;
        refs.set(key, namespace === null ? rest : { ...rest, namespace });
      }
      out.resource = refs.get(key);
    }
    if (f.path) out.path = f.path;
    if (f.note) out.note = f.note;
    if (f.file) {
      out.file = f.file;
      if (!sources.has(f.file)) sources.set(f.file, readFileSync(join(cwd, f.file), 'utf8'));
    }
    if (f.line !== null) out.range = { line: f.line, column: f.column, endLine: f.endLine, endColumn: f.endColumn };
    return out;
  });
  const counts = { error: json.summary.errors, warning: json.summary.warnings, info: json.summary.infos, suppressed: json.summary.suppressed, fatal: json.summary.fatal };
  const report = { findings, counts, resources: json.summary.resources, sources: [] };
  const { formatPieces } = await import(pathToFileURL(join(tree, 'dist/report/index.js')).href);
  const { formatContext } = await import(pathToFileURL(join(tree, 'dist/cli/format-context.js')).href);
  const ctx = format === 'stylish' ? { color: false, sources, rules: new Map(), cwd } : formatContext(report, { cwd, rules: new Map(), version: '0.0.0', docsUrl: 'https://kubelint.invalid/rules' });
  const hash = createHash('sha256');
  const start = threadNs();
  let chars = 0;
  for (const piece of formatPieces[format](report, ctx)) chars += piece.length;
  const ms = (threadNs() - start) / 1e6;
  for (const piece of formatPieces[format](report, ctx)) hash.update(piece);
  return { ms, chars, sha256: hash.digest('hex') };
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { a: { type: 'string' }, b: { type: 'string', default: ROOT }, runs: { type: 'string', default: '7' }, child: { type: 'string' }, report: { type: 'string' }, format: { type: 'string', default: 'stylish' }, 'node-flags': { type: 'string', default: '' } } });
if (values.child) {
  console.log(JSON.stringify(await timeOnce(values.child, values.report, process.cwd(), values.format)));
} else {
  if (!values.a || positionals.length !== 1) throw new Error('usage: stylish-cost.mjs --a <tree> [--b <tree>] [--runs N] <corpus folder>');
  const corpus = resolve(positionals[0]);
  const scratch = mkdtempSync(join(tmpdir(), 'kubelint-stylish-'));
  try {
    const reportFile = join(scratch, 'report.json');
    const lint = spawnSync(process.execPath, [join(resolve(values.b), 'bin/kubelint.js'), corpus, '--no-config', '--format', 'json'], { cwd: dirname(corpus), maxBuffer: 1 << 30 });
    if (lint.status !== 0 && lint.status !== 1) throw new Error(`the lint exited ${lint.status}: ${lint.stderr}`);
    writeFileSync(reportFile, lint.stdout);
    const ms = { a: [], b: [] };
    const chars = {};
    for (let run = 0; run < Number(values.runs); run++) {
      for (const side of ['a', 'b']) {
        const flags = values['node-flags'].split(' ').filter(Boolean);
        const out = execFileSync(process.execPath, [...flags, fileURLToPath(import.meta.url), '--child', resolve(values[side]), '--report', reportFile, '--format', values.format], { cwd: dirname(corpus), encoding: 'utf8', maxBuffer: 1 << 26 });
        const r = JSON.parse(out);
        ms[side].push(r.ms);
        chars[side] = r.sha256;
      }
    }
    console.log(`${corpus}: ${values.format} ${values['node-flags']}, ${JSON.parse(readFileSync(reportFile, 'utf8')).findings.length} findings, ${values.runs} alternating runs; uptime ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
    console.log(`A ${values.a}: ${median(ms.a).toFixed(1)} ms; B ${values.b}: ${median(ms.b).toFixed(1)} ms; B÷A ${(median(ms.b) / median(ms.a)).toFixed(2)}; same output (SHA-256): ${chars.a === chars.b}`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
