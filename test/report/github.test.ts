import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { escapeData, escapeProperty, formatGithub } from '../../src/report/github.js';
import { context, finding, report } from './helpers.js';

const repo = mkdtempSync(path.join(tmpdir(), 'kubelint-gh-'));
mkdirSync(path.join(repo, '.git'));
const cwd = path.join(repo, 'k8s');
mkdirSync(cwd);

describe('github', () => {
  it('writes one workflow command per unsuppressed finding with repository-relative paths', () => {
    const out = formatGithub(
      report([
        finding(),
        finding({ severity: 'warning', ruleId: 'image-tag-pinned', message: 'uses latest' }),
        finding({ severity: 'info', ruleId: 'empty-input', resource: undefined, path: undefined, range: undefined, message: 'no documents' }),
        finding({ suppressed: { kind: 'comment', reason: 'fine' } }),
      ]),
      context(cwd),
    );
    expect(out.split('\n')).toEqual([
      '::error file=k8s/deploy/web.yaml,line=20,col=13,endLine=20,endColumn=23,title=kubelint no-privileged::container "app" is privileged (Deployment shop/web spec.template.spec.containers[0].securityContext.privileged)',
      '::warning file=k8s/deploy/web.yaml,line=20,col=13,endLine=20,endColumn=23,title=kubelint image-tag-pinned::uses latest (Deployment shop/web spec.template.spec.containers[0].securityContext.privileged)',
      '::notice file=k8s/deploy/web.yaml,title=kubelint empty-input::no documents',
      '',
    ]);
  });

  it('escapes properties and data as the runner requires', () => {
    expect(escapeData('50% done\r\nnext: a,b')).toBe('50%25 done%0D%0Anext: a,b');
    expect(escapeProperty('a:b,c%d\ne')).toBe('a%3Ab%2Cc%25d%0Ae');
    const line = formatGithub(report([finding({ file: 'we,ird:name.yaml', message: 'line1\nline2 100%' })]), context(cwd));
    expect(line).toContain('file=k8s/we%2Cird%3Aname.yaml,');
    expect(line).toContain('::line1%0Aline2 100%25 (');
    expect(line.trimEnd().split('\n')).toHaveLength(1);
  });

  it('prints nothing for a clean run and omits file for stdin', () => {
    expect(formatGithub(report([]), context(cwd))).toBe('');
    expect(formatGithub(report([finding({ file: '<stdin>' })]), context(cwd))).toMatch(/^::error line=20,/);
  });
});
