// --format codeclimate: GitLab Code Quality JSON, validated against GitLab's documented shape.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { formatCodeClimate, type CodeClimateIssue } from '../../src/report/codeclimate.js';
import { runCli } from '../helpers/cli.js';
import { context, finding, report } from './helpers.js';
import { PRIVILEGED_POD as POD } from '../helpers/privileged-pod.js';

const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'gitlab-codequality.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true }).compile(schema);

function expectGitlabShape(issues: unknown): asserts issues is CodeClimateIssue[] {
  expect(validate(issues), JSON.stringify(validate.errors)).toBe(true);
}

/** A repository (a .git directory is all the root finder needs) with a pod in deploy/. */
function repo(pod = POD): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-cq-'));
  mkdirSync(path.join(dir, '.git'));
  mkdirSync(path.join(dir, 'deploy'));
  writeFileSync(path.join(dir, 'deploy', 'pod.yaml'), pod);
  return dir;
}

describe('codeclimate format', () => {
  it('writes one GitLab issue per finding: repository-relative path, the line, unique fingerprints', async () => {
    const dir = repo();
    // From a subdirectory: paths are still relative to the repository root.
    const run = await runCli(['pod.yaml', '--no-config', '--format', 'codeclimate'], { cwd: path.join(dir, 'deploy') });
    expect(run.code).toBe(1);
    const issues = JSON.parse(run.stdout);
    expectGitlabShape(issues);
    const privileged = issues.find((i) => i.check_name === 'no-privileged')!;
    expect(privileged).toMatchObject({ type: 'issue', severity: 'major', location: { path: 'deploy/pod.yaml', lines: { begin: 9 } } });
    expect(privileged.description).toContain('privileged');
    expect(privileged.description).toContain('(Pod web spec.containers[0].securityContext.privileged)');
    // GitLab keeps only the first issue of a fingerprint: resource-limits fires twice on one field.
    expect(issues.filter((i) => i.check_name === 'resource-limits')).toHaveLength(2);
    expect(new Set(issues.map((i) => i.fingerprint)).size).toBe(issues.length);
  }, 60_000);

  it('keeps fingerprints when lines move, so GitLab does not call a shifted finding new', async () => {
    const before = JSON.parse((await runCli(['deploy/pod.yaml', '--no-config', '-f', 'codeclimate'], { cwd: repo() })).stdout) as CodeClimateIssue[];
    const after = JSON.parse((await runCli(['deploy/pod.yaml', '--no-config', '-f', 'codeclimate'], { cwd: repo(`# moved down\n\n${POD}`) })).stdout) as CodeClimateIssue[];
    expect(after.map((i) => i.fingerprint)).toEqual(before.map((i) => i.fingerprint));
    expect(after.find((i) => i.check_name === 'no-privileged')!.location.lines.begin).toBe(11);
  }, 60_000);

  it('maps severities, leaves out suppressed findings, and writes [] for a clean run', () => {
    const text = formatCodeClimate(
      report([
        finding(),
        finding({ ruleId: 'image-tag-pinned', severity: 'warning', range: { line: 3, column: 1, endLine: 5, endColumn: 2 } }),
        finding({ ruleId: 'empty-input', severity: 'info', resource: undefined, path: undefined, range: undefined }),
        finding({ ruleId: 'parse-error', fatal: true }),
        finding({ suppressed: { kind: 'comment', reason: 'accepted' } }),
      ]),
      context('/nowhere-without-git'),
    );
    const issues = JSON.parse(text);
    expectGitlabShape(issues);
    expect(issues.map((i) => [i.check_name, i.severity, i.location.lines])).toEqual([
      ['no-privileged', 'major', { begin: 20 }],
      ['image-tag-pinned', 'minor', { begin: 3, end: 5 }],
      ['empty-input', 'info', { begin: 1 }],
      ['parse-error', 'blocker', { begin: 20 }],
    ]);
    expect(formatCodeClimate(report([]), context('/x'))).toBe('[]\n');
  });
});
