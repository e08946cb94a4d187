// Seeded texts shaped like the manifests people write by hand or render, with every YAML form
// they use now and then: each scalar style (multi-line plain and quoted, block scalars with every
// indicator and chomping), comments everywhere, anchors, aliases and merge keys, flow collections
// and flow-root (JSON) documents, `---` and `...`, `%YAML`, a BOM, CRLF, lone CR, tabs (in every
// place, option `tabs`), empty documents, duplicate keys, YAML 1.1 values, long keys, and
// kubelint-disable directives of every form. The input of the parse paths' differential test (paths-differential.test.ts).

/** The seeded generator of bench/corpus-gen/random.mjs (the same seed gives the same texts everywhere). */
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probability: number): boolean;
}

const YAML11 = ['0644', '0o17', '0x1F', '1_000', '1:20', '190:20:30', '1:20:30.5', 'y', 'n', 'Y', 'N', 'yes', 'No', 'on', 'OFF', 'true', 'False',
  '.inf', '-.Inf', '+.INF', '.nan', '.NaN', '~', 'null', 'Null', '', '2024-01-01', '2024-01-01T00:00:00Z', '2001-12-14 21:59:43.10 -5', '1e3', '1.5e-3',
  '.5', '1.', '-0', '+12', '09', '0b101', 'e5', '.', '-.', '=', '<<', '1.0'];
const PLAIN = ['nginx:1.25', 'web', 'http://x.example:80/a?b=c#frag', 'a b c', "it's", 'say "hi"', 'a#b', 'a,b', 'x]', 'x}', '-x', '--port=80',
  'é ü', 'x\u00a0y', '?x', ':x', 'a:b', '100m', '512Mi', '/bin/sh', 'C:\\tmp', '*.example.com'];
const DOUBLE = ['"web"', '"a # b"', '"8080"', '"yes"', '"a\\"b"', '"tab\\tnew\\nline"', '"\\u00e9\\x41"', '"\\\\"', '"\\/"', '""', '"it\'s"', '"#"', '"a: b"',
  '"\\e\\0\\a"', '"\\N\\_\\L\\P"', '"a\\ b"'];
const SINGLE = ["'web'", "'a # b'", "'it''s'", "''", "'\"'", "'a: b'", "'0644'", "'#'", "'\\n'"];
const HEADERS = ['|', '|-', '|+', '>', '>-', '>+', '|2', '|2-', '>1+', '|-2', '| # c', '>- # kubelint-disable-line no-latest-tag -- in header'];
const RULES = ['no-latest-tag', 'resources-required', 'run-as-non-root,read-only-root-fs', 'unused-suppression', 'image-pull-policy', 'a'];
const TAGS = ['!!str', '!!int', '!!float', '!!bool', '!!null', '!!binary', '!custom', '!<tag:yaml.org,2002:str>'];
const BOOLEAN_KEYS = ['yes', 'on', 'y'];
const KINDS = [['v1', 'ConfigMap'], ['apps/v1', 'Deployment'], ['v1', 'Service'], ['batch/v1', 'CronJob'], ['v1', 'Pod']] as const;

/** A suppression directive of any form, sometimes malformed or without a reason. */
function directive(rng: Rng): string {
  const form = rng.pick(['kubelint-disable-line', 'kubelint-disable-next-line', 'kubelint-disable', 'kubelint-disablex', 'kubelint-']);
  const reason = rng.pick([' -- because', ' -- ', '', ' --why']);
  return `# ${form}${rng.chance(0.9) ? ` ${rng.pick(RULES)}` : ''}${reason}`;
}

function comment(rng: Rng): string {
  return rng.chance(0.5) ? directive(rng) : rng.pick(['# note', '#', '# a: b', "# it's", '# "x', '# Source: chart/templates/x.yaml', '#kubelint-disable-line a -- no blank']);
}

/** A scalar written in one line, any style; `inFlow` avoids what flow context forbids. */
function scalar(rng: Rng, inFlow = false, wild = true): string {
  const r = rng.next() * (wild ? 1 : 0.82);
  if (r < 0.3) return rng.pick(YAML11);
  if (r < 0.32) return rng.pick(['@x', '`cmd`', '%x']); // refused: reserved indicators
  if (r < 0.5) return inFlow ? rng.pick(['web', 'x y', "it's", 'a#b', '100m']) : rng.pick(PLAIN);
  if (r < 0.7) return rng.pick(DOUBLE);
  if (r < 0.82) return rng.pick(SINGLE);
  if (r < 0.9) return `${rng.pick(TAGS)} ${rng.pick(['1', 'x', 'aGVsbG8=', '"2"', 'true', ''])}`.trimEnd();
  if (r < 0.95) return `&${rng.pick(['a', 'b', 'anchor-1'])} ${rng.pick(['x', '1', '"q"'])}`;
  return '*a';
}

