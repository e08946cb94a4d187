// Seeded manifests holding quoted scalars across lines, as go-yaml's emitter and people write them
// and as they go wrong: breaks at spaces, `\` before a line starting with a space, `\` ending a
// line, escapes, blank lines (empty or of spaces) inside, trailing spaces before a break, a `#`
// and kubelint directives as text inside, comments after the closing quote, continuation lines at,
// below and past the key's column, quoted keys, `- "` items, block scalars holding a lone quote,
// several documents, CRLF. The input of yaml-quoted-differential.test.ts.
import type { Rng } from './paths-generate.js';

const WORDS = ['serves', 'the', 'API', 'a:b', 'x: y', 'it\'s', '#', 'a #b', '# kubelint-disable-line no-latest-tag -- in text', '"q"', '\\', '-', '- item', '---', '...', '[x', '{y', '&a', '*b', '!t', '%', '@', '|', '>', 'é', ':', '?', 'k:'];
// Prose as go-yaml folds it (a tame text's words): what sends a text to the full path for other
// reasons (a bracket opening a flow collection on a line, `&`, `*`, `!` after an indicator) left out.
const TAME = ['serves', 'the', 'API', 'a:b', 'it\'s', 'a #b', '# kubelint-disable-line no-latest-tag -- in text', '"q"', '\\', 'é', '/healthz', 'x,', '100%', 'on-call'];
const ESCAPES = ['\\"', '\\\\', '\\n', '\\t', '\\x41', '\\u00e9', '\\U0001F600', '\\/', '\\ ', '\\0', '\\e', '\\N', '\\_', '\\L', '\\P', '\\q', '\\x4'];

export interface QuotedOptions {
  crlf?: boolean;
}

/** A flaw's chance: none in a tame text (half of them), so enough texts reach the fast path. */
let wild = true;
const flaw = (rng: Rng, p: number): boolean => wild && rng.chance(p);

/** The words of a quoted value, escaped for its style (a bad escape now and then). */
function words(rng: Rng, quote: '"' | "'"): string[] {
  const out: string[] = [];
  for (let i = rng.int(1, 8); i > 0; i--) {
    let w = rng.pick(wild ? WORDS : TAME);
    if (quote === '"') {
      w = w.replace(/\\/g, flaw(rng, 0.1) ? '\\' : '\\\\').replace(/"/g, flaw(rng, 0.05) ? '"' : '\\"');
      if (rng.chance(0.15)) w += rng.pick(wild ? ESCAPES : ESCAPES.slice(0, -2));
    } else w = w.replace(/'/g, flaw(rng, 0.05) ? "'" : "''");
    out.push(w);
  }
  return out;
}

/** A quoted scalar starting at `column`, broken onto lines indented `indent` (or elsewhere, now and then). */
function multiLine(rng: Rng, quote: '"' | "'", indent: number): string {
  let out = quote + words(rng, quote).join(' ');
  for (let lines = rng.int(1, 4); lines > 0; lines--) {
    if (rng.chance(0.1)) out += rng.pick(wild ? [' ', '  ', '\t'] : [' ', '  ']); // trailing blanks before the break
    const escaped = quote === '"' && rng.chance(0.15);
    if (escaped) out += '\\'; // an escaped line break
    out += '\n';
    // Blank lines: folded to line feeds (after an escaped break, read otherwise by js-yaml: refused).
    while (escaped ? flaw(rng, 0.15) : rng.chance(0.15)) out += `${rng.pick(['', ' ', '    ', ' '.repeat(indent + 3)])}\n`; // blank lines: folded to line feeds
    const at = !flaw(rng, 0.15) ? indent : rng.pick([0, Math.max(0, indent - 2), indent - 1, indent + 3]);
    out += ' '.repeat(Math.max(0, at));
    if (flaw(rng, 0.05)) out += '\t';
    if (quote === '"' && rng.chance(0.15)) out += '\\ '; // go-yaml: a line starting with a space
    out += words(rng, quote).join(' ');
  }
  if (!flaw(rng, 0.1)) out += quote;
  if (rng.chance(0.2)) out += rng.pick(wild ? [' # note', '  # kubelint-disable-line no-latest-tag -- after', '#x', ' x', ' ', ':', ' : y'] : [' # note', '  # kubelint-disable-line no-latest-tag -- after', ' ']);
  return out;
}

function value(rng: Rng, indent: number): string {
  if (rng.chance(0.5)) return rng.pick(['web', '"one line"', "'one'", '1', 'true', 'a b', '"a: b" # c']);
  return multiLine(rng, rng.chance(0.75) ? '"' : "'", indent);
}

/** One document: a Kubernetes-like head, then nested maps and lists with quoted values across lines. */
function document(rng: Rng): string {
  const lines: string[] = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: q${rng.int(0, 99)}`];
  const block = (depth: number, pad: string, budget: number): void => {
    for (let i = rng.int(1, budget); i > 0; i--) {
      const r = rng.next();
      const key = rng.chance(0.1) ? rng.pick(['"quoted key"', "'k'", '"k: v"']) : `k${rng.int(0, 9)}${i}`;
      if (r < 0.5) lines.push(`${pad}${key}: ${value(rng, pad.length + rng.pick([2, 2, 2, 1, 4]))}`);
      else if (r < 0.65 && depth < 3) {
        lines.push(`${pad}${key}:`);
        block(depth + 1, `${pad}  `, 3);
      } else if (r < 0.8 && depth < 3) {
        lines.push(`${pad}${key}:`);
        const dash = rng.chance(0.5) ? pad : `${pad}  `;
        for (let j = rng.int(1, 3); j > 0; j--) {
          if (rng.chance(0.5)) lines.push(`${dash}- ${value(rng, dash.length + rng.pick([2, 2, 1, 4]))}`);
          else lines.push(`${dash}- ${key}x: ${value(rng, dash.length + rng.pick(wild ? [4, 4, 2, 3] : [4, 3]))}`);
        }
      } else if (r < 0.88 && wild) {
        // A block scalar whose body holds a quote that does not close on its line.
        lines.push(`${pad}${key}: ${rng.pick(['|', '>-', '|+'])}`, `${pad}  echo "start`, `${pad}  k: "x`, `${pad}    y"`, `${pad}  done"`);
      } else if (r < 0.93) lines.push(`${pad}# comment with a "quote`);
      else lines.push(`${pad}${key}: ${rng.pick(['"x" # c', "'y' #kubelint-disable-line a", 'plain "z'])}`);
    }
  };
  lines.push('data:');
  block(1, '  ', 6);
  return lines.join('\n');
}

/** A text of one to three documents. */
export function generateQuotedText(rng: Rng, options: QuotedOptions = {}): string {
  wild = rng.chance(0.5);
  const docs: string[] = [];
  for (let n = rng.int(1, 3); n > 0; n--) docs.push(document(rng));
  const text = `${rng.chance(0.3) ? '---\n' : ''}${docs.join(rng.chance(0.2) ? '\n---\n# between\n' : '\n---\n')}\n`;
  return options.crlf ? text.replace(/\n/g, '\r\n') : text;
}
