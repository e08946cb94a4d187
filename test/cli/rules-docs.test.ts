// docs/rules is generated from the rule metadata: this fails when it is stale (`npm run docs` fixes it).
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuleDocs, renderRuleDocs, writeRuleDocs } from '../../src/docs/generate.js';
import { README_END, README_START, renderCatalogueFiles, renderReadmeRuleList, syncCatalogueFiles, withReadmeRuleList } from '../../src/docs/readme-rules.js';
import { readRulesFile } from '../../src/engine/rego-files.js';
import type { RuleInfo } from '../../src/engine/check.js';
import { getLinter } from '../../src/engine/linter-factory.js';
import { REPO_ROOT } from '../helpers/cli.js';

const rule: RuleInfo = { id: 'no-privileged', title: 'Not privileged', description: 'No | pipes\nhere.', severity: 'error', origin: 'rego', kinds: ['Pod'], remediation: 'Drop it.' };

describe('rule docs', () => {
  it('docs/rules matches the rule metadata (run `npm run docs` when this fails)', async () => {
    const expected = renderRuleDocs([...(await getLinter()).rules.values()], path.join(REPO_ROOT, 'fixtures', 'rules'));
    expect(compareRuleDocs(expected, path.join(REPO_ROOT, 'docs', 'rules'))).toEqual({ stale: [], missing: [], extra: [] });
  });

  it('the README rule list and schemas/rule-options.schema.json match the rule metadata (run `npm run docs` when this fails)', async () => {
    const rules = [...(await getLinter()).rules.values()];
    const expected = renderCatalogueFiles(rules, readRulesFile().kindGroups, REPO_ROOT);
    expect([...expected.keys()]).toEqual(['README.md', path.join('schemas', 'rule-options.schema.json')]);
    expect(syncCatalogueFiles(expected, REPO_ROOT, true)).toEqual([]);
    // Every rule is listed, and every option schema is there.
    const readme = readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
    for (const r of rules) expect(readme).toContain(`[\`${r.id}\`](docs/rules/${r.id}.md)`);
    const schemas = JSON.parse(readFileSync(path.join(REPO_ROOT, 'schemas', 'rule-options.schema.json'), 'utf8'));
    expect(Object.keys(schemas).sort()).toEqual(rules.filter((r) => r.optionsSchema).map((r) => r.id).sort());
  });

  it('replaces only the text between the README markers, and says so when they are missing', () => {
    const list = renderReadmeRuleList([rule, { ...rule, id: 'schema', origin: 'schema' }], { workloads: ['Pod', 'Job'] });
    expect(list).toContain('**One resource at a time (Rego)**\n\n- [`no-privileged`](docs/rules/no-privileged.md): Not privileged\n');
    expect(list).toContain('**Schemas**\n\n- [`schema`](docs/rules/schema.md): Not privileged\n');
    expect(list).toContain('- `workloads`: Pod, Job');
    expect(withReadmeRuleList(`before\n${README_START}\nold\n${README_END}\nafter\n`, list)).toBe(`before\n${list}\nafter\n`);
    expect(() => withReadmeRuleList('no markers', list)).toThrow(/README.md has no rule list markers/);
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-readme-'));
    writeFileSync(path.join(dir, 'README.md'), `# x\n${README_START}\n${README_END}\n`);
    mkdirSync(path.join(dir, 'schemas'));
    const files = renderCatalogueFiles([rule], {}, dir);
    expect(syncCatalogueFiles(files, dir, true)).toEqual(['README.md', path.join('schemas', 'rule-options.schema.json')]);
    expect(syncCatalogueFiles(files, dir, false)).toHaveLength(2);
    expect(syncCatalogueFiles(files, dir, true)).toEqual([]);
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
