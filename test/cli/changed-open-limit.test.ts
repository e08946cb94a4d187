// --changed reads the repository's files a few dozen at a time, as a full run does: opening every
// file at once ran into the open-file limit, and a context file that could not be opened dropped
// out of the context without a word (here: the PodDisruptionBudget, so pdb-required was reported
// on the changed Deployment although the full run has no such finding).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT, runJson } from '../helpers/cli.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const temp = tempDirs();
const BIN = path.join(REPO_ROOT, 'bin', 'kubelint.js');

const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n`;
const configMap = (i: number) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings-${i}\n  namespace: shop\ndata:\n  key: value\n`;
const budget = `apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels: {app: web}\n`;

it('loses no context file under a low open-file limit (300 files, ulimit -n 100)', async () => {
  const repo = temp('kubelint-open-limit-');
  const cache = temp('kubelint-open-limit-cache-');
  writeFileSync(path.join(repo, 'app.yaml'), deployment);
  for (let i = 0; i < 300; i++) writeFileSync(path.join(repo, `cm-${String(i).padStart(3, '0')}.yaml`), configMap(i));
  writeFileSync(path.join(repo, 'zz-budget.yaml'), budget); // listed last: opened when the others are still open
  const full = await runJson(['.', '--no-config'], { cwd: repo, env: { KUBELINT_CACHE_DIR: cache } });
  const expected = full.report!.findings.filter((f) => f.file === 'app.yaml').map((f) => f.ruleId);
  expect(expected).not.toContain('pdb-required');
  const run = spawnSync('bash', ['-c', `ulimit -n 100 && exec "${process.execPath}" "${BIN}" --changed app.yaml --no-config --format json`], {
    cwd: repo,
    env: { ...process.env, KUBELINT_CACHE_DIR: cache },
    encoding: 'utf8',
  });
  expect(run.stderr).toBe('');
  const out = run.stdout;
  const changed = JSON.parse(out) as { findings: { ruleId: string }[] };
  expect(changed.findings.map((f) => f.ruleId)).toEqual(expected);
});
