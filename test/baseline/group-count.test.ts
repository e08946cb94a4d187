// The baseline counts findings per (rule, file, resource): fixing one of several related findings
// moves the others' field paths (resource-limits points at the container until `resources`
// exists, then at `resources`), and those must stay known; findings beyond a group's count are new.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runJson } from '../helpers/cli.js';

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
        - name: web
          image: registry.example/web:1.0.0
`;
const REQUESTS = '          resources:\n            requests: {cpu: 100m, memory: 64Mi}\n';
const SIDECAR = '        - name: sidecar\n          image: registry.example/sidecar:1.0.0\n';

type Found = { ruleId: string; path: string | null; line: number | null; suppressed?: { kind: string } };

describe('baseline counts per rule, file and resource', () => {
  it('a fix that moves related findings does not make them new; one more finding in the group is new', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kubelint-baseline-group-'));
    const file = path.join(dir, 'deploy.yaml');
    writeFileSync(file, DEPLOYMENT);
    const written = await runJson(['deploy.yaml', '--no-config', '--write-baseline', 'baseline.json'], { cwd: dir });
    const limits = (written.report!.findings as Found[]).filter((f) => f.ruleId === 'resource-limits');
    expect(limits.map((f) => [f.path, f.line])).toEqual([['spec.template.spec.containers[0]', 15], ['spec.template.spec.containers[0]', 15]]);

    // Fix resource-requests: the two resource-limits findings now sit at `resources` (line 17).
    writeFileSync(file, DEPLOYMENT + REQUESTS);
    const fixed = await runJson(['deploy.yaml', '--no-config', '--baseline', 'baseline.json'], { cwd: dir });
    const moved = (fixed.report!.findings as Found[]).filter((f) => f.ruleId === 'resource-limits');
    expect(moved.map((f) => [f.path, f.line, f.suppressed?.kind])).toEqual([
      ['spec.template.spec.containers[0].resources', 17, 'baseline'],
      ['spec.template.spec.containers[0].resources', 17, 'baseline'],
    ]);
    const baseline = (fixed.report as unknown as { baseline: { matched: number; absent: Array<{ ruleId: string }> } }).baseline;
    expect(baseline.matched).toBe(11);
    expect(baseline.absent.map((a) => a.ruleId)).toEqual(['resource-requests', 'resource-requests']);
    expect(fixed.code).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'baseline.json'), 'utf8')).findings).toHaveLength(13);

    // A second container without limits: the group's count (2) is used up, so its findings are new.
    writeFileSync(file, DEPLOYMENT + REQUESTS + SIDECAR);
    const grown = await runJson(['deploy.yaml', '--no-config', '--baseline', 'baseline.json'], { cwd: dir });
    const sidecar = (grown.report!.findings as Found[]).filter((f) => f.ruleId === 'resource-limits' && !f.suppressed);
    expect(sidecar.map((f) => f.path)).toEqual(['spec.template.spec.containers[1]', 'spec.template.spec.containers[1]']);
    expect(grown.code).toBe(1);
  }, 60_000);
});
