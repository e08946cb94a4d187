#!/usr/bin/env node
// Pre-commit: `kubelint --changed <one file>` in a 1,000-resource repository (#22 target ≤ 0.30 s).
//
//   flock /tmp/kubelint-bench.lock node bench/cli/changed.mjs [--runs 7] [--before <other checkout>] [--edit comment|object] [--fill N]
//
// Two repositories: the CLI corpus (bench/cli/cli-corpus.mjs, 250 files of 4 resources in 10
// namespaces) and the project corpus (bench/corpus-gen/corpus.mjs, 1,000 resources in 47 files and
// 3 namespaces). Before each timed run the changed file gets a new trailing comment, as a commit
// would change it, so its content hash is new every time; the other files are as the previous run
// left them (a pre-commit hook on a working copy). With `--edit object` the first container image
// of the changed file also gets a new tag every run, so one object is new to --changed's findings
// cache each time (with `comment`, the default, every object of the file is as before). `--before` times another built checkout (e.g.
// a worktree of the commit before a change) alternately with this one, same inputs, same order.
// Every run is a fresh process timed by bench/cli/rusage.py; medians of wall, CPU (user+sys) and peak RSS.
// `--fill N` first gives each build's cache folder what a user's holds after linting other
// repositories: one `--changed` run (untimed) in a generated repository of N one-ConfigMap files,
// the changed one holding 5,000 more (the findings cache's bound; N = 50,000 is the namespace
// index's bound before round 5), so that what a run pays for caches at their bounds shows.
import { execFileSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { assertTimer, measureOnce, summarize } from './measure.mjs';

const here = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({ options: { runs: { type: 'string', default: '7' }, before: { type: 'string' }, edit: { type: 'string', default: 'comment' }, fill: { type: 'string', default: '0' } } });
if (!['comment', 'object'].includes(values.edit)) throw new Error('--edit: comment or object');
const runs = Number(values.runs);
assertTimer();

const work = mkdtempSync(path.join(tmpdir(), 'kubelint-changed-bench-'));
const cliRepo = path.join(work, 'cli');
execFileSync(process.execPath, [path.join(here, 'bench/cli/cli-corpus.mjs'), cliRepo, '250'], { stdio: 'ignore' });
const projectRepo = path.join(work, 'project');
execFileSync(process.execPath, [path.join(here, 'bench/corpus-gen/corpus.mjs'), '--sizes', '1000', '--out', projectRepo], { stdio: 'ignore' });

const repos = [
  { name: 'CLI corpus (250 files, 10 namespaces)', cwd: cliRepo, changed: 'k8s/app-0001.yaml' },
  { name: 'project corpus (47 files, 3 namespaces)', cwd: path.join(projectRepo, '1000'), changed: null },
];
const { readdirSync } = await import('node:fs');
repos[1].changed = readdirSync(repos[1].cwd).filter((f) => f.endsWith('.yaml')).sort()[1];

const builds = [{ name: 'this checkout', bin: path.join(here, 'bin/kubelint.js') }];
if (values.before) builds.unshift({ name: `before (${values.before})`, bin: path.join(path.resolve(values.before), 'bin/kubelint.js') });
for (const b of builds) if (!existsSync(b.bin)) throw new Error(`${b.bin} missing: build that checkout first`);

const cacheDirs = builds.map(() => mkdtempSync(path.join(tmpdir(), 'kubelint-changed-key-')));
const fill = Number(values.fill);
if (fill > 0) {
  const other = path.join(work, 'other');
  mkdirSync(other);
  const cm = (name, ns) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n  k: v\n`;
  for (let i = 0; i < fill; i++) writeFileSync(path.join(other, `c${i}.yaml`), cm(`c${i}`, 'other'));
  // In a namespace of its own: the other files are indexed, not linted.
  writeFileSync(path.join(other, 'c0.yaml'), Array.from({ length: 5000 }, (_, i) => cm(`many-${i}`, 'many')).join('---\n'));
  for (const [b, build] of builds.entries()) {
    execFileSync(process.execPath, [build.bin, '--changed', 'c0.yaml', '--format', 'json'], { cwd: other, env: { ...process.env, KUBELINT_CACHE_DIR: cacheDirs[b] }, stdio: 'ignore', maxBuffer: 1 << 30 });
  }
}
const stdoutFile = path.join(work, 'out.json');
const results = [];
for (const repo of repos) {
  const samples = builds.map(() => []);
  let reports = builds.map(() => undefined);
  for (let i = -1; i < runs; i++) {
    for (const [b, build] of builds.entries()) {
      appendFileSync(path.join(repo.cwd, repo.changed), `# edit ${i} ${b}\n`);
      if (values.edit === 'object') {
        const file = path.join(repo.cwd, repo.changed);
        const text = readFileSync(file, 'utf8');
        const image = /^(\s*image: [^\s:]+):\S+$/m;
        if (!image.test(text)) throw new Error(`${repo.changed}: no container image to edit`);
        writeFileSync(file, text.replace(image, `$1:edit-${i}`)); // the same edit for both builds
      }
      const run = measureOnce(process.execPath, [build.bin, '--changed', repo.changed, '--format', 'json'], {
        cwd: repo.cwd, stdoutFile, env: { KUBELINT_CACHE_DIR: cacheDirs[b] },
      });
      if (run.exitCode > 1) throw new Error(`${build.name} exit ${run.exitCode}: ${run.stderr}`);
      const { findings } = JSON.parse((await import('node:fs')).readFileSync(stdoutFile, 'utf8'));
      reports[b] = JSON.stringify(findings.map((f) => [f.ruleId, f.file, f.line, f.column, f.message]));
      if (i >= 0) samples[b].push(run); // i = -1: warm-up (page cache, the namespace index)
    }
  }
  const same = reports.every((r) => r === reports[0]);
  for (const [b, build] of builds.entries()) results.push({ repo: repo.name, build: build.name, ...summarize(samples[b]), sameFindings: same });
}
rmSync(work, { recursive: true, force: true });
for (const d of cacheDirs) rmSync(d, { recursive: true, force: true });

console.log(`uptime: ${execFileSync('uptime', { encoding: 'utf8' }).trim()}`);
console.log(`node ${process.version}, ${runs} runs each after 1 warm-up, builds alternating, edit: ${values.edit}${fill > 0 ? `, caches filled from ${fill} other files` : ''}\n`);
console.log('| repository | build | wall median (min–max) | CPU user+sys | peak RSS | same findings |');
console.log('| --- | --- | ---: | ---: | ---: | --- |');
for (const r of results) {
  console.log(`| ${r.repo} | ${r.build} | ${r.wall.toFixed(2)} s (${r.wallMin.toFixed(2)}–${r.wallMax.toFixed(2)}) | ${r.cpu.toFixed(2)} s | ${r.rssMiB.toFixed(0)} MiB | ${r.sameFindings ? 'yes' : 'NO'} |`);
}
