// GitHub annotations escape what a report repeats once per value, not once per annotation: a file's
// `file=` property and a rule's `title=`; a text with nothing to escape is not rewritten at all.
// The lines are unchanged (test/report/github.test.ts holds them).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatCodeClimate } from '../../src/report/codeclimate.js';
import { formatGithub, messageOf } from '../../src/report/github.js';
import { context, finding, report } from './helpers.js';

const repo = mkdtempSync(path.join(tmpdir(), 'kubelint-gh-costs-'));
mkdirSync(path.join(repo, '.git'));
const cwd = path.join(repo, 'k8s');
mkdirSync(cwd);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('github costs', () => {
  it('escapes a file once for all its annotations, and leaves texts with nothing to escape as they are', () => {
    const files = ['deploy/web.yaml', 'deploy/a:b,c%.yaml'];
    const findings = Array.from({ length: 40 }, (_, i) => finding({ file: files[i % 2], message: i === 39 ? 'at 50%\nnext' : `problem ${i}` }));
    const replace = vi.spyOn(String.prototype, 'replace');
    const lines = formatGithub(report(findings), context(cwd)).split('\n');
    const calls = replace.mock.calls.length;
    vi.restoreAllMocks();
    expect(lines[0]).toBe('::error file=k8s/deploy/web.yaml,line=20,col=13,endLine=20,endColumn=23,title=kubelint no-privileged::problem 0 (Deployment shop/web spec.template.spec.containers[0].securityContext.privileged)');
    expect(lines[1]).toBe('::error file=k8s/deploy/a%3Ab%2Cc%25.yaml,line=20,col=13,endLine=20,endColumn=23,title=kubelint no-privileged::problem 1 (Deployment shop/web spec.template.spec.containers[0].securityContext.privileged)');
    expect(lines[39]).toBe('::error file=k8s/deploy/a%3Ab%2Cc%25.yaml,line=20,col=13,endLine=20,endColumn=23,title=kubelint no-privileged::at 50%25%0Anext (Deployment shop/web spec.template.spec.containers[0].securityContext.privileged)');
    // The odd file's property (five replacements) once, the one message with a `%` and a newline
    // (three); escaping every property and message of every annotation was 33 replacements each.
    expect(calls).toBe(5 + 3);
  });

  it('writes each part of a message once, separated by a space, whatever is missing', () => {
    const base = finding({ message: 'm', path: undefined });
    expect(messageOf(base)).toBe('m (Deployment shop/web)');
    expect(messageOf({ ...base, resource: undefined, path: 'spec' })).toBe('m (spec)');
    expect(messageOf({ ...base, resource: undefined, note: 'n', variants: ['a', 'b'] })).toBe('m \nnote: n \nin: a, b');
    expect(messageOf({ ...base, message: '', resource: undefined, note: 'n' })).toBe('\nnote: n');
    expect(messageOf({ ...base, message: '', resource: undefined })).toBe('');
    const issues = JSON.parse(formatCodeClimate(report([finding({ resource: { apiVersion: 'v1', kind: 'ConfigMap', name: 'c' } })]), context(cwd)));
    expect(issues[0].description).toBe('container "app" is privileged (ConfigMap c spec.template.spec.containers[0].securityContext.privileged)');
  });
});
