// A line-by-line outline of a Helm template: which lines are YAML keys, sequence items, template
// actions or block-scalar text. Templates are not valid YAML, so this reads indentation and literal
// `key:` tokens only; anything inside `{{ }}` is opaque.

export type LineKind = 'blank' | 'comment' | 'control' | 'output' | 'key' | 'item' | 'text';

export interface OutlineLine {
  /** 1-based line number in the file. */
  line: number;
  kind: LineKind;
  /** 0-based column of the first non-space character. */
  indent: number;
  text: string;
  /** Literal key on this line (`key:` or `- key:`), absent when the key is templated. */
  key?: string;
  /** 0-based column of the key (after `- ` for items). */
  keyIndent?: number;
  /** True for `- ` items. */
  dash?: boolean;
  /** Control keyword of a pure action line: if, else, end, range, with, define, block. */
  control?: string;
  /** The action's text without delimiters, for output lines. */
  action?: string;
}

const CONTROL = /^(if|else|end|range|with|define|block|break|continue)\b/;
const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"{\-?:,[\]][^#{]*?|-[^\s#{][^#{]*?)\s*:(?:\s|$)/;

function unquote(key: string): string {
  if (key.startsWith('"')) return key.slice(1, -1).replace(/\\(.)/g, '$1');
  if (key.startsWith("'")) return key.slice(1, -1).replace(/''/g, "'");
  return key;
}

/** The text of every `{{ ... }}` action on a line, trimmed of delimiters and `-` markers. */
export function actionsOf(text: string): string[] {
  return [...text.matchAll(/\{\{-?\s*([\s\S]*?)\s*-?\}\}/g)].map((m) => m[1]!);
}

/** True when the line is nothing but template actions (and whitespace). */
function onlyActions(trimmed: string): boolean {
  return trimmed.startsWith('{{') && trimmed.replace(/\{\{[\s\S]*?\}\}/g, '').trim() === '';
}

function isBlockScalarHeader(value: string): boolean {
  return /^[|>][0-9+-]*\s*(#.*)?$/.test(value.trim());
}

export function outlineTemplate(text: string): OutlineLine[] {
  const out: OutlineLine[] = [];
  const lines = text.split('\n');
  let blockIndent = -1; // > -1 while inside a block scalar: lines indented deeper are content
  let openAction = false; // inside a `{{ ... }}` that spans lines
  lines.forEach((raw, i) => {
    const textLine = raw.replace(/\r$/, '');
    const trimmed = textLine.trim();
    const indent = textLine.length - textLine.trimStart().length;
    const base = { line: i + 1, indent, text: textLine };
    if (openAction) {
      out.push({ ...base, kind: 'control' });
      if (trimmed.includes('}}')) openAction = false;
      return;
    }
    if (trimmed === '') return void out.push({ ...base, kind: 'blank' });
    if (blockIndent >= 0 && indent > blockIndent) return void out.push({ ...base, kind: 'text' });
    blockIndent = -1;
    if (trimmed.startsWith('#')) return void out.push({ ...base, kind: 'comment' });
    const opens = (trimmed.match(/\{\{/g) ?? []).length;
    const closes = (trimmed.match(/\}\}/g) ?? []).length;
    if (trimmed.startsWith('{{') && opens > closes) {
      openAction = true;
      return void out.push({ ...base, kind: 'control' });
    }
    if (onlyActions(trimmed)) {
      const actions = actionsOf(trimmed);
      const control = actions.every((a) => CONTROL.test(a) || a.startsWith('/*') || /^\$\w+\s*:?=/.test(a));
      if (control) return void out.push({ ...base, kind: 'control', control: CONTROL.exec(actions[0] ?? '')?.[1] ?? 'comment' });
      return void out.push({ ...base, kind: 'output', action: actions.join(' ') });
    }
    const dash = /^-(\s|$)/.test(trimmed);
    const rest = dash ? trimmed.replace(/^-\s*/, '') : trimmed;
    const keyIndent = dash ? textLine.indexOf(rest, indent + 1) : indent;
    const match = rest === '' ? null : KEY.exec(rest);
    const entry: OutlineLine = { ...base, kind: dash ? 'item' : 'key', dash, keyIndent };
    if (match) {
      entry.key = unquote(match[1]!.trim());
      if (isBlockScalarHeader(rest.slice(match[0].length))) blockIndent = keyIndent;
    } else if (!dash) {
      // A templated key (`{{ $k }}: v`) or a bare scalar: it produces content, so it is an output.
      if (rest.includes('{{')) return void out.push({ ...base, kind: 'output', action: actionsOf(rest).join(' ') });
      return void out.push({ ...base, kind: 'text' });
    }
    out.push(entry);
  });
  return out;
}

/** True for lines that end a YAML block when they are indented at or left of it. */
export function isStructural(entry: OutlineLine): boolean {
  // Actions never end a block: their output is placed by nindent, not by where they are written.
  return entry.kind === 'key' || entry.kind === 'item' || entry.kind === 'text';
}

/** Lines of `{{ define "name" }}` blocks: [first body line index, end index) in the outline. */
export function defineBlocks(outline: OutlineLine[]): Map<string, [number, number]> {
  const blocks = new Map<string, [number, number]>();
  for (let i = 0; i < outline.length; i++) {
    const entry = outline[i]!;
    const name = /\{\{-?\s*define\s+"([^"]+)"/.exec(entry.text)?.[1];
    if (!name) continue;
    let depth = 0;
    for (let j = i + 1; j < outline.length; j++) {
      for (const action of actionsOf(outline[j]!.text)) {
        if (/^(if|range|with|define|block)\b/.test(action)) depth++;
        else if (/^end\b/.test(action)) depth--;
      }
      if (depth < 0) {
        blocks.set(name, [i + 1, j]);
        i = j;
        break;
      }
    }
  }
  return blocks;
}

/** The literal scalar a key line writes (quotes removed), or undefined when templated. */
export function literalValue(line: OutlineLine): string | undefined {
  const raw = line.text.slice((line.keyIndent ?? 0) + (line.key?.length ?? 0)).replace(/^["']?\s*:\s*/, '').replace(/\s+#.*$/, '').trim();
  return raw.includes('{{') ? undefined : raw.replace(/^(["'])(.*)\1$/, '$2');
}
