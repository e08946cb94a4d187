// Random YAML documents mixing what manifests hold with what they rarely do (YAML 1.1 scalars,
// quotes and escapes, block scalars with every indicator, comments, blank lines with spaces,
// multi-line plain scalars, flow collections, duplicate and odd keys, bad indentation, `---`
// lines, a BOM, CRLF, tabs, a last line without a line break): the inputs of the parse paths' differential tests.

export interface Random {
  int(a: number, b: number): number;
  pick<T>(xs: T[]): T;
  next(): number;
}

const KEYS = ['a', 'b', 'name', 'app.kubernetes.io/name', 'x-y_z', 'yes', 'on', 'No', 'y', 'n', '0644', '1.0', '1_000', 'e5', '0x1F',
  'true', '__proto__', 'constructor', 'toString', '"q"', "'s'", 'a b', '-k', '.k', '/k', 'NULL', '~', 'k#', 'é'];
const SCALARS = [
  'x', '"a # b"', "'a # b'", 'a "b" c', 'x #', '"#"', 'nginx:1.25', 'yes', 'No', 'on', 'OFF', 'y', 'n', '~', 'null', 'Null', 'true', 'False', '0644', '09', '0b101', '0x1F', '-0x1F',
  '1_000', '+12', '-3', '1:20', '1:20:30.5', '190:20:30', '1.5', '.5', '1.', '1e3', 'e5', 'E-2', '.inf', '-.Inf', '.nan', 'e0',
  '2024-01-01T00:00:00Z', '0o17', 'infinity', '"a\\"b"', '"a\\nb\\t"', '"\\\\"', '"\\/"', '"\\x41"', '"\\u00e9"', '"\\e"', '"a\\ b"',
  '"yes"', '"0644"', '""', "''", "'it''s'", "'a'b", '"a"b', '"a" # c', "'x' #c", '"unclosed', "'unclosed", 'a # comment', 'a#b',
  'a  #  b', 'http://x:80/y', 'a: b', 'a:', 'a :b', '-x', '--port=80', '-', '- x', '?x', ':x', '{}', '[]', '{ }', '[a, b]', '{a: 1}',
  '[a', '&a x', '*a', '!!str 1', '@x', '`x', '%x', 'x\u00a0', 'x   ', '>x', '|x', 'a,b', 'a]', 'a}', '<<', '=', 'é', '---', '...',
];
const HEADERS = ['|', '|-', '|+', '>', '>-', '|2', '|-1', '| # c', '|#c', '>+', '|  '];

/** A random document (or a piece of one) built from the pieces above, indented by `indent`. */
export function generate(rng: Random): string {
  const lines: string[] = [];
  const step = () => rng.pick([2, 2, 2, 4, 1, 3]);
  const blank = () => (rng.next() < 0.5 ? '' : ' '.repeat(rng.int(1, 8)));
  const extras = (indent: number) => {
    const r = rng.next();
    if (r < 0.05) lines.push(`${' '.repeat(rng.int(0, indent + 4))}# comment: here`);
    else if (r < 0.08) lines.push(blank());
  };
  const blockBody = (indent: number) => {
    const inner = indent + rng.pick([1, 2, 2, 4]);
    const count = rng.int(0, 5);
    if (rng.next() < 0.1) lines.push(blank());
    for (let i = 0; i < count; i++) {
      const r = rng.next();
      if (r < 0.15) lines.push(blank());
      else if (r < 0.25) lines.push(`${' '.repeat(inner + rng.int(1, 3))}more indented`);
      else if (r < 0.32) lines.push(`${' '.repeat(inner)}# not a comment`);
      else if (r < 0.36) lines.push(`${' '.repeat(Math.max(0, inner - 1))}less`);
      else lines.push(`${' '.repeat(inner)}${rng.pick(SCALARS)}`);
    }
    if (rng.next() < 0.3) lines.push(blank());
  };
  const value = (prefix: string, indent: number, depth: number) => {
    const r = rng.next();
    if (depth < 5 && r < 0.3) {
      lines.push(rng.next() < 0.1 ? `${prefix} # c` : prefix);
      mapping(indent + step(), depth + 1);
    } else if (depth < 5 && r < 0.45) {
      lines.push(prefix);
      sequence(rng.next() < 0.4 ? indent : indent + step(), depth + 1);
    } else if (r < 0.55) {
      lines.push(`${prefix} ${rng.pick(HEADERS)}`);
      blockBody(indent);
    } else if (r < 0.6) {
      lines.push(`${prefix} ${rng.pick(SCALARS)}`);
      lines.push(`${' '.repeat(indent + rng.int(0, 3))}${rng.pick(SCALARS)}`); // continued, or not
    } else if (r < 0.63) {
      lines.push(prefix); // null
    } else {
      lines.push(`${prefix}${rng.pick([' ', ' ', '  ', ''])}${rng.pick(SCALARS)}`);
    }
  };
  const mapping = (indent: number, depth: number) => {
    const used: string[] = [];
    for (let i = rng.int(1, 4); i > 0; i--) {
      const key = rng.next() < 0.05 && used.length > 0 ? rng.pick(used) : rng.next() < 0.7 ? rng.pick(KEYS.slice(0, 6)) + i : rng.pick(KEYS);
      used.push(key);
      const shift = rng.next() < 0.03 ? rng.pick([-1, 1]) : 0;
      value(`${' '.repeat(Math.max(0, indent + shift))}${key}:`, indent, depth);
      extras(indent);
    }
  };
  const sequence = (indent: number, depth: number) => {
    for (let i = rng.int(1, 3); i > 0; i--) {
      const dash = `${' '.repeat(indent)}-${rng.pick([' ', ' ', '   '])}`;
      const r = rng.next();
      if (depth < 5 && r < 0.4) {
        // `- key: value` and the keys below it at the same column.
        const column = dash.length;
        const key = rng.pick(KEYS.slice(0, 6));
        value(`${dash}${key}:`, column, depth + 1);
        if (rng.next() < 0.6) value(`${' '.repeat(column)}${key}2:`, column, depth + 1);
      } else if (r < 0.5) {
        lines.push(dash.trimEnd());
        if (depth < 5 && rng.next() < 0.7) mapping(indent + step(), depth + 1);
      } else value(dash.trimEnd(), indent, depth);
      extras(indent);
    }
  };
  if (rng.next() < 0.3) lines.push(rng.pick(['---', '--- # c', '---  ', '--- x', '# head\n---']));
  if (rng.next() < 0.1) sequence(0, 0);
  else mapping(rng.next() < 0.05 ? 2 : 0, 0);
  let text = lines.join('\n') + (rng.next() < 0.8 ? '\n' : '');
  const r = rng.next();
  if (r < 0.03) text = `\uFEFF${text}`;
  else if (r < 0.06) text = text.replace(/\n/g, '\r\n');
  else if (r < 0.08) text = text.replace(/: /, ':\t');
  // The split pass's edges: a last line without a line break (spaces, an item, a comment), a first line of spaces.
  else if (r < 0.11) text += rng.pick(['   ', '-', '- ', '  # c', '#', '---', '  -']);
  else if (r < 0.13) text = `${' '.repeat(rng.int(1, 3))}\n${text}`;
  return text;
}