/** Lines of a document built top-down; `out` collects them, each without its line break. */
class Doc {
  readonly out: string[] = [];
  /** `wild`: anchors, tags, merge keys, multi-line quoted scalars and the like, which send a text to the full path. */
  constructor(
    private readonly rng: Rng,
    private readonly wild: boolean,
  ) {}

  private pad(n: number): string {
    return ' '.repeat(Math.max(0, n));
  }

  /** Sometimes a comment line, a blank line or a directive between entries. */
  private between(indent: number): void {
    const { rng } = this;
    const r = rng.next();
    if (r < 0.08) this.out.push(`${this.pad(rng.pick([0, indent, indent + 2, indent - 2]))}${comment(rng)}`);
    else if (r < 0.12) this.out.push(rng.pick(['', '  ', ' '.repeat(indent + 4)]));
  }

  private trailer(): string {
    const { rng } = this;
    return rng.chance(0.12) ? ` ${comment(rng)}` : this.wild && rng.chance(0.03) ? rng.pick(['   ', '\t', ' \t# tabbed']) : '';
  }

  /** A value after `prefix` (`key:` or `-`), which ends the current line or starts a block. */
  value(prefix: string, indent: number, depth: number): void {
    const { rng } = this;
    const r = rng.next() * (this.wild ? 1 : 0.995);
    const child = indent + rng.pick([2, 2, 2, 4, 1]);
    if (depth < 4 && r < 0.22) {
      this.out.push(`${prefix}${this.wild && rng.chance(0.1) ? ' &m' : ''}${this.trailer()}`);
      this.mapping(child, depth + 1);
    } else if (depth < 4 && r < 0.34) {
      this.out.push(`${prefix}${this.trailer()}`);
      this.sequence(rng.chance(0.4) && prefix.trimStart()[0] !== '-' ? indent : child, depth + 1);
    } else if (r < 0.44) {
      this.out.push(`${prefix} ${rng.pick(this.wild ? HEADERS : HEADERS.filter((h) => !/\d/.test(h)))}`);
      this.blockBody(child);
    } else if (r < 0.5) {
      // A multi-line plain or quoted scalar: its continuation lines more indented than the key.
      const quote = this.wild ? rng.pick(['', '"', "'"]) : '';
      this.out.push(`${prefix} ${quote}${rng.pick(quote ? ['first', 'it is', 'a # b', "don't", 'x: y'] : ['first', 'it is', "don't"])}`);
      for (let i = rng.int(1, 3); i > 0; i--) {
        const pieces = ['more words', '', '"q"', "'s'", this.wild ? 'tab\there' : 'no tab', '- item'];
        if (quote) pieces.push('# kubelint-disable-line no-latest-tag -- inside', quote === '"' ? 'a \\" b' : "a '' b");
        const piece = rng.pick(pieces);
        this.out.push(piece === '' ? '' : `${this.pad(child)}${piece}`);
      }
      const last = quote ? `end${quote}` : rng.pick(['end', "'twas", '- "x', '"q', "it's"]);
      this.out.push(`${this.pad(child)}${last}${rng.chance(0.3) ? ` ${directive(rng)}` : this.trailer()}`);
    } else if (r < 0.58) {
      this.out.push(`${prefix} ${this.flow(depth)}${this.trailer()}`);
    } else if (r < 0.61) {
      this.out.push(`${prefix}${this.trailer()}`); // null
    } else if (this.wild && r < 0.63) {
      this.out.push(`${prefix} *${rng.pick(['a', 'b', 'm', 'missing'])}`);
    } else {
      this.out.push(`${prefix}${rng.pick([' ', ' ', '  '])}${scalar(rng, false, this.wild)}${this.trailer()}`);
    }
  }

  flow(depth: number): string {
    const { rng } = this;
    const items = Array.from({ length: rng.int(0, 3) }, () => (depth < 3 && rng.chance(0.2) ? this.flow(depth + 1) : scalar(rng, true, this.wild)));
    if (rng.chance(0.5)) return `[${items.join(', ')}]`;
    return `{${items.map((v, i) => `${rng.pick([`k${i}`, `"k${i}"`, `x${i}`])}: ${v}`).join(', ')}}`;
  }

