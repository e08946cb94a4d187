// Several outputs in one run, end to end through execute(): files written, stdout kept for the last.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { sampleRepo } from '../baseline/helpers.js';
import { runCli } from '../helpers/cli.js';

const schema = JSON.parse(readFileSync(path.resolve('node_modules/@microsoft/sarif-multitool-linux/sarif-2.1.0.json'), 'utf8'));

describe('several formats in one run', () => {
  it('writes sarif and junit files and prints stylish', async () => {
    const repo = sampleRepo(true);
    const run = await runCli(
      ['k8s', '--format', 'sarif', '--output-file', 'out/results.sarif', '--format', 'stylish', '--format', 'junit', '-o', 'out/junit.xml', '--format', 'github', '-o', 'out/gh.txt'],
      { cwd: path.join(repo) },
    );
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/✖ \d+ problems/);
    expect(run.stdout).toContain('k8s/web.yaml');

    const sarif = JSON.parse(readFileSync(path.join(repo, 'out/results.sarif'), 'utf8'));
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(schema);
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const results = sarif.runs[0].results as Array<{ ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
    const privileged = results.find((r) => r.ruleId === 'no-privileged')!;
    expect(privileged.locations[0]!.physicalLocation.artifactLocation.uri).toBe('k8s/web.yaml');
    expect(privileged.locations[0]!.physicalLocation.region.startLine).toBe(20);
    for (const r of results) expect(sarif.runs[0].tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);

    const junit = readFileSync(path.join(repo, 'out/junit.xml'), 'utf8');
    expect(junit).toContain('<testsuite name="k8s/web.yaml"');
    expect(junit).toContain('type="no-privileged"');
    // pdb.yaml has no findings: it still appears as a passing suite.
    expect(junit).toMatch(/<testsuite name="k8s\/pdb.yaml" tests="1" failures="0"/);

    const gh = readFileSync(path.join(repo, 'out/gh.txt'), 'utf8');
    expect(gh).toContain('::error file=k8s/web.yaml,line=20,col=13,');
  });

  it('rejects an unknown format before linting', async () => {
    const run = await runCli(['k8s', '--format', 'sarif2'], { cwd: sampleRepo() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('unknown format "sarif2" (known: stylish, compact, json, sarif, junit, github, codeclimate)');
  });
});
