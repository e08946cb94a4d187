// docs/examples/gitlab-ci.yml runs what it says: its kubelint command writes the Code Quality and
// JUnit files its artifacts name, in GitLab's shape, and it pins the tools setup-tools.sh pins.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runCli } from '../helpers/cli.js';

interface Job {
  variables: Record<string, string>;
  before_script: string[];
  script: string[];
  artifacts: { when: string; reports: { codequality: string; junit: string } };
}

const job = (parse(readFileSync(path.join(REPO_ROOT, 'docs/examples/gitlab-ci.yml'), 'utf8')) as { kubelint: Job }).kubelint;
const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'gitlab-codequality.schema.json'), 'utf8'));

describe('GitLab CI example', () => {
  it('pins the helm and kustomize versions of scripts/setup-tools.sh', () => {
    const setup = readFileSync(path.join(REPO_ROOT, 'scripts/setup-tools.sh'), 'utf8');
    expect(setup).toContain(`HELM_VERSION=${job.variables.HELM_VERSION}\n`);
    expect(setup).toContain(`KUSTOMIZE_VERSION=${job.variables.KUSTOMIZE_VERSION}\n`);
    expect(job.before_script.some((line) => line.includes('git+https://') && line.includes('#${KUBELINT_REF}'))).toBe(true);
  });

  it('its kubelint command writes the reports its artifacts upload, even when it fails', async () => {
    const command = job.script.find((line) => line.startsWith('npx kubelint '))!;
    const args = command.split(/\s+/).slice(2);
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-gitlab-'));
    mkdirSync(path.join(dir, '.git'));
    writeFileSync(path.join(dir, 'pod.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:1.0.0\n');
    const run = await runCli(args, { cwd: dir });
    expect(run.code).toBe(1);
    expect(job.artifacts.when).toBe('always');
    const quality = JSON.parse(readFileSync(path.join(dir, job.artifacts.reports.codequality), 'utf8'));
    const validate = new Ajv().compile(schema);
    expect(validate(quality), JSON.stringify(validate.errors)).toBe(true);
    expect(quality.length).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, job.artifacts.reports.junit))).toBe(true);
    expect(run.stdout).toContain('pod.yaml');
  }, 60_000);
});
