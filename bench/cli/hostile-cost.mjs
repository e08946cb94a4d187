#!/usr/bin/env node
// Cost of hostile input shapes (#21 item 5): each case is a generated file that once cost far more
// than its size (quadratic or unbounded work). Each run is a fresh `node bin/kubelint.js` process
// under GNU time, killed after --timeout seconds; the table gives wall, CPU (user+sys), peak RSS,
// the exit code and the size of the input.
//
//   node bench/cli/hostile-cost.mjs [--case name[,name]] [--scale 1] [--timeout 300] [--runs 1] [--bin path]
//
// --scale multiplies every case's size (0.5 halves it: doubling the scale of a linear case doubles
// its cost, of a quadratic one quadruples it). --bin runs another build's bin/kubelint.js (an A/B
// against a worktree of the old commit). Build first (`npm run build`).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

const header = (name) => ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}`, '  namespace: bench'].join('\n');

/** Each case: a file body for a size n (scaled), and the format it is reported in. */
const CASES = {
  // 100 aliases of one 20,000-item list: ~200 KB written, 2,000,000 items once expanded.
  'alias-list': {
    n: 20_000,
    text: (n) => {
      const list = Array.from({ length: n }, (_, i) => `  - v${i}`).join('\n');
      const uses = Array.from({ length: 99 }, (_, i) => `  k${i}: *big`).join('\n');
      return `apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n  namespace: bench\nlist: &big\n${list}\nspec:\n${uses}\n`;
    },
  },
  // One mapping of 30,000 keys in a document that also has an anchor (the full parse path).
  'keys-anchor': {
    n: 30_000,
    text: (n) => `${header('keys')}\n  labels: &l {app: a}\ndata:\n${Array.from({ length: n }, (_, i) => `  k${i}: "v"`).join('\n')}\n`,
  },
  // One flow mapping of 300,000 keys on one line.
  'flow-map': {
    n: 300_000,
    text: (n) => `${header('flow')}\ndata: {${Array.from({ length: n }, (_, i) => `k${i}: "v"`).join(', ')}}\n`,
  },
  // Block mappings nested 5,000 deep (one space of indentation per level).
  'deep-block': {
    n: 5_000,
    text: (n) => `${header('deep')}\ndata:\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i + 1)}a:`).join('\n')} x\n`,
  },
  // 20,000 findings in one document (an integer where a string belongs), stylish output.
  'findings-stylish': {
    n: 20_000,
    text: (n) => `${header('many')}\ndata:\n${Array.from({ length: n }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`,
  },
  // A List of 10,000 ConfigMaps with one finding each, stylish output.
  'list-items': {
    n: 10_000,
    text: (n) =>
      `apiVersion: v1\nkind: List\nitems:\n${Array.from(
        { length: n },
        (_, i) => `  - apiVersion: v1\n    kind: ConfigMap\n    metadata:\n      name: c${i}\n      namespace: bench\n    data:\n      k: ${i}`,
      ).join('\n')}\n`,
  },
};

function run(file, timeout, bin) {
  const args = ['-f', '%e %U %S %M', 'timeout', '-s', 'KILL', String(timeout), process.execPath, bin, file, '--format', 'stylish'];
  const r = spawnSync('/usr/bin/time', args, { cwd: path.dirname(file), encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const line = r.stderr.trim().split('\n').at(-1) ?? '';
  const [wall, user, sys, kib] = line.split(/\s+/).map(Number);
  const killed = /Command terminated by signal 9|exited with non-zero status 137/.test(r.stderr) || wall >= timeout;
  const findings = /✖ (\d+) problem/.exec(r.stdout)?.[1] ?? '0';
  const exit = killed ? 'killed' : String(/Command exited with non-zero status (\d+)/.exec(r.stderr)?.[1] ?? 0);
  return { wall, cpu: user + sys, rss: kib / 1024, exit, findings, firstLine: r.stdout.split('\n').find((l) => /error|warning/.test(l))?.trim() ?? '' };
}

const { values } = parseArgs({
  options: {
    case: { type: 'string' },
    scale: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '300' },
    runs: { type: 'string', default: '1' },
    bin: { type: 'string', default: path.join(ROOT, 'bin', 'kubelint.js') },
  },
});
const names = values.case ? values.case.split(',') : Object.keys(CASES);
const scale = Number(values.scale);
const timeout = Number(values.timeout);
const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-hostile-'));
try {
  console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}; node ${process.version}; scale ${scale}; timeout ${timeout} s; ${values.bin}`);
  console.log('| case | size | input | wall s | CPU s | RSS MiB | exit | findings | first line |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | --- | ---: | --- |');
  for (const name of names) {
    const c = CASES[name];
    if (!c) throw new Error(`unknown case ${name} (known: ${Object.keys(CASES).join(', ')})`);
    const n = Math.round(c.n * scale);
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, c.text(n));
    const kb = (statSync(file).size / 1024).toFixed(0);
    for (let i = 0; i < Number(values.runs); i++) {
      const r = run(file, timeout, path.resolve(values.bin));
      const wall = r.exit === 'killed' ? `> ${timeout}` : r.wall.toFixed(2);
      const killed = r.exit === 'killed'; // GNU time does not see the killed process's usage
      console.log(`| ${name} | ${n} | ${kb} KB | ${wall} | ${killed ? '—' : r.cpu.toFixed(2)} | ${killed ? '—' : r.rss.toFixed(0)} | ${r.exit} | ${r.findings} | ${r.firstLine.slice(0, 70).replace(/\|/g, '\\|')} |`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
