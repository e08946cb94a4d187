#!/usr/bin/env node
// Cold start: one Deployment, a fresh process each time (#22 target ≤ 0.12 s wall; Node's own
// start is the floor).
//
//   flock /tmp/kubelint-bench.lock node bench/cli/cold.mjs [--runs 15] [--before <other checkout>]
//
// Times, alternating within each round: `node -e 0` (the floor), `kubelint --version` (module
// loading of the entry only), and `kubelint <one Deployment> --no-config --format json` (schema +
// every recommended rule), for this checkout and, with --before, another built checkout.
// KUBELINT_CACHE_DIR is a scratch folder. Medians of wall, CPU (user+sys), peak RSS and minor page
// faults. When NODE_EXTRA_CA_CERTS is set (it is on this machine), Node 20 parses its whole CA store
// before running any JavaScript (~70 ms here, nodejs/node#40524): `node -e 0` and this checkout's
// one Deployment are also timed without it, to show what Node's start costs and what kubelint does.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assertTimer, measureOnce, summarize } from './measure.mjs';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' }, before: { type: 'string' } } });
const runs = Number(values.runs);
assertTimer();

const deployment = path.join(here, 'manifests/solar-sync/plain/07-deployment.yaml');
const builds = [{ name: 'this checkout', root: here }];
if (values.before) builds.unshift({ name: `before (${values.before})`, root: path.resolve(values.before) });
for (const b of builds) if (!existsSync(path.join(b.root, 'bin/kubelint.js'))) throw new Error(`${b.root}/bin/kubelint.js missing`);

const lintArgs = (root) => [path.join(root, 'bin/kubelint.js'), deployment, '--no-config', '--format', 'json'];
const cases = [{ name: 'node -e 0', args: ['-e', '0'] }];
for (const b of builds) {
  cases.push({ name: `${b.name}: --version`, args: [path.join(b.root, 'bin/kubelint.js'), '--version'] });
  cases.push({ name: `${b.name}: one Deployment`, args: lintArgs(b.root) });
}
if (process.env.NODE_EXTRA_CA_CERTS) {
  const bare = { NODE_EXTRA_CA_CERTS: undefined };
  cases.push({ name: '`node -e 0`, NODE_EXTRA_CA_CERTS unset', args: ['-e', '0'], env: bare });
  cases.push({ name: 'this checkout: one Deployment, NODE_EXTRA_CA_CERTS unset', args: lintArgs(here), env: bare });
}
const work = mkdtempSync(path.join(tmpdir(), 'kubelint-cold-'));
const samples = cases.map(() => []);
for (let i = -1; i < runs; i++) {
  for (const [c, item] of cases.entries()) {
    const run = measureOnce(process.execPath, item.args, { cwd: work, stdoutFile: path.join(work, 'out'), env: { KUBELINT_CACHE_DIR: path.join(work, 'cache'), ...item.env } });
    if (run.exitCode > 1) throw new Error(`${item.name}: exit ${run.exitCode} ${run.stderr}`);
    if (i >= 0) samples[c].push(run);
  }
}
rmSync(work, { recursive: true, force: true });
console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log(`node ${process.version}; ${runs} rounds after 1 warm-up, cases alternating within a round\n`);
console.log('| case | wall median (min–max) | CPU user+sys | peak RSS | minor faults |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [c, item] of cases.entries()) {
  const s = summarize(samples[c]);
  console.log(`| ${item.name} | ${s.wall.toFixed(3)} s (${s.wallMin.toFixed(2)}–${s.wallMax.toFixed(2)}) | ${s.cpu.toFixed(3)} s | ${s.rssMiB.toFixed(0)} MiB | ${Math.round(s.minorFaults).toLocaleString('en-US')} |`);
}
