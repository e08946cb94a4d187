// Differential test: the fast path (js-yaml + lazy `yaml` Documents) must give exactly what the
// full `yaml` path gives — values, lines, indexes, locations of every path, comments, problems.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { TextDecoder } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { Source } from '../../src/types.js';
import { MAX_DEPTH, parseManifestText, parseManifestTextFast, parseManifestTextFull } from '../../src/load/yaml.js';
import { resolveYaml11Scalar } from '../../src/load/yaml11.js';
import { FAST_MAX_DEPTH, parseFast } from '../../src/load/yaml-fast.js';
import { compareManifests, expectSameAsFull, expectSameResults, source } from './parse-compare.js';

const root = path.resolve(import.meta.dirname, '../..');

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    // Symlinks are skipped: fixtures include a deliberate symlink loop.
    if (entry.isDirectory()) out.push(...filesUnder(full));
    else if (entry.isFile() && /\.(ya?ml|json)$/.test(entry.name)) out.push(full);
  }
  return out;
}

function readUtf8(file: string): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(file));
  } catch {
    return undefined;
  }
}

describe('fast YAML path agrees with the full yaml path', () => {
  const files = ['fixtures', 'manifests'].flatMap((d) => filesUnder(path.join(root, d)));

  it('on every fixture and manifest (values, lines, indexes, every locate, comments, problems)', () => {
    let fastTaken = 0;
    let compared = 0;
    for (const file of files) {
      const text = readUtf8(file);
      if (text === undefined || text.includes('{{')) continue;
      const rel = path.relative(root, file);
      const viaEntry = parseManifestText(text, source);
      const full = parseManifestTextFull(text, source);
      expect(viaEntry.problems, rel).toEqual(full.problems);
      compareManifests(viaEntry.manifests, full.manifests, rel);
      if (parseManifestTextFast(text, source)) fastTaken++;
      compared++;
    }
    expect(compared).toBeGreaterThan(100);
    // Most real manifests are simple; if this drops, the fast path has stopped doing its job.
    expect(fastTaken / compared).toBeGreaterThan(0.6);
  }, 120_000); // walks every fixture (a growing set) twice; minutes on a loaded machine

  it('reads every YAML 1.1 scalar form as the yaml package does', () => {
    const forms = [
      'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE',
      'on', 'On', 'ON', 'off', 'Off', 'OFF', 'yEs', 'oN',
      '~', 'null', 'Null', 'NULL', 'nULL', '',
      '0b1010', '-0b1_0', '0644', '-0644', '0_7', '09', '0', '-0', '+12', '1_000', '0x1F', '-0xff', '0xA_B',
      '1:20', '-1:20:30', '190:20:30', '1:60',
      '1.5', '-1.50', '.5', '1.', '1e3', '1.5E-2', '+.inf', '-.Inf', '.INF', '.nan', '.NaN', '.NAN', '1_0.0_1',
      '1:20.5', '-1:00:00.25',
      '2024-01-01', '2024-01-01T00:00:00Z', '2001-12-14 21:59:43.10 -5', '12:30:45Z',
      '0o17', '1e', 'abc', '0x', '1:2:3:4', 'infinity',
    ];
    const text = forms.map((f, i) => `k${i}: ${f}\n`).join('') + forms.map((f, i) => `q${i}: "${f}"\n`).join('');
    const [manifest] = expectSameAsFull(text, 'scalars');
    const value = manifest!.value as Record<string, unknown>;
    const plain = (form: string): unknown => value[`k${forms.indexOf(form)}`];
    expect(plain('y')).toBe(true);
    expect(plain('n')).toBe(false);
    expect(plain('OFF')).toBe(false);
    expect(plain('yEs')).toBe('yEs');
    expect(plain('~')).toBeNull();
    expect(plain('0b1010')).toBe(10);
    expect(plain('0644')).toBe(420);
    expect(plain('09')).toBe(9);
    expect(plain('0x1F')).toBe(31);
    expect(plain('1:20')).toBe(80);
    expect(plain('1:20.5')).toBe(80.5);
    expect(plain('.NaN')).toBeNaN();
    expect(plain('-.Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(plain('2024-01-01T00:00:00Z')).toBe('2024-01-01T00:00:00Z'); // timestamps stay strings
    expect(plain('0o17')).toBe('0o17'); // YAML 1.2 octal is a string in 1.1
    expect(value[`q${forms.indexOf('y')}`]).toBe('y'); // quoted: always a string
    // Keys resolve too: the yaml package stringifies resolved keys.
    expectSameAsFull('yes: 1\n0644: 2\n1.0: 3\n1:20: 4\n.inf: 5\n', 'resolved keys');
    expect(resolveYaml11Scalar('abc')).toBeUndefined();
    expect(resolveYaml11Scalar('0644')).toBe(420);
  });

  it('handles CRLF, a BOM, comments and several documents', () => {
    const multi = '# header\n---\napiVersion: v1\nkind: ConfigMap # trailing\nmetadata:\n  name: a\n# between\n---\n---\nkind: B\ndata:\n  x: "#not a comment"\n  y: \'a # b\'\n\n\n';
    const manifests = expectSameAsFull(multi, 'multi');
    expect(manifests.map((m) => m.index)).toEqual([0, 2]);
    expectSameAsFull(multi.replace(/\n/g, '\r\n'), 'crlf');
    expectSameAsFull('\uFEFF' + multi, 'bom');
    expectSameAsFull('\uFEFF' + multi.replace(/\n/g, '\r\n'), 'bom+crlf');
    expectSameAsFull('a: 1\nb:\n  - x\n  - y', 'no final newline');
    expectSameAsFull('--- # doc comment\na: 1\n--- \nb: 2\n', 'marker with comment');
    expectSameAsFull('script: |\n  echo # not a comment\n  exit 1\n# real comment\nnext: 1\n', 'block scalar with #');
  });

  it('ends a document at --- even inside a block scalar, as the yaml package does', () => {
    expectSameAsFull('a: |\n  x\n---\nb: 1\n', 'block scalar then marker');
    expectSameAsFull('--- |\n  foo\n---\nb: 2\n', 'root block scalar');
    // js-yaml refuses an unindented root block scalar; the full path then reads it.
    expect(parseManifestTextFast('--- |\nfoo\n---\nb: 2\n', source)).toBeUndefined();
    expect(parseManifestText('--- |\nfoo\n---\nb: 2\n', source).manifests.map((m) => m.value)).toEqual(['foo\n', { b: 2 }]);
    expectSameResults('a: |\n  x\n---\n  y\nb: 1\n');
  });

  it('leaves unusual texts to the full path, with its exact results and errors', () => {
    const unusual = [
      'a: 1\n...\nb: 2\n',
      'a: 1\n...\n# t\n---\nb: 2\n',
      '%YAML 1.1\n---\na: 1\n',
      // (`<<: *b` merging an anchored map is the fast path's since round 17: yaml-anchors-differential.)
      'base: &b {x: 1}\nd:\n  <<: *b\n  <<: *b\n  y: 2\n  c: *x\n',
      'a: !!str 1\n',
      '<<: {x: 1}\ny: 2\n',
      '~: 1\n',
      ': 1\n',
      '? [a, b]\n: 1\n',
      '[a, b]: 1\n',
      'a: [\n  1,\n  2\n]\n',
      'a:\tb\n  c\n',
      'kind: Pod\nmetadata:\n  name: a\n  name: b\n',
      'a: "unterminated\n',
      'a: 1\n---\nb: [\n',
      'a: 1\n1: 2\n"1": 3\n',
      `${'k'.repeat(1100)}: 1\n`,
      '['.repeat(300) + ']'.repeat(300) + '\n',
      // js-yaml nests the null item of a compact nested sequence differently.
      'x:\n  - -\n  - b\n',
      'x:\n- - a\n  - b\n',
      // js-yaml accepts this continuation at the key's column; yaml reports a missing quote.
      'a: "foo\nb: bar"\n',
      // (`a: 'it''s\n  more'`, continued past the key's column, is the fast path's since round 16: yaml-quoted-differential.)
      'a:\n  - - nested\nb: "x\n  y"\n',
      // js-yaml keeps a blank line's spaces in a block scalar with an indentation indicator; yaml does not.
      'b: |2\n      \n# c\na: 1\n',
      'b: >-1 # c\n  x\n',
      // js-yaml takes a leading blank line's spaces as the block scalar's indentation; yaml refuses it.
      'on: |\n        \n  # not a comment',
      'a:\n- |\n     \n\n  x\n# c\n',
    ];
    for (const text of unusual) {
      expect(parseManifestTextFast(text, source), JSON.stringify(text)).toBeUndefined();
      expectSameResults(text);
    }
    // The error is the full path's own message and position.
    const broken = parseManifestText('a: 1\n---\nb: "x\n', source);
    expect(broken.problems).toHaveLength(1);
    expectSameResults('a: 1\n---\nb: "x\n');
  });

  it('reads a line starting with --- but no marker (`---x`, `---#`), or content after a marker, as the yaml package and Kubernetes do', () => {
    // js-yaml takes any `---` at a line start for a document marker; YAML (and go-yaml) need a
    // blank or the line's end after it, else the line is content: `---x: 1` is the key "---x".
    const texts = ['---x: 1\n', '---#note\nkind: Pod\n', '---"a": 1\n', '---[a]\n', '# c\n---name: x\nkind: Pod\n', '--- kind: Pod\n', 'a: 1\n---   b: 2 # c\n', '--- - a\n', '--- "k": v\n'];
    for (const text of texts) {
      expect(parseManifestTextFast(text, source), JSON.stringify(text)).toBeUndefined();
      expectSameResults(text);
    }
    expect(parseManifestText('---x: 1\n', source).manifests[0]!.value).toEqual({ '---x': 1 });
    // A comment after the marker, `: ` in it or not, keeps the fast path.
    expectSameAsFull('--- # Source: chart/templates/a.yaml\nkind: Pod\n---  #a: b\nkind: Service\n', 'comment after ---');
    // js-yaml read `--- kind: Pod` as a mapping; a block mapping may not start on the marker's line.
    expect(parseManifestText('a: 1\n--- kind: Pod\n', source).problems).toEqual([
      { ruleId: 'parse-error', message: 'invalid YAML: Block collection cannot start on same line with directives-end marker', file: 'test.yaml', line: 2, column: 5 },
    ]);
    expect(parseManifestText('---#note\nkind: Pod\n', source).problems).toEqual([
      { ruleId: 'parse-error', message: 'invalid YAML: Implicit keys need to be on a single line', file: 'test.yaml', line: 1, column: 1 },
    ]);
  });

  it('leaves documents nested past FAST_MAX_DEPTH to the full path, which refuses those past MAX_DEPTH', () => {
    // Objects nested `depth` deep under the root, one block level per line.
    const nest = (depth: number) => `${Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}a:`).join('\n')} 1\n`;
    const shallow = parseFast(nest(FAST_MAX_DEPTH - 2), source, () => undefined);
    expect(shallow?.map((m) => m.index)).toEqual([0]);
    // js-yaml's depth check is the fast path's only one: without it these would come back as values.
    for (const depth of [FAST_MAX_DEPTH + 1, MAX_DEPTH + 50]) {
      expect(parseFast(nest(depth), source, () => undefined), String(depth)).toBeUndefined();
      expect(parseFast(`a: ${'['.repeat(depth)}${']'.repeat(depth)}\n`, source, () => undefined), String(depth)).toBeUndefined();
    }
    expectSameResults(nest(FAST_MAX_DEPTH + 1));
    expect(parseManifestText(nest(MAX_DEPTH + 50), source).problems.map((p) => p.message)).toEqual([`document nests deeper than ${MAX_DEPTH} levels`]);
  });

  it('agrees on comments above, inside and below the --- of each document', () => {
    const texts = [
      '# header\n---\na: 1\n',
      '# header\n# kubelint-disable-next-line x -- why\n---\na: 1\n---\nb: 2 # trailing\n',
      '# header\n\n---\n# first line of the body\na: 1\n',
      '---\na: 1\n# between documents\n---\nb: 2\n',
      '# no marker\na: 1 # beside\n',
      'a: |\n  # not a comment\nb: 2\n',
    ];
    for (const text of texts) expectSameAsFull(text, JSON.stringify(text));
    // A file header above the first `---` is outside the document: no comments, nothing composed.
    const [headed] = expectSameAsFull('# header\n---\na: 1\n', 'header');
    expect(headed!.comments.size).toBe(0);
  });

  it('leaves to the full path what js-yaml and yaml read differently', () => {
    // A comment glued to a quoted scalar or a flow collection: js-yaml (and Kubernetes) read the
    // value, `yaml` refuses it; the fast path used to lint what the full path reports.
    for (const text of ['a: "3"#x\n', "a: '3'#x\n", 'a: []#x\n', 'a: {b: 1}#x\n', '- "a"#x\n']) expectSameResults(text);
    // A CR alone ends a line for js-yaml only (the two read different keys).
    for (const text of ['a: 1\rb: 2\n', 'a: 1\r\nb: 2\rc: 3\n']) expectSameResults(text);
    // A document ending in an empty value ends at that value's line for `yaml`, blank lines aside;
    // with comments below it and a --- after, somewhere the full path works out.
    for (const text of ['a:\n\n', 'b: 1\na:\n\n\n---\nc: 1\n', 'x:\n  - a\n  -\n\n', 'a:\n  b:\n\n', 'a: # c\n\n---\nb: 1\n', 'a1:\n# c\n\n---\nb: 1\n', 'a: 1\r\nb: # c\r\n\r\n---\r\nc: 1\r\n']) {
      expectSameResults(text);
    }
    // A scalar document with a comment below; a kept scalar ending in spaces without a line break;
    // a header with blanks after it above a more indented blank line; a quoted key before a
    // quoted value that does not close on its line; a `#c` comment line above a key's scalar.
    for (const text of ['"a"\n # c\n\n', 'b1: |+\n  x\n  ', 'b2: |  \n        \n    # c\nc: 1\n', "'s': \"x\ny: z\nw:\"#\"\n", 'a:\n#c\n  x\nb: 1\n', 'a:\n  - b:\n    #c\n       x\n    d: 1\n']) expectSameResults(text);
    // Their harmless twins keep the fast path.
    for (const text of ['a: "3" #x\n', 'a: x"#y\n', 'a: 1\r\nb: 2\r\n', 'a: 1\n\n', 'a:\n# c\n']) expectSameAsFull(text, JSON.stringify(text));
  });

  it('locates like the composed Document in shapes the line reader must get right or decline', () => {
    const texts = [
      'a:\n  - "k": v\n  - "q"\n  - plain # c\n  -\n    x: 1\n',
      'containers:\n- name: a\n  image: x\nvolumes:\n- name: v\n',
      'a:\nb: ~\nc: null\nd:\n  e: {f: [1, 2]}\n  g: [x, {h: i}]\n',
      'a: |\n  b: c\n  d\ne: >-\n  f\n  g\nh: i\n',
      'a: one\n  two\nc: \'it\'\'s\'\n',
      'a:\n  b: 1\n# odd comment\n      # deeper comment\n  c: 2\n',
      '--- # marker comment\na: 1\n---\n\n# lead\nb:\n  c: d # e\n',
      'a: "q: r" # s\nb: http://x/y#z\nc: 8080\n',
    ];
    for (const text of texts) expectSameAsFull(text, JSON.stringify(text));
  });

  it('finds directive comments without composing a document, unless the block reader left it to js-yaml', () => {
    // helm template output: `# Source:` above each document, chart comments inside them.
    const helm = [
      '---', '# Source: app/templates/deployment.yaml', 'kind: Deployment', 'spec:',
      '  # -- replicas: ignored when autoscaling.enabled is true', '  replicas: 3 # HA',
      '---', '# Source: app/templates/service.yaml', 'kind: Service', 'spec:', '  ports:',
      '    # kubelint-disable-next-line service-target-port -- named on purpose', '    - port: 80', '',
    ].join('\n');
    let composed = 0;
    const counting = (piece: string, src: Source) => {
      composed++;
      return parseManifestTextFull(piece, src).manifests[0];
    };
    const manifests = parseFast(helm, source, counting)!;
    expect([...manifests[0]!.comments]).toEqual([]);
    expect([...manifests[1]!.comments]).toEqual([[12, 'kubelint-disable-next-line service-target-port -- named on purpose']]);
    expect(composed).toBe(0);
    expectSameAsFull(helm, 'helm');
    // A folded scalar is beyond the block reader: where its lines are is known from the composed slice.
    const folded = `${helm}  note: >\n    # kubelint-disable-line x -- text, not a comment\n`;
    const [, service] = parseFast(folded, source, counting)!;
    expect([...service!.comments]).toEqual([[12, 'kubelint-disable-next-line service-target-port -- named on purpose']]);
    expect(composed).toBe(1);
    expectSameAsFull(folded, 'folded');
  });

  it('composes a document only when asked for a location or comments', () => {
    const [manifest] = expectSameAsFull('---\na:\n  b: [1, 2]\n', 'lazy');
    expect(manifest!.comments.size).toBe(0);
    expect(manifest!.locate(['a', 'b', 1]).range).toEqual({ line: 3, column: 10, endLine: 3, endColumn: 11 });
  });
});
