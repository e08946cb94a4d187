#!/usr/bin/env node
// Differential check of the pss-* rules against the PodSecurity admission's own Go checks
// (k8s.io/pod-security-admission/policy, see scripts/pss-oracle/main.go): for every single-document
// workload fixture under fixtures/, every level and every policy version 1.30-1.36, the set of
// controls kubelint reports with --preset pss-<level> must be the set of checks that refuse it.
// Not part of the package or of CI (it needs Go and the module proxy or cache): the oracle is built
// into build/pss-oracle/ (ignored) on first use.
//
//   npm run build && node scripts/pss-oracle-diff.mjs
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { lint } from '../dist/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const oracle = path.join(root, 'build', 'pss-oracle', 'pss-oracle');
if (!existsSync(oracle)) {
  console.error('building the oracle (go build) ...');
  execFileSync('go', ['build', '-o', oracle, '.'], { cwd: path.join(root, 'scripts', 'pss-oracle'), stdio: 'inherit', env: { ...process.env, GOFLAGS: '-mod=mod' } });
}

const WORKLOADS = /^kind:\s*(Pod|Deployment|ReplicaSet|StatefulSet|DaemonSet|Job|CronJob)\s*$/m;
const files = (await fg(['fixtures/**/*.{yaml,yml}'], { cwd: root, absolute: true }))
  .filter((f) => {
    const text = readFileSync(f, 'utf8');
    return WORKLOADS.test(text) && !/^---/m.test(text.replace(/^---\s*\n/, ''));
  })
  .sort();

const expected = new Map();
const lines = execFileSync(oracle, files, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] }).trim().split('\n');
for (const line of lines) {
  const r = JSON.parse(line);
  expected.set(`${r.file}|${r.level}|${r.version}`, r.checks);
}
const judged = [...new Set(lines.map((l) => JSON.parse(l).file))];

let differences = 0;
let compared = 0;
let refused = 0;
for (const level of ['baseline', 'restricted']) {
  for (let minor = 30; minor <= 36; minor++) {
    const report = await lint(judged, { configFile: false, cwd: root, overrides: { presets: [`pss-${level}`], kubernetesVersion: `1.${minor}` } });
    const got = new Map();
    for (const f of report.findings) {
      if (!f.podSecurity) continue;
      const key = `${path.resolve(root, f.file)}|${level}|${minor}`;
      got.set(key, [...new Set([...(got.get(key) ?? []), f.podSecurity.control])].sort());
    }
    for (const file of judged) {
      const key = `${file}|${level}|${minor}`;
      const want = expected.get(key) ?? [];
      const have = got.get(key) ?? [];
      compared++;
      if (want.length > 0) refused++;
      if (JSON.stringify(want) !== JSON.stringify(have)) {
        differences++;
        console.log(`DIFF ${path.relative(root, file)} ${level} v1.${minor}: admission [${want}] kubelint [${have}]`);
      }
    }
  }
}
console.log(`${judged.length} fixtures x 2 levels x 7 versions = ${compared} comparisons (${refused} refused by the admission), ${differences} differences`);
process.exitCode = differences === 0 ? 0 : 1;
