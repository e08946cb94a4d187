// The machine description and the Markdown tables for bench/cli/peers.mjs results.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';

function run(cmd, args) {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch {
    return 'unavailable';
  }
}

/** nproc, memory, CPU model and the versions of everything measured. */
export function machineInfo(bin) {
  const pinned = (name) => {
    const file = join(bin, `.${name}.version`);
    return existsSync(file) ? readFileSync(file, 'utf8').trim() : 'not installed';
  };
  return {
    nproc: run('nproc', []),
    memory: run('free', ['-h']).split('\n').find((l) => l.startsWith('Mem:'))?.replace(/\s+/g, ' ') ?? 'unknown',
    cpu: cpus()[0]?.model ?? 'unknown',
    kernel: run('uname', ['-sr']),
    node: process.version,
    go: run('go', ['version']),
    versions: {
      kubeconform: pinned('kubeconform'),
      conftest: pinned('conftest'),
      'kube-linter': pinned('kube-linter'),
      'kube-score': pinned('kube-score'),
      kubelint: JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version,
    },
  };
}

const fmt = (n, digits = 2) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : '–');

/** One table per corpus size; ratios are tool ÷ kubelint from the same run (>1: kubelint is faster/smaller). */
export function toMarkdown(report) {
  const lines = [];
  lines.push(`Measured ${report.date}; ${report.runsPerTool} timed runs per tool after one warm-up; medians.`, '');
  const m = report.machine;
  lines.push(`Machine: ${m.nproc} cores (nproc), ${m.cpu}; ${m.memory}; ${m.kernel}; Node ${m.node}; ${m.go}.`, '');
  lines.push(`Versions: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
  for (const [t, why] of Object.entries(report.skipped)) lines.push(`Skipped ${t}: ${why}.`, '');
  for (const { size, tools, loadBefore, loadAfter } of report.results) {
    const base = tools.kubelint;
    lines.push(`### ${size.toLocaleString('en-US')} resource${size === 1 ? '' : 's'}`, '');
    // Other work on a shared 2-core machine inflates wall time; CPU time is the steadier figure.
    lines.push(`Load average (1/5/15 min) before: ${loadBefore}; after: ${loadAfter}.`, '');
    lines.push('| tool | wall s (median) | wall min–max | CPU s (user+sys) | peak RSS MiB | wall ÷ kubelint | CPU ÷ kubelint | RSS ÷ kubelint | exit | reported |');
    lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---|');
    for (const [name, r] of Object.entries(tools)) {
      lines.push(`| ${name} | ${fmt(r.wall)} | ${fmt(r.wallMin)}–${fmt(r.wallMax)} | ${fmt(r.cpu)} | ${fmt(r.rssMiB, 0)} | ` +
        `${base ? ratio(r.wall, base.wall) : '–'} | ${base ? ratio(r.cpu, base.cpu) : '–'} | ${base ? ratio(r.rssMiB, base.rssMiB) : '–'} | ` +
        `${r.exitCodes.join('/')} | ${r.outcome}${r.slow ? ` (1 run only: over the ${report.slowLimit ?? 120} s limit)` : ''} |`);
    }
    lines.push('', 'Commands (run from the repository root):', '');
    for (const [name, r] of Object.entries(tools)) lines.push(`- ${name}: \`${r.command}\``);
    lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
