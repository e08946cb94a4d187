// docs/rules is generated from the rule metadata: this fails when it is stale (`npm run docs` fixes it).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuleDocs, renderRuleDocs, writeRuleDocs } from '../../src/docs/generate.js';
import type { RuleInfo } from '../../src/engine/check.js';
import { getLinter } from '../../src/engine/checks.js';
import { REPO_ROOT } from '../helpers/cli.js';

const rule: RuleInfo = { id: 'no-privileged', title: 'Not privileged', description: 'No | pipes\nhere.', severity: 'error', origin: 'rego', kinds: ['Pod'], remediation: 'Drop it.' };

describe('rule docs', () => {
  it('docs/rules matches the rule metadata (run `npm run docs` when this fails)', async () => {
    const expected = renderRuleDocs([...(await getLinter()).rules.values()], path.join(REPO_ROOT, 'fixtures', 'rules'));
    expect(compareRuleDocs(expected, path.join(REPO_ROOT, 'docs', 'rules'))).toEqual({ stale: [], missing: [], extra: [] });
  });

  it('renders metadata, options and fixture examples, fail cases first', () => {
    const fixtures = mkdtempSync(path.join(tmpdir(), 'kubelint-docs-'));
    mkdirSync(path.join(fixtures, 'no-privileged'));
    writeFileSync(path.join(fixtures, 'no-privileged', 'pass.unprivileged.yaml'), 'kind: Pod # ok\n');
    writeFileSync(path.join(fixtures, 'no-privileged', 'fail.privileged-container.yaml'), 'privileged: true # expect: no-privileged\n');
    writeFileSync(path.join(fixtures, 'no-privileged', 'notes.txt'), 'ignored');
    const docs = renderRuleDocs([rule], fixtures);
    expect([...docs.keys()]).toEqual(['README.md', 'no-privileged.md']);
    const page = docs.get('no-privileged.md')!;
    expect(page).toContain('# no-privileged');
    expect(page).toContain('| Default severity | error |');
    expect(page).toContain('## How to fix\n\nDrop it.');
    expect(page.indexOf('### Fails: privileged container')).toBeGreaterThan(0);
    expect(page.indexOf('### Fails: privileged container')).toBeLessThan(page.indexOf('### Passes: unprivileged'));
    expect(page).toContain('```yaml\nprivileged: true # expect: no-privileged\n```');
    expect(page).not.toContain('ignored');
    expect(docs.get('README.md')).toContain('| [no-privileged](no-privileged.md) | error | resource | Not privileged |');
  });

  it('writes stale and missing pages, removes generated pages of removed rules, keeps hand-written ones', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-docs-out-'));
    const docs = renderRuleDocs([rule], dir);
    writeFileSync(path.join(dir, 'gone-rule.md'), `# gone\n\n${docs.get('README.md')!.split('\n')[2]}\n`);
    writeFileSync(path.join(dir, 'guide.md'), '# hand-written\n');
    writeFileSync(path.join(dir, 'README.md'), 'old');
    expect(writeRuleDocs(docs, dir)).toEqual({ stale: ['README.md'], missing: ['no-privileged.md'], extra: ['gone-rule.md'] });
    expect(compareRuleDocs(docs, dir)).toEqual({ stale: [], missing: [], extra: [] });
    expect(readFileSync(path.join(dir, 'guide.md'), 'utf8')).toBe('# hand-written\n');
  });
});
