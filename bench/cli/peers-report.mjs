// The machine description and the Markdown tables for bench/cli/peers.mjs results.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { cacheModeLabel, describeCacheMode } from './cache-mode.mjs';

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
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN);
const times = (r) => (Number.isFinite(r) ? `${r.toFixed(2)}×` : '–');
import { COMMENT_TWINS } from '../corpus-gen/shapes.mjs';
const RSS_TARGET_MIB = 200;

/** The cell of a tool on a shape at one size. */
const cellOf = (entry, shape, tool) => entry.cells.find((c) => c.shape === shape && c.tool === tool);

/** kubelint ÷ kubeconform must be ≤ 1 from 1,000 resources up and ≤ 2 below. */
const peerLimit = (size) => (size >= 1000 ? 1 : 2);

function mainTable(report, lines) {
  const peers = [...new Set(report.results.flatMap((e) => e.cells.map((c) => c.tool)))].filter((t) => t !== 'kubelint' && t !== 'kubeconform');
  lines.push(`| shape | resources | MiB | kubelint wall s | CPU s | RSS MiB | kubeconform wall s | CPU s | RSS MiB | kubelint ÷ kubeconform wall | CPU | ${peers.map((p) => `${p} wall / CPU s`).join(' | ')}${peers.length ? ' | ' : ''}kubelint findings | kubeconform |`);
  lines.push(`|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|${peers.map(() => '---:|').join('')}---:|---|`);
  for (const entry of report.results) {
    for (const shape of [...new Set(entry.cells.map((c) => c.shape))]) {
      const k = cellOf(entry, shape, 'kubelint');
      const c = cellOf(entry, shape, 'kubeconform');
      const mark = (r) => (Number.isFinite(r) ? `${times(r)}${r <= peerLimit(entry.size) ? '' : ' ✗'}` : '–');
      lines.push(`| ${shape} | ${entry.size.toLocaleString('en-US')} | ${fmt(k.summary.bytes / 1048576, 1)} | ${fmt(k.wall, 3)} | ${fmt(k.cpu, 3)} | ${fmt(k.rssMiB, 0)} | ` +
        `${fmt(c?.wall, 3)} | ${fmt(c?.cpu, 3)} | ${fmt(c?.rssMiB, 0)} | ${mark(ratio(k.wall, c?.wall))} | ${mark(ratio(k.cpu, c?.cpu))} | ` +
        `${peers.map((p) => { const x = cellOf(entry, shape, p); return x ? `${fmt(x.wall, 3)} / ${fmt(x.cpu, 3)}` : '–'; }).join(' | ')}${peers.length ? ' | ' : ''}` +
        `${k.outcome?.replace(' findings', '') ?? '–'} | ${c?.outcome ?? '–'} |`);
    }
  }
}

function targets(report, lines) {
  const mode = report.cache ? `; ${cacheModeLabel(report.cache)}, see Cache mode` : '';
  lines.push(`| target | measured (kubelint medians from this run${mode}) | verdict |`, '|---|---|---|');
  const comment = [];
  for (const entry of report.results) {
    for (const [shape, twin] of Object.entries(COMMENT_TWINS)) {
      const a = cellOf(entry, shape, 'kubelint');
      const b = cellOf(entry, twin, 'kubelint');
      if (a && b) comment.push({ size: entry.size, shape, twin, cpu: ratio(a.cpu, b.cpu), wall: ratio(a.wall, b.wall) });
    }
  }
  if (comment.length) {
    const worst = Math.max(...comment.map((c) => c.cpu));
    lines.push(`| comments anywhere ≤ 10% over the same input without comments (CPU) | ${comment.map((c) => `${c.shape}/${c.twin} ${c.size.toLocaleString('en-US')}: CPU ${times(c.cpu)}, wall ${times(c.wall)}`).join('; ')} | ${worst <= 1.1 ? '**met**' : `**not met** (worst CPU ${times(worst)})`} |`);
  }
  const vs = report.results.flatMap((entry) => entry.cells.filter((c) => c.tool === 'kubelint').map((k) => {
    const c = cellOf(entry, k.shape, 'kubeconform');
    return c && { size: entry.size, shape: k.shape, wall: ratio(k.wall, c.wall), cpu: ratio(k.cpu, c.cpu) };
  })).filter(Boolean);
  if (vs.length) {
    const missed = vs.filter((v) => !(v.wall <= peerLimit(v.size) && v.cpu <= peerLimit(v.size)));
    lines.push(`| every shape: wall and CPU ≤ kubeconform's from 1,000 up, ≤ 2× below | ${vs.length - missed.length} of ${vs.length} cells within; missed: ${missed.map((m) => `${m.shape} ${m.size.toLocaleString('en-US')} (wall ${times(m.wall)}, CPU ${times(m.cpu)})`).join(', ') || 'none'} | ${missed.length ? '**not met**' : '**met**'} |`);
  }
  const large = report.results.filter((e) => e.size >= 10000).flatMap((e) => e.cells.filter((c) => c.tool === 'kubelint').map((c) => ({ ...c, size: e.size })));
  if (large.length) {
    const worst = large.reduce((a, b) => (b.rssMiB > a.rssMiB ? b : a));
    lines.push(`| 10,000 resources ≤ ${RSS_TARGET_MIB} MiB peak RSS | ${large.map((c) => `${c.shape} ${fmt(c.rssMiB, 0)}`).join(', ')} MiB | ${worst.rssMiB <= RSS_TARGET_MIB ? '**met**' : `**not met** (${worst.shape}: ${fmt(worst.rssMiB, 0)} MiB)`} |`);
  }
}