  blockBody(indent: number): void {
    const { rng } = this;
    const count = rng.int(0, 4);
    for (let i = count; i > 0; i--) {
      const r = rng.next();
      if (r < 0.15 && i < count) this.out.push(rng.pick(['', '  ']));
      else if (r < 0.3) this.out.push(`${this.pad(indent)}${directive(rng)}`);
      else if (r < 0.4 && i < count) this.out.push(`${this.pad(indent + 2)}indented more`);
      else this.out.push(`${this.pad(indent)}${rng.pick(['echo "hi" # not a comment', 'key: value', '- x', "it's", 'set -e', '  ', this.wild ? 'line\twith tab' : 'line with spaces'])}`);
    }
  }

  mapping(indent: number, depth: number, keys: string[] = []): void {
    const { rng } = this;
    const used = [...keys];
    for (let i = rng.int(1, 4); i > 0; i--) {
      let key = rng.pick(['name', 'image', 'labels', 'value', 'port', 'args', 'data', 'yes', 'on', 'y', '0644', '1:20', '"quoted key"', "'single'", '~', 'a b', 'k#x']);
      // `yes`, `on` and `y` are all the key true in YAML 1.1: one of them per mapping, unless a duplicate is meant.
      if (BOOLEAN_KEYS.includes(key) && used.some((k) => BOOLEAN_KEYS.includes(k))) key = `${key}${i}`;
      if (rng.chance(0.02) && used.length > 0) key = rng.pick(used); // a duplicate
      else if (this.wild && rng.chance(0.01)) key = 'k'.repeat(rng.pick([1023, 1024, 1100]));
      else if (used.includes(key)) key = `${key}${i}`;
      used.push(key);
      if (this.wild && rng.chance(0.05)) {
        this.out.push(`${this.pad(indent)}<<: ${rng.pick(['*m', '*a', '[*m, *m]', '{x: 1}'])}`);
      }
      const sep = this.wild && rng.chance(0.03) ? ':\t' : ':';
      this.value(`${this.pad(indent)}${key}${sep}`, indent, depth);
      this.between(indent);
    }
  }

  sequence(indent: number, depth: number): void {
    const { rng } = this;
    for (let i = rng.int(1, 3); i > 0; i--) {
      const dash = `${this.pad(indent)}-`;
      if (depth < 4 && rng.chance(0.4)) {
        const column = indent + 2;
        this.value(`${dash} name:`, column, depth + 1);
        if (rng.chance(0.6)) this.value(`${this.pad(column)}image:`, column, depth + 1);
      } else this.value(dash, indent, depth);
      this.between(indent);
    }
  }

  /** A Kubernetes-like object at the root. */
  object(): void {
    const { rng } = this;
    const [apiVersion, kind] = rng.pick(KINDS);
    this.out.push(`apiVersion: ${apiVersion}${this.trailer()}`, `kind: ${kind}`);
    this.between(0);
    this.out.push('metadata:', `  name: ${rng.pick(['web', '"web"', 'web # c', "'web'"])}${this.trailer()}`);
    if (rng.chance(0.5)) {
      this.out.push('  labels:');
      this.mapping(4, 2);
    }
    this.between(0);
    this.value(rng.pick(['spec:', 'data:', 'x:']), 0, 1);
    if (rng.chance(0.3)) this.mapping(0, 1, ['apiVersion', 'kind', 'metadata', 'spec', 'data', 'x']);
  }
}

/** One document's lines (maybe empty, comment-only or flow-root). */
function documentLines(rng: Rng, wild: boolean): string[] {
  const r = rng.next();
  if (r < 0.05) return [];
  if (r < 0.09) return [comment(rng)];
  if (r < 0.16) {
    // A flow-root (JSON) document, in one line or several, with comments near it.
    const doc = new Doc(rng, wild);
    const body = `{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "j"}, "data": ${doc.flow(1)}}`;
    const lines = rng.chance(0.5) ? [body] : body.replace(/, /g, ',\n  ').split('\n');
    if (rng.chance(0.5)) lines.push(comment(rng));
    if (rng.chance(0.3)) lines.push('', comment(rng));
    return lines;
  }
  if (wild && r < 0.19) return [rng.pick(['just a string', '"quoted"', '42', '- a\n- b', '[1, 2]', '!!binary aGVsbG8='])];
  const doc = new Doc(rng, wild);
  doc.object();
  return doc.out;
}

