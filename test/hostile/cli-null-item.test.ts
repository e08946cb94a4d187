// A null sequence item (`-` alone on its line) must not swallow the items after it. js-yaml, which
// the fast parse path used for every plain text, puts the next, less indented item into the null
// item's own sequence; Kubernetes (go-yaml) and the `yaml` package do not. A manifest could so hide
// a privileged container from every check while the cluster runs it.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseManifestText, parseManifestTextFull } from '../../src/load/yaml.js';
import { runJson } from '../helpers/cli.js';

let tmp: string;
beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'kubelint-null-item-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const deployment = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: shop',
  'spec:',
  '  selector:',
  '    matchLabels:',
  '      app: web',
  '  template:',
  '    metadata:',
  '      labels:',
  '        app: web',
  '    spec:',
  '      containers:',
  '      - name: web',
  '        image: registry.example.com/web:1.0',
  '        args:',
  '        -',
  '      - name: sidecar',
  '        image: registry.example.com/sidecar:1.0',
  '        securityContext:',
  '          privileged: true',
  '',
].join('\n');

describe('a null sequence item', () => {
  it('leaves the next container a container: its privileged flag is found at its line and column', async () => {
    writeFileSync(path.join(tmp, 'deploy.yaml'), deployment);
    const { report } = await runJson(['deploy.yaml', '--no-config'], { cwd: tmp });
    const privileged = report!.findings.filter((f) => f.ruleId === 'no-privileged');
    expect(privileged.map((f) => [f.line, f.column, f.message.split(' is ')[0]])).toEqual([[23, 11, 'container "sidecar" of Deployment "web"']]);
    // The null argument is reported where it is, and nothing else lands in `args`.
    const schema = report!.findings.filter((f) => f.ruleId === 'schema').map((f) => [f.line, f.column, f.message]);
    expect(schema).toEqual([[19, 10, 'spec.template.spec.containers[0].args[0]: expected string, got null']]);
  });

  it('parses as the full path does in every nesting, blank line, comment and line ending around it', () => {
    const texts = [
      'x:\n- a:\n    -\n- c: 1\n',
      'x:\n- a:\n    - # c\n- c: 1\n',
      'x:\n- a:\n    -   \n\n# c\n- c: 1\n',
      'x:\n  - a:\n      -\n  - c: 1\n',
      'x:\n- a:\n    -\n- c: 1\n'.replace(/\n/g, '\r\n'),
      'x:\n  -\n- c\n',
      'a:\n  b:\n    -\n-   c\n',
    ];
    const source = { kind: 'file', name: 'x.yaml' } as const;
    for (const text of texts) {
      const viaEntry = parseManifestText(text, source);
      const full = parseManifestTextFull(text, source);
      expect(viaEntry.problems, JSON.stringify(text)).toEqual(full.problems);
      expect(viaEntry.manifests.map((m) => m.value), JSON.stringify(text)).toEqual(full.manifests.map((m) => m.value));
    }
  });
});
