#!/usr/bin/env node
// Differential check of the Pod Security controls against the PodSecurity admission's own test
// fixtures (k8s.io/pod-security-admission test/testdata/<level>/v1.<n>/{pass,fail}/*.yaml, which
// upstream generates from its checks for every version). Not part of the package or of CI: it
// reads a local clone of that repository (a work tree, or a bare git directory read through
// `git archive`).
//
//   node scripts/pss-upstream-diff.mjs <pod-security-admission clone> [--from 30] [--to 36]
//
// For every level and version: a pass fixture must yield no finding with --preset pss-<level>;
// a fail fixture (named after the check it fails, lower-cased) must yield a finding of that
// control, or of the restricted control that overrides it at that version. Upstream only asserts
// that a fail fixture is refused, and some also break another control (a HostProcess pod needs
// hostNetwork); those extra controls are listed for review. Every finding must carry the level and
// version evaluated. Exit 1 on any difference. Needs `npm run build` first.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lint } from '../dist/index.js';
import { ruleCatalogue } from '../dist/engine/rego.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { from: { type: 'string', default: '30' }, to: { type: 'string', default: '36' } } });
if (positionals.length !== 1) {
  console.error('usage: node scripts/pss-upstream-diff.mjs <pod-security-admission clone> [--from 30] [--to 36]');
  process.exit(2);
}

/** The testdata folder: in the work tree, or extracted from a bare repository's HEAD. */
function testdata(repo) {
  const inTree = path.join(repo, 'test', 'testdata');
  if (existsSync(inTree)) return { dir: inTree, cleanup: () => {} };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'psa-testdata-'));
  const tar = execFileSync('git', ['-C', repo, 'archive', 'HEAD', 'test/testdata'], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', tmp], { input: tar });
  return { dir: path.join(tmp, 'test', 'testdata'), cleanup: () => rmSync(tmp, { recursive: true, force: true }) };
}

const controls = ruleCatalogue().filter((r) => r.podSecurity);
const byLower = new Map(controls.map((r) => [r.podSecurity.control.toLowerCase(), r.podSecurity.control]));
// Restricted controls that replace a baseline one, from the version they exist (as in policies/lib/pss.rego).
const OVERRIDES = { capabilities_baseline: ['capabilities_restricted', 22], hostPathVolumes: ['restrictedVolumes', 0], seccompProfile_baseline: ['seccompProfile_restricted', 19], procMount: ['procMount_restricted', 35] };

function expectedControl(file, level, minor) {
  const stem = path.basename(file, '.yaml').replace(/\d+$/, '');
  const control = byLower.get(stem);
  if (!control) throw new Error(`${file}: no control named ${stem}`);
  const override = OVERRIDES[control];
  return level === 'restricted' && override && minor >= override[1] ? override[0] : control;
}

async function findingsByFile(dir, level, minor) {
  const report = await lint([dir], { configFile: false, cwd: dir, overrides: { presets: [`pss-${level}`], kubernetesVersion: `1.${minor}` } });
  const out = new Map();
  for (const f of report.findings) {
    const file = path.resolve(dir, f.file);
    out.set(file, [...(out.get(file) ?? []), f]);
  }
  return out;
}

const { dir, cleanup } = testdata(positionals[0]);
let mismatches = 0;
const rows = [];
const extras = [];
try {
  for (let minor = Number(values.from); minor <= Number(values.to); minor++) {
    for (const level of ['baseline', 'restricted']) {
      const root = path.join(dir, level, `v1.${minor}`);
      if (!existsSync(root)) continue;
      const counts = { pass: 0, passOk: 0, fail: 0, failOk: 0 };
      for (const kind of ['pass', 'fail']) {
        const sub = path.join(root, kind);
        const found = await findingsByFile(sub, level, minor);
        for (const name of readdirSync(sub).filter((n) => n.endsWith('.yaml')).sort()) {
          const file = path.join(sub, name);
          const findings = found.get(file) ?? [];
          counts[kind]++;
          const got = [...new Set(findings.map((f) => f.podSecurity?.control ?? f.ruleId))].sort();
          const want = kind === 'pass' ? [] : [expectedControl(file, level, minor)];
          const versionOk = findings.every((f) => f.podSecurity?.version === `v1.${minor}` && f.podSecurity?.level === level);
          const ok = kind === 'pass' ? got.length === 0 : got.includes(want[0]);
          const extra = got.filter((c) => !want.includes(c));
          if (ok && extra.length > 0) extras.push(`${level}/v1.${minor}/${kind}/${name}: also ${extra.join(', ')}`);
          if (ok && versionOk) counts[`${kind}Ok`]++;
          else {
            mismatches++;
            console.log(`MISMATCH ${level}/v1.${minor}/${kind}/${name}: want [${want}] got [${got}]${versionOk ? '' : ' (wrong level/version on a finding)'}`);
            for (const f of findings) console.log(`    ${f.ruleId} ${f.path ?? ''}: ${f.message}`);
          }
        }
      }
      rows.push(`| v1.${minor} | ${level} | ${counts.failOk}/${counts.fail} | ${counts.passOk}/${counts.pass} |`);
    }
  }
} finally {
  cleanup();
}
console.log('\n| version | level | fail fixtures reported as the expected control | pass fixtures with no finding |\n|---|---|---|---|');
console.log(rows.join('\n'));
if (extras.length > 0) console.log(`\nfail fixtures that also break other controls (${extras.length}):\n  ${extras.join('\n  ')}`);
console.log(mismatches === 0 ? '\nno differences' : `\n${mismatches} differences`);
process.exitCode = mismatches === 0 ? 0 : 1;