export interface GenerateOptions {
  /** Line ends other than LF, BOMs, tabs and other rare characters (the slow paths' inputs). */
  rare?: boolean;
  /** Anchors, tags, merge keys, `...`, `%YAML`, multi-line quoted scalars, tabs (default: one text in two). */
  wild?: boolean;
  /** Tabs and CRs alone put in one to six places of the text (withBlanks): where YAML allows them, and where it does not. */
  tabs?: boolean;
}

/**
 * Where a tab or a CR alone goes in a line (withBlanks), `at` being the line's first character
 * after its indentation: each placement a real file shows (a Makefile or TSV in a block scalar,
 * `key:<tab>value`, a tab before a comment or in it, a CR left by an old editor) and the refused
 * ones (a tab as indentation, a tab-led line among the keys).
 */
const PLACEMENTS: Array<(line: string, at: number, rng: Rng) => string> = [
  (l, at, rng) => replaceBlank(l, at, rng, '\t'), // between words: a TSV row, a Makefile recipe's arguments
  (l, at) => `${l.slice(0, at)}\t${l.slice(at)}`, // after the indentation: a Makefile recipe in a block scalar; else refused
  (l, at) => (at > 0 ? `${l.slice(0, at - 1)}\t${l.slice(at)}` : l), // a tab as the last column of indentation
  (l, _at, rng) => `${l}${rng.pick(['\t', ' \t', '\t# tabbed', '\t#\tc', ' \t# kubelint-disable-line a -- tab'])}`, // trailing
  (l, _at, rng) => l.replace(/: /, rng.pick([':\t', ': \t', ':\t\t'])), // after a value's separator
  (l, _at, rng) => l.replace(/:$/, rng.pick([':\t', ': \t'])), // after a key whose block follows
  (l, _at, rng) => l.replace(/#/, rng.pick(['#\t', '\t#'])), // in or before a comment
  (l, _at, rng) => l.replace(/"/, rng.pick(['"\t', '"a\tb '])), // inside a double-quoted scalar (or refused)
  (l, _at, rng) => l.replace(/'/, "'\t"), // inside a single-quoted scalar (or refused)
  (l, at, rng) => replaceBlank(l, at, rng, '\r'), // a CR alone between words
  (l, _at, rng) => `${l}${rng.pick(['\r', '\rx', ' \r'])}`, // a CR alone ending the line's text
  (l, _at, rng) => l.replace(/#/, '#\r'), // a CR alone in a comment
  (l, _at, rng) => l.replace(/([-:]) /, `$1${rng.pick(['\r', ' \r', '\t\r'])}`), // after an indicator
  (l, at, rng) => `${l}\n${' '.repeat(rng.pick([0, at, at + 2]))}${rng.pick(['\t', ' \t', '\t\t'])}`, // a blank line of tabs
];

/** `line` with one of its blanks after `at` (a random one) replaced by `by`. */
function replaceBlank(line: string, at: number, rng: Rng, by: string): string {
  const blanks: number[] = [];
  for (let i = line.indexOf(' ', at); i !== -1; i = line.indexOf(' ', i + 1)) blanks.push(i);
  if (blanks.length === 0) return line;
  const i = rng.pick(blanks);
  return `${line.slice(0, i)}${by}${line.slice(i + 1)}`;
}

/** The text with tabs or CRs alone put on one to six of its lines (PLACEMENTS). */
function withBlanks(rng: Rng, text: string): string {
  const lines = text.split('\n');
  for (let n = rng.int(1, 6); n > 0; n--) {
    const i = rng.int(0, lines.length - 1);
    const line = lines[i]!;
    const at = line.length - line.trimStart().length;
    lines[i] = rng.pick(PLACEMENTS)(line, at, rng);
  }
  return lines.join('\n');
}

/** A text of one to four documents. */
export function generateText(rng: Rng, options: GenerateOptions = {}): string {
  const lines: string[] = [];
  const wild = options.wild ?? rng.chance(0.5);
  if (wild && rng.chance(0.05)) lines.push('%YAML 1.1', '---');
  else if (rng.chance(0.3)) lines.push(rng.pick(['---', '--- # Source: chart/templates/a.yaml', '---  ']));
  if (rng.chance(0.1)) lines.unshift(comment(rng));
  const count = rng.int(1, 4);
  for (let i = 0; i < count; i++) {
    if (i > 0) {
      if (wild && rng.chance(0.1)) lines.push('...');
      if (rng.chance(0.2)) lines.push(comment(rng));
      lines.push(rng.pick(['---', '---', '--- # Source: x.yaml', '--- ', '--- |\n  a block root\n---']));
    }
    lines.push(...documentLines(rng, wild));
  }
  if (rng.chance(0.1)) lines.push(rng.pick([wild ? '...' : '#', '---', '# trailing comment', '', '  ']));
  let text = lines.join('\n') + (rng.chance(0.85) ? '\n' : '');
  if (options.tabs) text = withBlanks(rng, text);
  if (options.rare) {
    const r = rng.next();
    if (r < 0.2) text = text.replace(/\n/g, '\r\n');
    else if (r < 0.3) text = text.replace(/\n/g, '\r');
    else if (r < 0.4) text = text.replace(/\n/g, () => (rng.chance(0.5) ? '\r\n' : '\n'));
    else if (r < 0.5) text = text.replace(/\n/, '\r'); // one lone CR
    else if (r < 0.6) text = text.replace(/: /, ':\t');
    else if (r < 0.7) text = text.replace(/\n {2}/, '\n\t');
    else if (r < 0.8) text = `\uFEFF${text}`;
    else if (r < 0.85) text = text.replace(/web/, 'w\u2028b');
    else if (r < 0.9) text = text.replace(/web/, 'w\u0085b');
    else text = text.replace(/web/, 'w\u0007b');
  }
  return text;
}

/**
 * A text of one to three manifests written only in the forms the fast path's block reader reads
 * (plain keys, one-line plain and quoted scalars, literal block scalars, block sequences of
 * mappings, `{}` and `[]`, comments), with tabs or CRs alone put in by PLACEMENTS: most such
 * texts stay the fast path's, so every placement is compared where it is read, not only refused.
 */
export function readerText(rng: Rng): string {
  const lines: string[] = [];
  const note = () => (rng.chance(0.2) ? ` ${comment(rng)}` : '');
  const value = () => rng.pick(['web', 'nginx:1.25', '"8080"', "'a # b'", '80', 'true', 'a b c', '--port=80', '"x y"', '/bin/sh', '{}', '[]']);
  const block = (indent: number) => {
    lines.push(`${' '.repeat(indent)}${rng.pick(['script', 'Makefile', 'table.tsv', 'nginx.conf'])}: ${rng.pick(['|', '|-'])}${note()}`);
    const body = indent + rng.pick([2, 4]);
    for (let i = rng.int(1, 5); i > 0; i--) {
      const r = rng.next();
      if (r < 0.15 && i > 1) lines.push('');
      else if (r < 0.3) lines.push(`${' '.repeat(body)}# ${rng.pick(['a comment in the text', 'kubelint-disable-line no-latest-tag -- text'])}`);
      else if (r < 0.4) lines.push(`${' '.repeat(body + 2)}indented more`);
      else lines.push(`${' '.repeat(body)}${rng.pick(['build: deps', 'go build ./...', 'a b c', 'server_name example.com;', 'echo "hi" # text', 'k: v'])}`);
    }
  };
  for (let d = rng.int(1, 3); d > 0; d--) {
    if (lines.length > 0 || rng.chance(0.3)) lines.push(rng.pick(['---', '--- # Source: chart/templates/a.yaml']));
    if (rng.chance(0.2)) lines.push(comment(rng));
    const [apiVersion, kind] = rng.pick(KINDS);
    lines.push(`apiVersion: ${apiVersion}`, `kind: ${kind}${note()}`, 'metadata:', `  name: ${value()}${note()}`);
    if (rng.chance(0.5)) {
      lines.push('  labels:');
      for (let i = rng.int(1, 3); i > 0; i--) lines.push(`    k${i}: ${value()}${note()}`);
    }
    if (rng.chance(0.5)) {
      lines.push('data:');
      for (let i = rng.int(1, 4); i > 0; i--) {
        if (rng.chance(0.5)) block(2);
        else lines.push(`  key${i}: ${value()}${note()}`);
      }
    } else {
      lines.push('spec:', '  containers:');
      for (let i = rng.int(1, 2); i > 0; i--) {
        lines.push(`  - name: c${i}${note()}`, `    image: ${value()}`);
        if (rng.chance(0.5)) lines.push('    args:', ...Array.from({ length: rng.int(1, 3) }, () => `    - ${value()}${note()}`));
        if (rng.chance(0.4)) block(4);
      }
    }
  }
  return withBlanks(rng, `${lines.join('\n')}\n`);
}
