#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `node --cpu-prof`): where the samples went, by package or
// source module (self time), by function (self time), and the inclusive time of chosen frames.
//
//   node --cpu-prof --cpu-prof-dir=bench/results/prof bin/kubelint.js bench/corpus/10000 --format json >/dev/null
//   node bench/cli/profile-summary.mjs bench/results/prof/<file>.cpuprofile [--top 25] [--frame name ...]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Groups a frame's script by npm package, our own dist module, or node internals. */
export function moduleOf(url) {
  if (!url) return '(native/vm)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (pkg) return `${pkg[1]}${pkg[1] === 'yaml' ? `/${pkg[2].split('/').slice(-2).join('/')}` : ''}`;
  const own = /\/(dist|bin)\/(.*)$/.exec(url);
  if (own) return `kubelint:${own[2]}`;
  if (url.startsWith('node:')) return 'node internals';
  return url.replace(/^file:\/\//, '');
}

export function summarizeProfile(profile, { frames = [] } = {}) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // Sample weight: time deltas (µs) when present, else one unit per sample.
  const selfTime = new Map();
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas?.[i] ?? 1;
    selfTime.set(id, (selfTime.get(id) ?? 0) + dt);
  });
  const total = [...selfTime.values()].reduce((a, b) => a + b, 0);
  const byModule = new Map();
  const byFunction = new Map();
  const inclusive = new Map(frames.map((f) => [f, 0]));
  const inclusiveAll = new Map();
  const keyOf = (cf) => `${cf.functionName || '(anonymous)'} ${moduleOf(cf.url)}:${cf.lineNumber + 1}`;
  for (const [id, t] of selfTime) {
    const node = nodes.get(id);
    const cf = node.callFrame;
    const mod = moduleOf(cf.url);
    byModule.set(mod, (byModule.get(mod) ?? 0) + t);
    const fn = `${cf.functionName || '(anonymous)'} ${mod}:${cf.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
    // Inclusive: count the sample once for each chosen frame name on its stack.
    const seen = new Set();
    const seenAll = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = nodes.get(cur).callFrame;
      const name = frame.functionName;
      if (inclusive.has(name) && !seen.has(name)) { inclusive.set(name, inclusive.get(name) + t); seen.add(name); }
      const key = keyOf(frame);
      if (!seenAll.has(key)) { inclusiveAll.set(key, (inclusiveAll.get(key) ?? 0) + t); seenAll.add(key); }
    }
  }
  const sorted = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).map(([k, v]) => ({ name: k, ms: v / 1000, share: v / total }));
  return { totalMs: total / 1000, byModule: sorted(byModule), byFunction: sorted(byFunction), inclusive: sorted(inclusive),
    ownInclusive: sorted(inclusiveAll).filter((r) => r.name.includes(' kubelint:')) };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--top' && args[args.indexOf(a) - 1] !== '--frame');
  if (!file) {
    console.error('usage: node bench/cli/profile-summary.mjs <file.cpuprofile> [--top N] [--frame functionName ...]');
    process.exit(2);
  }
  const top = Number(args[args.indexOf('--top') + 1]) || 25;
  const frames = args.flatMap((a, i) => (a === '--frame' ? [args[i + 1]] : []));
  let profile;
  try {
    profile = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`profile-summary: cannot read ${file}: ${error.message}`);
    process.exit(2);
  }
  const s = summarizeProfile(profile, { frames });
  const row = (r) => `${r.ms.toFixed(0).padStart(8)} ms ${(100 * r.share).toFixed(1).padStart(5)}%  ${r.name}`;
  console.log(`total sampled: ${s.totalMs.toFixed(0)} ms\n\nself time by module:`);
  for (const r of s.byModule.slice(0, top)) console.log(row(r));
  console.log('\nself time by function:');
  for (const r of s.byFunction.slice(0, top)) console.log(row(r));
  console.log('\ninclusive time of kubelint functions:');
  for (const r of s.ownInclusive.slice(0, top)) console.log(row(r));
  if (frames.length > 0) {
    console.log('\ninclusive time of chosen frames:');
    for (const r of s.inclusive) console.log(row(r));
  }
}