/** The report: method, machine, load, the shape × size table, the targets, the commands. */
export function toMarkdown(report) {
  const lines = [];
  const m = report.machine;
  lines.push(`Command: \`flock /tmp/kubelint-bench.lock node bench/cli/peers.mjs${report.argv.length ? ` ${report.argv.join(' ')}` : ''}\` — ` +
    `measured ${report.date} at HEAD ${report.head}, ${report.minutes.toFixed(1)} min in all.`, '');
  lines.push(`Machine: ${m.nproc} cores (nproc), ${m.cpu}; ${m.memory}; ${m.kernel}; Node ${m.node}; ${m.go}. ` +
    `Versions: ${Object.entries(m.versions).map(([k, v]) => `${k} ${v}`).join(', ')}.`, '');
  lines.push('Method: every figure is the median of fresh processes timed by `bench/cli/rusage.py` (wait4: wall, user+sys CPU at µs, shown to the ms; peak RSS) ' +
    'after one untimed warm-up per cell; in each round every shape runs with every tool in turn, so load drift spreads ' +
    'over all cells and twins are measured side by side. Ratios are kubelint ÷ kubeconform from the same rounds ' +
    '(✗: above the target: 1× from 1,000 resources up, 2× below). kubelint lints schema + every rule with its default ' +
    'config; kubeconform validates strictly against the same schemas. CPU is the steadier figure on a shared machine.', '');
  if (report.unsetEnv?.length) lines.push(`Environment: every tool ran without ${report.unsetEnv.map((name) => `\`${name}\``).join(', ')} (\`--unset-env\`).`, '');
  if (report.cache) lines.push(`Cache mode \`--cache ${report.cache}\`: ${describeCacheMode(report.cache)} (KUBELINT_CACHE_DIR; peers keep no cache). Without it the table is of warm runs.`, '');
  for (const [t, why] of Object.entries(report.skipped)) lines.push(`Skipped ${t}: ${why}.`, '');
  lines.push('Load (`uptime`) per size, and the 1-minute load average at the start of each timed round:', '');
  for (const e of report.results) {
    lines.push(`- ${e.size.toLocaleString('en-US')} (${e.runs} runs): before \`${e.uptimeBefore}\`; after \`${e.uptimeAfter}\`; rounds ${e.roundLoads.join(', ')}`);
  }
  lines.push('');
  mainTable(report, lines);
  lines.push('', `Targets (issue #22)${report.cache ? `, ${cacheModeLabel(report.cache)}` : ''}:`, '');
  targets(report, lines);
  const slow = report.results.flatMap((e) => e.cells.filter((c) => c.slow).map((c) => `${c.tool} on ${c.shape} ${e.size}`));
  if (slow.length) lines.push('', `Timed once (warm-up over the ${report.slowLimit} s limit): ${slow.join(', ')}.`);
  lines.push('', 'Commands (from the repository root; other shapes and sizes differ only in the folder, and kubeconform gets the crd shape\'s schemas too):', '');
  const last = report.results.at(-1);
  const shown = (last?.cells ?? []).filter((c, i, all) => c.shape === all[0].shape || (c.shape === 'crd' && c.tool === 'kubeconform'));
  for (const c of shown) lines.push(`- ${c.tool}${c.shape === 'crd' ? ', crd' : ''}: \`${c.command}\``);
  return `${lines.join('\n')}\n`;
}

/** The markers of the block a run writes: the default (warm) table's, or a cache mode's own. */
export function blockMarkers(mode) {
  const name = mode ? `peers-${mode}` : 'peers';
  return {
    begin: `<!-- ${name}:begin — written by \`node bench/cli/peers.mjs${mode ? ` --cache ${mode}` : ''}\`; edit the script, not this block -->`,
    end: `<!-- ${name}:end -->`,
  };
}

/** Replaces the mode's block in BENCHMARKS.md (appends the block when absent). */
export function writeBenchmarksSection(file, markdown, mode) {
  const { begin, end } = blockMarkers(mode);
  const text = readFileSync(file, 'utf8');
  const block = `${begin}\n\n${markdown}\n${end}`;
  const from = text.indexOf(begin.slice(0, begin.indexOf(':begin') + ':begin'.length));
  const to = text.indexOf(end);
  const next = from !== -1 && to > from ? text.slice(0, from) + block + text.slice(to + end.length) : `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(file, next);
}
