// `kubelint rules <id>` shows the rule page's pass/fail examples and points at the page shipped
// with kubelint, so both work offline.
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/paths.js';
import { runCli } from '../helpers/cli.js';

describe('kubelint rules <id>', () => {
  it('prints the fail and pass examples of the rule docs and the local page', async () => {
    const run = await runCli(['rules', 'no-privileged']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\nExamples\n');
    expect(run.stdout).toMatch(/-- Fails: [^\n]+\n\n[\s\S]*privileged: true # expect: no-privileged/);
    expect(run.stdout).toContain('-- Passes: false or unset');
    expect(run.stdout.indexOf('-- Fails:')).toBeLessThan(run.stdout.indexOf('-- Passes:'));
    expect(run.stdout).not.toContain('```');
    const page = packagePath('docs', 'rules', 'no-privileged.md');
    expect(run.stdout).toContain(`Docs: ${page}\n`);
    expect(existsSync(page)).toBe(true);
    const json = JSON.parse((await runCli(['rules', 'no-privileged', '--json'])).stdout);
    expect(json.docs).toBe(page);
  }, 60_000);
});

describe('rule doc links', () => {
  it('follow the config docsUrl in `kubelint rules` and SARIF; local file URLs by default', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-docs-url-'));
    writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:1.0.0\n');
    const local = await runCli(['pod.yaml', '--format', 'sarif'], { cwd: dir });
    const rules = JSON.parse(local.stdout).runs[0].tool.driver.rules as Array<{ id: string; helpUri: string }>;
    expect(rules.find((r) => r.id === 'no-privileged')!.helpUri).toBe(pathToFileURL(packagePath('docs', 'rules', 'no-privileged.md')).href);

    writeFileSync(path.join(dir, '.kubelint.json'), JSON.stringify({ docsUrl: 'https://docs.example/kubelint/rules/' }));
    const published = await runCli(['pod.yaml', '--format', 'sarif'], { cwd: dir });
    const helpUri = (JSON.parse(published.stdout).runs[0].tool.driver.rules as Array<{ id: string; helpUri: string }>).find((r) => r.id === 'no-privileged')!.helpUri;
    expect(helpUri).toBe('https://docs.example/kubelint/rules/no-privileged.md');
    expect((await runCli(['rules', 'no-privileged'], { cwd: dir })).stdout).toContain('Docs: https://docs.example/kubelint/rules/no-privileged.md\n');

    writeFileSync(path.join(dir, '.kubelint.json'), JSON.stringify({ docsUrl: 'https://docs.example/r?id={id}' }));
    expect(JSON.parse((await runCli(['rules', 'no-privileged', '--json'], { cwd: dir })).stdout).docs).toBe('https://docs.example/r?id=no-privileged');
  }, 60_000);
});
