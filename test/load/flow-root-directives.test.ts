// A document whose root is a flow collection (`{...}` or `[...]`, as JSON-like and inline manifests
// write it) ends, for `yaml`, after the comment line right below it, not at the next `---`: the
// directive comments further down are not the document's. The fast path reads such a document with
// js-yaml, and must find the same directives as the full path. fc5ae3d read every line down to the
// next `---` instead, and reported an `unused-suppression` that b721cb0 (and the full path) did not.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseFast } from '../../src/load/yaml-fast.js';
import { parseManifestTextFull } from '../../src/load/yaml.js';
import { lint } from '../../src/lint.js';
import type { Source } from '../../src/types.js';
import { tempDirs } from '../helpers/temp-dirs.js';

const source: Source = { kind: 'file', name: 'flow.yaml' };
const temp = tempDirs();

const ROOTS = {
  map: '{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}',
  json: '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}}',
  seq: '[{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}]',
  indented: '  {apiVersion: v1, kind: ConfigMap, metadata: {name: x}}',
  'after comments and ---': '# top\n---\n# note\n{apiVersion: v1, kind: ConfigMap, metadata: {name: x}}',
};

const TAILS = [
  '# kubelint-disable image-tag-pinned -- a\n# kubelint-disable-next-line liveness-probe -- b\n',
  '\n# kubelint-disable image-tag-pinned -- after a blank line\n',
  '  # kubelint-disable-line image-tag-pinned -- indented\n# kubelint-disable liveness-probe\n',
];

/** Each manifest's directive comments by line. */
const comments = (manifests: ReadonlyArray<{ comments: ReadonlyMap<number, string> }>) => manifests.map((m) => [...m.comments]);

describe('directives after a document whose root is a flow collection', () => {
  it.each(Object.entries(ROOTS))('are the full path\'s (root: %s)', (_name, root) => {
    for (const tail of TAILS) {
      for (const next of ['', '---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n']) {
        const text = `${root}\n${tail}${next}`;
        const fast = parseFast(text, source, (piece, src) => parseManifestTextFull(piece, src).manifests[0]);
        expect(fast, JSON.stringify(text)).toBeDefined(); // the fast path reads it (with js-yaml)
        const full = parseManifestTextFull(text, source).manifests;
        expect(comments(fast!), JSON.stringify(text)).toEqual(comments(full));
      }
    }
  });

  it('in a lint: no unused-suppression for a directive below a JSON document', async () => {
    const dir = temp('kubelint-flow-root-');
    const json = '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web", "namespace": "prod"}, "spec": {"containers": [{"name": "app", "image": "nginx:1.27"}]}}';
    writeFileSync(path.join(dir, 'pod.yaml'), `${json}\n# generated\n# kubelint-disable-next-line image-tag-pinned -- pinned in CD\n`);
    const report = await lint([path.join(dir, 'pod.yaml')], { cwd: dir, configFile: false });
    expect(report.findings.filter((f) => f.ruleId === 'unused-suppression' || f.ruleId === 'suppression-missing-reason')).toEqual([]);
    // The same directive inside a block document is its own, and unused there.
    writeFileSync(path.join(dir, 'block.yaml'), 'apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: prod}\nspec:\n  containers: [{name: app, image: "nginx:1.27"}]\n# generated\n# kubelint-disable-next-line image-tag-pinned -- pinned in CD\n');
    const block = await lint([path.join(dir, 'block.yaml')], { cwd: dir, configFile: false });
    expect(block.findings.filter((f) => f.ruleId === 'unused-suppression').map((f) => f.range?.line)).toEqual([7]);
  }, 60_000);
});
