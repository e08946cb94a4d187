#!/usr/bin/env node
// Differential check of the pss-* rules against the PodSecurity admission's own Go checks
// (k8s.io/pod-security-admission/policy, see scripts/pss-oracle/main.go): for every single-document
// workload fixture under fixtures/, every level and every policy version 1.30-1.36, the set of
// controls kubelint reports with --preset pss-<level> must be the set of checks that refuse it.
// Not part of the package or of CI (it needs Go and the module proxy or cache): the oracle is built
// into build/pss-oracle/ (ignored) on first use.
//
//   npm run build && node scripts/pss-oracle-diff.mjs [--record]
//
// --record also writes the admission's verdicts on kubelint's own Pod Security fixtures
// (fixtures/rules/pss-*) to fixtures/pod-security/admission-verdicts.json, with each file's hash,
// so test/rules/pss-admission-verdicts.test.ts holds kubelint to them in CI, where there is no Go.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
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
if (process.argv.includes('--record')) {
  const record = {};
  for (const file of judged.filter((f) => path.relative(root, f).startsWith(path.join('fixtures', 'rules', 'pss-')))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    const verdicts = {};
    for (const level of ['baseline', 'restricted']) {
      verdicts[level] = {};
      for (let minor = 30; minor <= 36; minor++) verdicts[level][`1.${minor}`] = expected.get(`${file}|${level}|${minor}`) ?? [];
    }
    record[rel] = { sha256: createHash('sha256').update(readFileSync(file)).digest('hex'), verdicts };
  }
  const out = path.join(root, 'fixtures', 'pod-security', 'admission-verdicts.json');
  // One line per fixture, so a change shows as the lines of the fixtures it touches.
  const entries = Object.entries(record).map(([file, value]) => `  ${JSON.stringify(file)}: ${JSON.stringify(value)}`);
  writeFileSync(out, `{\n "oracle": "k8s.io/pod-security-admission v0.36.3 (scripts/pss-oracle)",\n "files": {\n${entries.join(',\n')}\n }\n}\n`);
  console.log(`recorded ${Object.keys(record).length} fixtures to ${path.relative(root, out)}`);
}
console.log(`${judged.length} fixtures x 2 levels x 7 versions = ${compared} comparisons (${refused} refused by the admission), ${differences} differences`);
process.exitCode = differences === 0 ? 0 : 1;
