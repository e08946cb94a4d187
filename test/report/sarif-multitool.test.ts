// Microsoft's SARIF Multitool (from the npm registry) validates a real run's SARIF with its own
// SARIF rules and the GitHub code scanning ingestion rules ("Gh"); both must report nothing.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleRepo } from '../baseline/helpers.js';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

const multitool = path.join(REPO_ROOT, 'node_modules', '.bin', 'sarif-multitool');

describe('SARIF Multitool validation', () => {
  it('finds no SARIF or GitHub ingestion problems in a real run', async () => {
    const repo = sampleRepo(true);
    const run = await runCli(['k8s', '--format', 'sarif', '-o', 'out.sarif'], { cwd: repo });
    expect(run.code).toBe(1);
    for (const kind of ['Sarif', 'Gh']) {
      const log = path.join(repo, `validation-${kind}.sarif`);
      execFileSync(multitool, ['validate', path.join(repo, 'out.sarif'), '--output', log, '--log', 'ForceOverwrite', '--rule-kind', kind], { stdio: 'pipe', timeout: 120_000 });
      const results = JSON.parse(readFileSync(log, 'utf8')).runs[0].results as Array<{ ruleId: string; message: unknown }>;
      expect(results.map((r) => `${r.ruleId} ${JSON.stringify(r.message)}`), kind).toEqual([]);
    }
  }, 240_000);
});
