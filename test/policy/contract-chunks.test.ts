// From 2,000 resources users' rules are evaluated a few namespaces at a time, and in each
// evaluation an index is the resource's position in input.resources (the contract, and lib.objects
// is an array): the findings must land on the resources the rules meant, through lib (company-
// registry) as through input.resources (team-label).
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, runJson } from '../helpers/cli.js';
import { policyEnv } from './helpers.js';

function deployment(ns: string, n: number): string {
  const team = n % 97 === 5 ? '' : `\n    team: t${n % 3}`;
  const image = n % 89 === 7 ? 'docker.io/library/nginx:1.27' : 'registry.example.com/app:1.0';
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${ns}-d${n}
  namespace: ${ns}
  labels:
    app: d${n}${team}
spec:
  selector:
    matchLabels: {app: d${n}}
  template:
    metadata:
      labels: {app: d${n}}
    spec:
      containers:
        - name: c
          image: ${image}
`;
}

describe('users\' rules over a batch evaluated per namespace', () => {
  it('reports each finding on the resource the rule meant, in every chunk', async () => {
    const { env, dir } = policyEnv();
    const manifests = path.join(dir, 'manifests');
    mkdirSync(manifests);
    const expected: string[] = [];
    // 3 namespaces of 800: one evaluation each (chunks hold up to 1,000), positions restart at 0.
    for (const ns of ['a', 'b', 'c']) {
      const docs: string[] = [];
      for (let n = 0; n < 800; n++) {
        docs.push(deployment(ns, n));
        if (n % 97 === 5) expected.push(`team-label ${ns}-d${n}`);
        if (n % 89 === 7) expected.push(`company-registry ${ns}-d${n}`);
      }
      writeFileSync(path.join(manifests, `${ns}.yaml`), docs.join('---\n'));
    }
    cpSync(path.join(REPO_ROOT, 'fixtures/policies/contract'), path.join(dir, 'policy'), { recursive: true });
    const { report } = await runJson(['--no-config', '--policy', 'policy', 'manifests'], { env, cwd: dir });
    const found = report!.findings
      .filter((f) => f.ruleId === 'team-label' || f.ruleId === 'company-registry')
      .map((f) => `${f.ruleId} ${f.resource!.name}`);
    expect(found.sort()).toEqual(expected.sort());
    expect(found.length).toBeGreaterThan(40);
  }, 120_000);
});
