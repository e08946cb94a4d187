// The shipped CLI runs the esbuild bundle (dist/bundle/kubelint.mjs, `npm run build`), while every
// other test runs the TypeScript sources: spawn the real bin and check it agrees with the sources,
// so the bundle cannot drift from them (or lose a lazily loaded file on the way).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-code.js';
import { resolveConfig } from '../../src/config/load.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import { lint } from '../../src/lint.js';
import type { Finding } from '../../src/types.js';
import { VERSION } from '../../src/version.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = path.join(root, 'bin', 'kubelint.js');
const bundle = path.join(root, 'dist', 'bundle', 'kubelint.mjs');

function kubelint(...args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  if (run.error) throw run.error;
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

interface JsonFinding {
  ruleId: string;
  file: string | null;
  line: number | null;
  column: number | null;
}

const key = (f: JsonFinding) => `${f.ruleId} ${f.file}:${f.line}:${f.column}`;
const sourceKey = (f: Finding) => key({ ruleId: f.ruleId, file: f.file ?? null, line: f.range?.line ?? null, column: f.range?.column ?? null });

describe('bin/kubelint.js (bundled CLI)', () => {
  it('runs from the bundle that npm run build writes', () => {
    expect(existsSync(bundle), `${bundle} missing: run npm run build`).toBe(true);
  });

  it.each([['manifests/solar-sync/plain/07-deployment.yaml'], ['fixtures/solar-sync-seed']])(
    'reports on %s exactly what the in-process lint() does',
    async (input) => {
      const options = { cwd: root, configFile: false as const };
      const expected = await lint([input], options);
      const config = await resolveConfig(options);
      expect(expected.findings.length).toBeGreaterThan(0); // both inputs draw findings

      const run = kubelint(input, '--no-config', '--format', 'json');
      expect(run.stderr).toBe('');
      expect(run.code).toBe(exitCodeFor(expected, config));
      const report = JSON.parse(run.stdout) as { findings: JsonFinding[] };
      expect(report.findings.map(key)).toEqual(expected.findings.map(sourceKey));
    },
    60_000,
  );

  it('lists every rule the engine has', async () => {
    const run = kubelint('rules', '--json');
    expect(run.code).toBe(0);
    const listed = (JSON.parse(run.stdout) as { id: string }[]).map((r) => r.id).sort();
    expect(listed).toEqual([...(await getLinter()).rules.keys()].sort());
    const table = kubelint('rules');
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(new RegExp(`^${listed.length} rules\\.`, 'm'));
  }, 60_000);

  it('prints the version', () => {
    const run = kubelint('--version');
    expect(run).toEqual({ code: 0, stdout: `kubelint ${VERSION}\n`, stderr: '' });
  });
});
