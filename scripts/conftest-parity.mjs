#!/usr/bin/env node
// Runs the pinned conftest (.tools/bin/conftest, scripts/setup-peers.sh) and kubelint on the same
// policies and files, and compares the FAIL/WARN messages file by file. Used to check kubelint's
// conftest dialect against real conftest on policy folders kubelint does not ship (conftest's own
// examples, a team's policy/ folder).
//   node scripts/conftest-parity.mjs [--namespace ns | --all-namespaces] [--data d] <policy-dir> <files...>
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const flags = [];
while (args[0]?.startsWith('--')) flags.push(...(args[0] === '--all-namespaces' ? [args.shift()] : [args.shift(), args.shift()]));
const [policy, ...files] = args;
if (!policy || files.length === 0) {
  console.error('usage: node scripts/conftest-parity.mjs [flags] <policy-dir> <files...>');
  process.exit(2);
}

function run(binary, argv) {
  try {
    return execFileSync(binary, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    if (error.stdout) return error.stdout; // exit 1: findings
    throw error;
  }
}

const perFile = () => Object.fromEntries(files.map((f) => [f, []]));
const conftest = perFile();
for (const r of JSON.parse(run(path.join(root, '.tools/bin/conftest'), ['test', '--no-color', '-o', 'json', '--policy', policy, ...flags, ...files]))) {
  conftest[r.filename].push(...(r.failures ?? []).map((x) => `FAIL ${x.msg}`), ...(r.warnings ?? []).map((x) => `WARN ${x.msg}`));
}
const kubelint = perFile();
const report = JSON.parse(run(process.execPath, [path.join(root, 'bin/kubelint.js'), '--no-config', '-f', 'json', '--policy', policy, ...flags, ...files]));
for (const f of report.findings) {
  if (f.ruleId === 'policy-error') kubelint[files[0]].push(`ERROR ${f.message}`);
  else if (f.ruleId.includes('.')) kubelint[path.relative(process.cwd(), path.resolve(f.file))]?.push(`${f.severity === 'error' ? 'FAIL' : 'WARN'} ${f.message}`);
}
let differ = 0;
for (const file of files) {
  const a = [...conftest[file]].sort();
  const b = [...kubelint[file]].sort();
  const same = JSON.stringify(a) === JSON.stringify(b);
  if (!same) differ++;
  console.log(`${same ? 'same' : 'DIFFERENT'}  ${file}: conftest ${a.length}, kubelint ${b.length}`);
  if (!same) {
    for (const m of a.filter((x) => !b.includes(x))) console.log(`  only conftest: ${m}`);
    for (const m of b.filter((x) => !a.includes(x))) console.log(`  only kubelint: ${m}`);
  }
}
process.exit(differ === 0 ? 0 : 1);
