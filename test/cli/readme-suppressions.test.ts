// The README's suppression example is a real manifest whose every suppression suppresses a finding.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runJson } from '../helpers/cli.js';

function example(): string {
  const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('\n## Suppressions\n'));
  return /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
}

describe('README suppression example', () => {
  it('suppresses a finding with each annotation and comment it shows', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kubelint-readme-')), 'agent.yaml');
    writeFileSync(file, example());
    const { report } = await runJson([file, '--no-config']);
    const suppressed = report!.findings.filter((f) => f.suppressed).map((f) => [f.ruleId, f.suppressed!.kind]);
    expect(suppressed.sort()).toEqual([
      ['image-tag-pinned', 'comment'],
      ['no-host-path', 'annotation'],
      ['read-only-root-filesystem', 'annotation'],
      ['seccomp-profile', 'comment'],
    ]);
    expect(report!.findings.map((f) => f.ruleId)).not.toContain('unused-suppression');
    expect(report!.findings.map((f) => f.ruleId)).not.toContain('suppression-missing-reason');
  }, 60_000);
});
