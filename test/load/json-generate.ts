// Generated JSON texts for json-differential.test.ts: values of every kind JSON has, with the
// numbers and strings where YAML's reading could part from JSON's (-0, exponents, big integers,
// escapes, surrogates), written with every layout JSON allows (minified, indented 2, 4 or by tabs,
// a line break, spaces or tabs anywhere between tokens, CRLF, leading and trailing blank lines), and now and
// then a text JSON refuses or `yaml` must (a duplicate key, a trailing comma, a `<<` key).
import type { Rng } from './paths-generate.js';

export interface JsonTextOptions {
  /** Also texts the JSON path must leave to the YAML paths (duplicate keys, trailing commas, ...). */
  flawed?: boolean;
}

const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng.next() * items.length)]!;

const NUMBERS = ['0', '-0', '1', '-1', '42', '0.5', '-0.0', '1e3', '1E3', '1e+3', '1.5E-7', '-2e-3', '0e5', '123456789012345678901234567890', '9007199254740993', '1e400', '5e-324', '3.14159', '10.0', '-1e400', '1e-400', '0.1e1', '2.5e+10'];
const WORDS = ['api', 'kind', 'name', 'x', 'image', 'é', '日本', '1', '0', '-1', '01', '', 'null', 'true', 'a b', 'a: b', '# c', '---', '[x]', '{y}', 'a/b', 'a"b', 'a\\b', 'tab\there', 'line\nbreak', '\u0000', '\u001f', '😀', '\ud800', 'kubelint.io/x', 'yes', 'on', '~', '*a', '&b', '!tag', '%d', '@x', '`q`', '<<x'];

/** A string as JSON writes it, each character raw or escaped at random (always escaped where JSON requires it). */
function jsonString(rng: Rng, s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    const must = ch === '"' || ch === '\\' || code < 0x20;
    if (!must && rng.next() < 0.85) out += ch;
    else if (ch === '/') out += '\\/';
    else if (ch === '\n' && rng.next() < 0.5) out += '\\n';
    else if (ch === '\t' && rng.next() < 0.5) out += '\\t';
    else if ((ch === '"' || ch === '\\') && rng.next() < 0.7) out += `\\${ch}`;
    else out += [...ch].map((_, i) => ch.charCodeAt(i)).map((c) => `\\u${c.toString(16).padStart(4, '0')}`).join('');
  }
  return `${out}"`;
}

/** How the text is laid out: the blank text between two tokens. */
interface Layout {
  gap(rng: Rng, depth: number, closing: boolean): string;
  newline: string;
}

function layoutOf(rng: Rng): Layout {
  const newline = rng.next() < 0.2 ? '\r\n' : '\n';
  const style = pick(rng, ['min', 'indent2', 'indent4', 'tabs', 'wild', 'spaced'] as const);
  const indent = (n: number, depth: number) => newline + ' '.repeat(n * depth);
  return {
    newline,
    gap(r, depth, closing) {
      if (style === 'min') return '';
      if (style === 'spaced') return r.next() < 0.5 ? ' ' : '';
      if (style === 'indent2') return indent(2, closing ? depth - 1 : depth);
      if (style === 'indent4') return indent(4, closing ? depth - 1 : depth);
      if (style === 'tabs') return newline + '\t'.repeat(closing ? depth - 1 : depth); // Go's MarshalIndent(v, "", "\t")
      const x = r.next();
      if (x < 0.4) return '';
      if (x < 0.6) return pick(r, [' ', '  ', '\t', ' \t', '\t ']);
      if (x < 0.85) return newline + ' '.repeat(Math.floor(r.next() * 6));
      if (x < 0.95) return newline + newline + ' '.repeat(Math.floor(r.next() * 3));
      return newline + pick(r, ['\t', '\t\t', ' \t', '\t ']) + (r.next() < 0.3 ? newline : '');
    },
  };
}

function scalar(rng: Rng): string {
  const x = rng.next();
  if (x < 0.35) return pick(rng, NUMBERS);
  if (x < 0.45) return pick(rng, ['true', 'false', 'null']);
  if (x < 0.47) return jsonString(rng, 'v'.repeat(1_000 + Math.floor(rng.next() * 1_500))); // past `yaml`'s 1,024-character implicit keys
  return jsonString(rng, pick(rng, WORDS) + (rng.next() < 0.3 ? pick(rng, WORDS) : ''));
}

function value(rng: Rng, layout: Layout, depth: number, options: JsonTextOptions): string {
  const x = rng.next();
  if (depth >= 5 || x < 0.45) return scalar(rng);
  return x < 0.75 ? object(rng, layout, depth + 1, options) : array(rng, layout, depth + 1, options);
}

function object(rng: Rng, layout: Layout, depth: number, options: JsonTextOptions): string {
  const count = Math.floor(rng.next() * 5);
  const keys = new Set<string>();
  const members: string[] = [];
  for (let i = 0; i < count; i++) {
    let key = pick(rng, WORDS) + (rng.next() < 0.3 ? String(i) : '');
    if (options.flawed && rng.next() < 0.03) key = pick(rng, ['<<', '__proto__', 'x'.repeat(1030)]);
    else if (keys.has(key) && !(options.flawed && rng.next() < 0.3)) continue; // a duplicate now and then when flawed
    keys.add(key);
    const colonGap = options.flawed && rng.next() < 0.05 ? layout.newline : pick(rng, ['', '', '', '', ' ', '\t']);
    members.push(`${layout.gap(rng, depth, false)}${jsonString(rng, key)}${colonGap}:${rng.next() < 0.7 ? ' ' : layout.gap(rng, depth, false)}${value(rng, layout, depth, options)}`);
  }
  const trailing = options.flawed && members.length > 0 && rng.next() < 0.05 ? ',' : '';
  return members.length === 0 ? (rng.next() < 0.5 ? '{}' : `{${layout.gap(rng, depth, true)}}`) : `{${members.join(',')}${trailing}${layout.gap(rng, depth, true)}}`;
}

function array(rng: Rng, layout: Layout, depth: number, options: JsonTextOptions): string {
  const count = Math.floor(rng.next() * 4);
  const items: string[] = [];
  for (let i = 0; i < count; i++) items.push(`${layout.gap(rng, depth, false)}${value(rng, layout, depth, options)}`);
  const trailing = options.flawed && items.length > 0 && rng.next() < 0.05 ? ',' : '';
  return items.length === 0 ? '[]' : `[${items.join(',')}${trailing}${layout.gap(rng, depth, true)}]`;
}

/** One JSON text: an object (mostly) or an array at its root, blank lines or spaces around it now and then. */
export function generateJsonText(rng: Rng, options: JsonTextOptions = {}): string {
  const layout = layoutOf(rng);
  const root = rng.next() < 0.85 ? object(rng, layout, 1, options) : array(rng, layout, 1, options);
  const around = (): string => pick(rng, ['', '', '', layout.newline, layout.newline + layout.newline, ' ', `${layout.newline}  `, `  ${layout.newline}${layout.newline}`]);
  const bom = rng.next() < 0.03 ? '\uFEFF' : '';
  return `${bom}${around()}${root}${around()}`;
}
