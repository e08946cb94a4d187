// The corpus shapes of bench/corpus-gen/shapes.mjs: deterministic, twins that differ only in
// comments (the comment target compares them), and every shape valid YAML without anchors.
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { SHAPES, buildShape } from '../../bench/corpus-gen/shapes.mjs';

const values = (files) => files.flatMap((f) => parseAllDocuments(f.text).map((d) => d.toJS()));
const text = (files) => files.map((f) => f.text).join('');

describe('corpus shapes', () => {
  it('are byte-identical for the same seed, and differ for another', () => {
    for (const shape of SHAPES) {
      expect(text(buildShape(shape, 120).files), shape).toBe(text(buildShape(shape, 120).files));
    }
    expect(text(buildShape('plain', 120, 7).files)).not.toBe(text(buildShape('plain', 120).files));
  });

  it('give each commented shape a twin with the same objects and no comments', () => {
    for (const [commented, bare] of [['inline', 'plain'], ['helm', 'helm-bare']]) {
      const a = buildShape(commented, 150).files;
      const b = buildShape(bare, 150).files;
      expect(values(a), commented).toEqual(values(b));
      // The only `#` lines of the bare twin are the ConfigMap scripts' content (block scalars).
      const hashLines = text(b).split('\n').filter((l) => l.includes('#'));
      expect(hashLines.every((l) => /^\s+(#!\/bin\/sh|# start the server)/.test(l)), bare).toBe(true);
      expect(text(a).split('\n').filter((l) => l.includes('#')).length, commented).toBeGreaterThan(100);
    }
    expect(text(buildShape('helm', 150).files)).toMatch(/^---\n# Source: [\w-]+\/templates\/\w+\.yaml\napiVersion:/m);
    expect(text(buildShape('inline', 1000).files)).toContain('# kubelint-disable-next-line image-registry');
  });

  it('write no anchors (tools write shared objects out in full) and count resources exactly', () => {
    for (const shape of SHAPES) {
      const { files } = buildShape(shape, 300);
      expect(text(files), shape).not.toMatch(/: &a\d|\*a\d/);
      expect(values(files).filter((v) => v !== null).length, shape).toBe(300);
    }
  });

  it('gives kubeconform a strict schema for every custom resource kind and version of the crd shape', () => {
    const { files, schemas } = buildShape('crd', 300);
    const kinds = new Set(values(files).filter((v) => v.kind !== 'CustomResourceDefinition' && v.apiVersion.includes('.example.io/'))
      .map((v) => `${v.kind.toLowerCase()}-${v.apiVersion.split('.')[0]}-${v.apiVersion.split('/')[1]}.json`));
    expect(kinds.size).toBeGreaterThan(3);
    for (const k of kinds) expect(schemas[k], k).toMatchObject({ type: 'object', properties: { spec: { additionalProperties: false } } });
  });
});
