import { describe, expect, it } from 'vitest';
import { parseManifestText, parseManifestTextFull } from '../../src/load/yaml.js';

const source = { kind: 'file' as const, name: 'x.yaml' };

describe('parseManifestText reads YAML the way Kubernetes does', () => {
  it('uses YAML 1.1 scalars: yes/on booleans, 0644 octal', () => {
    const { manifests } = parseManifestText('a: yes\nb: on\nc: 0644\nd: "on"\ne: 1.0\n', source);
    expect(manifests[0]!.value).toEqual({ a: true, b: true, c: 420, d: 'on', e: 1 });
  });

  it('keeps timestamps as strings, as the API server decodes them', () => {
    const { manifests } = parseManifestText('created: 2024-01-01T00:00:00Z\nday: 2024-01-01\n', source);
    expect(manifests[0]!.value).toEqual({ created: '2024-01-01T00:00:00Z', day: '2024-01-01' });
  });

  it('applies merge keys', () => {
    const { manifests } = parseManifestText('base: &b {x: 1, z: 2}\nd:\n  <<: *b\n  z: 3\n', source);
    expect((manifests[0]!.value as Record<string, unknown>).d).toEqual({ x: 1, z: 3 });
  });

  it('refuses duplicate keys with their position', () => {
    const { manifests, problems } = parseManifestText('kind: Pod\nmetadata:\n  name: a\n  name: b\n', source);
    expect(manifests).toEqual([]);
    expect(problems).toEqual([{ ruleId: 'parse-error', message: 'invalid YAML: Map keys must be unique', file: 'x.yaml', line: 4, column: 3 }]);
  });

  it('refuses alias bombs', () => {
    const bomb = ['a: &a [x, x, x, x, x, x, x, x, x, x]', ...'bcdef'.split('').map((k, i) => `${k}: &${k} [${Array(10).fill('*' + 'abcdef'[i]).join(', ')}]`)].join('\n');
    const { problems } = parseManifestText(bomb, source);
    expect(problems[0]!.message).toMatch(/alias bomb refused/);
  });

  it('refuses documents nested deeper than the limit without overflowing the stack', () => {
    const deep = 'a: ' + '['.repeat(500) + ']'.repeat(500) + '\n';
    const { problems } = parseManifestText(deep, source);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.message).toMatch(/nests deeper than 200 levels/);
  });

  it('skips empty documents but keeps indexes of the others', () => {
    const { manifests } = parseManifestText('---\n---\nkind: A\n---\n# only a comment\n---\nkind: B\n', source);
    expect(manifests.map((m) => [m.index, (m.value as { kind: string }).kind])).toEqual([[1, 'A'], [3, 'B']]);
  });

  it('reports a broken document and still returns the good ones', () => {
    const { manifests, problems } = parseManifestText('kind: A\n---\nkind: [B\n---\nkind: C\n', source);
    expect(manifests.map((m) => (m.value as { kind: string }).kind)).toEqual(['A', 'C']);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ ruleId: 'parse-error', file: 'x.yaml', line: 4 });
  });

  it('collects directive comments by line, but not `#` inside block scalars or quotes', () => {
    const text = [
      'kind: ConfigMap # kubelint-disable-line label-syntax',
      '# kubelint-disable-next-line run-as-non-root -- reason',
      '# a note, not a directive',
      'data:',
      '  script: |',
      '    # kubelint-disable-next-line all -- content of the script, not a comment',
      '    echo hi',
      '  q: "a # kubelint-disable b"',
      '  r: s # note # kubelint-disable',
      '',
    ].join('\n');
    for (const parse of [parseManifestText, parseManifestTextFull]) {
      const { manifests } = parse(text, source);
      expect([...manifests[0]!.comments]).toEqual([
        [1, 'kubelint-disable-line label-syntax'],
        [2, 'kubelint-disable-next-line run-as-non-root -- reason'],
      ]);
    }
  });

  it('collects a directive on the line right after a block scalar (the scalar ends above it)', () => {
    // `yaml` ends a block scalar's range at the start of the next line: that line was taken for
    // the scalar's own, so a directive there (or trailing a key there) was silently ignored.
    const text = [
      'data:',
      '  script: |',
      '    # kubelint-disable-next-line all -- content, not a comment',
      '    echo hi',
      '# kubelint-disable-next-line r1 -- right after the script',
      '  other: >-',
      '    folded',
      '  last: x # kubelint-disable-line r2 -- after a folded scalar',
      '',
    ].join('\n');
    for (const parse of [parseManifestText, parseManifestTextFull]) {
      const { manifests } = parse(text, source);
      expect([...manifests[0]!.comments]).toEqual([
        [5, 'kubelint-disable-next-line r1 -- right after the script'],
        [8, 'kubelint-disable-line r2 -- after a folded scalar'],
      ]);
    }
  });

  it('parses JSON manifests', () => {
    const { manifests } = parseManifestText('{"apiVersion": "v1", "kind": "ConfigMap",\n "metadata": {"name": "j"}}', source);
    expect(manifests[0]!.locate(['metadata', 'name']).range).toEqual({ line: 2, column: 15, endLine: 2, endColumn: 26 });
  });
});
