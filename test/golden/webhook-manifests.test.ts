// The webhook's cert-manager resources are validated through the repository's schema folder
// (schemas/crds), not waved through as unknown kinds.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT, runJson } from '../helpers/cli.js';

it('a typo in the webhook Certificate is a schema error at its line', async () => {
  const text = readFileSync(path.join(REPO_ROOT, 'manifests/kubelint-webhook/certificate.yaml'), 'utf8');
  const lines = text.split('\n');
  const at = lines.findIndex((l) => l.startsWith('  renewBefore:'));
  lines.splice(at + 1, 0, '  renewBeforePercent: 10');
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'kubelint-cert-')), 'certificate.yaml');
  writeFileSync(file, lines.join('\n'));
  const { code, report } = await runJson([file, '-c', path.join(REPO_ROOT, '.kubelint.json')]);
  expect(report!.findings.map((f) => [f.ruleId, f.line, f.column, f.message])).toEqual([
    ['schema', at + 2, 3, 'spec.renewBeforePercent: unknown field "renewBeforePercent"'],
  ]);
  expect(code).toBe(1);
});
