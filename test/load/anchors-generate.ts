// Seeded manifests holding anchors, aliases and `<<` merge keys as hand-kept files use them and as
// they go wrong: anchors on scalars, block and compact maps and lists, one-line flow collections and
// block scalars; aliases as values, items and merge sources; `<<: *a`, `<<: [*a, *b]`, `<<` first
// (mostly), between or after explicit keys (some the same as a merged key), two `<<` in a map, nested merges,
// anchors redefined, aliases into an earlier document or before their anchor, aliases inside
// anchored nodes, comments and kubelint directives on merged lines, CRLF. Flaws (tags, aliases as
// keys, anchors on keys, quoted or flow `<<`, merges of a scalar, duplicate keys, tabs, empty
// anchored nodes) send texts to the full path or to its errors. The input of
// yaml-anchors-differential.test.ts.
import type { Rng } from './paths-generate.js';

export interface AnchorsOptions {
  crlf?: boolean;
  /** No flaws: texts the fast path should mostly take. */
  tame?: boolean;
}

const NAMES = ['labels', 'defaults', 'r', 'env-base', 'x.y', 'probe_1'];
const KEYS = ['app', 'tier', 'name', 'image', 'port', 'version', 'owner', 'cpu', 'memory', 'enabled'];
const SCALARS = ['web', '"quoted"', "'single'", '80', '0644', 'yes', 'off', '1.5', '~', 'null', '1:20', '"4.16"', 'a b', 'x-y', '""', '100m', 'http://x:80/'];
const DIRECTIVES = [' # note', ' # kubelint-disable-line no-latest-tag -- merged here', '  # kubelint-disable-next-line require-labels -- shared'];
const FLAWS = [
  (n: string) => `&${n} k: v`, // an anchor on a key
  (n: string) => `*${n} : v`, // an alias as a key
  (n: string) => `k: !!str &${n} v`, // a tag next to an anchor
  (n: string) => `k: &${n} !!str v`,
  (n: string) => `"<<": *${n}`, // a quoted merge key: a plain key "<<"
  (n: string) => `<<: {z: 1, k: *${n}}`, // a flow merge source
  (n: string) => `<< : *${n}`,
  (n: string) => `? <<\n: *${n}`,
  (n: string) => `k: &${n}`, // an empty anchored node
  (n: string) => `k:\t*${n}`,
  (n: string) => `k: *${n} trailing`,
  (n: string) => `k: &${n} a: b`,
  (n: string) => `k: *${n}x`,
  (n: string) => `- &${n} {a: 1}`,
];

class Doc {
  lines: string[] = [];
  /** Anchors defined so far in this document, by kind. */
  maps: string[] = [];
  others: string[] = [];
  constructor(
    private readonly rng: Rng,
    private readonly tame: boolean,
    private readonly earlier: string[],
  ) {}

  flaw(p: number): boolean {
    return !this.tame && this.rng.chance(p);
  }

  /** Inside an anchored node (a tame text holds no alias there: the fast path leaves that to the full path). */
  anchoredDepth = 0;
  private readonly named = new Set<string>();

  /** An anchor's name: a tame text redefines none (a redefined anchor an alias finds is a wild text's). */
  name(): string {
    let name = this.rng.pick(NAMES);
    if (this.tame) while (this.named.has(name)) name = `${this.rng.pick(NAMES)}${this.named.size}`;
    this.named.add(name);
    return name;
  }

  comment(): string {
    return this.rng.chance(0.15) ? this.rng.pick(DIRECTIVES) : '';
  }

  /** An alias to a known anchor (a map one when `map`), else to an earlier document's or an unknown one now and then. */
  alias(map: boolean): string | undefined {
    if (this.tame && this.anchoredDepth > 0) return undefined;
    const known = map ? this.maps : [...this.maps, ...this.others];
    if (known.length === 0 || this.flaw(0.05)) return this.flaw(0.5) ? this.rng.pick(this.earlier.length ? this.earlier : NAMES) : undefined;
    return this.rng.pick(known);
  }

  /** A map's entries at `indent`, `depth` levels deep at most. */
  map(indent: number, depth: number, entries = this.rng.int(1, 5), mergeFirst = true): void {
    const pad = ' '.repeat(indent);
    const used: string[] = [];
    const key = (): string => {
      let k = this.rng.pick(KEYS);
      if (used.includes(k) && !this.flaw(0.1)) k = `${k}${used.length}`;
      used.push(k);
      return k;
    };
    for (let i = 0; i < entries; i++) {
      const roll = this.rng.next();
      if (this.flaw(0.03)) {
        this.lines.push(...this.rng.pick(FLAWS)(this.name()).split('\n').map((l) => pad + l));
        continue;
      }
      if (roll < 0.35 && ((i === 0 && mergeFirst) || roll < 0.01)) {
        // `<<` first, as hand-kept files write it; now and then after a key (go-yaml's order: the full path).
        this.merge(pad);
      } else if (roll < 0.35) {
        const a = this.alias(false);
        if (a) this.lines.push(`${pad}${key()}: *${a}${this.comment()}`);
        else this.lines.push(`${pad}${key()}: ${this.rng.pick(SCALARS)}`);
      } else if (roll < 0.5) {
        const n = this.name();
        this.lines.push(`${pad}${key()}: &${n} ${this.rng.pick(SCALARS)}${this.comment()}`);
        this.others.push(n);
      } else if (roll < 0.68 && depth > 0) {
        // An anchored block map (or a plain one), maybe holding an alias or a merge itself.
        const anchor = this.rng.chance(0.7) ? this.name() : undefined;
        this.lines.push(`${pad}${key()}:${anchor ? ` &${anchor}` : ''}${this.comment()}`);
        if (anchor) this.anchoredDepth++;
        this.map(indent + this.rng.pick([2, 2, 4]), depth - 1);
        if (anchor) this.anchoredDepth--;
        if (anchor) this.maps.push(anchor);
      } else if (roll < 0.78 && depth > 0) {
        const anchor = this.rng.chance(0.6) ? this.name() : undefined;
        this.lines.push(`${pad}${key()}:${anchor ? ` &${anchor}` : ''}`);
        if (anchor) this.anchoredDepth++;
        this.seq(this.rng.chance(0.3) ? indent : indent + 2, depth - 1);
        if (anchor) this.anchoredDepth--;
        if (anchor) this.others.push(anchor);
      } else if (roll < 0.86) {
        const n = this.name();
        const flow = this.rng.pick(['[a, b]', '[]', '{}', '{a: 1, b: x}', '[1, "2"]', '{k: v}']);
        this.lines.push(`${pad}${key()}: &${n} ${flow}${this.comment()}`);
        (flow.startsWith('{') ? this.maps : this.others).push(n);
      } else if (roll < 0.9) {
        const n = this.name();
        this.lines.push(`${pad}${key()}: &${n} ${this.rng.pick(['|', '>-', '|+'])}`, `${pad}  line one`, `${pad}  ${this.flaw(0.3) ? this.rng.pick(['- *not an alias', '* a bullet']) : 'line two'}`);
        this.others.push(n);
      } else {
        this.lines.push(`${pad}${key()}: ${this.rng.pick(SCALARS)}${this.comment()}`);
      }
    }
  }

  merge(pad: string): void {
    const sources: string[] = [];
    for (let i = this.rng.int(1, 3); i > 0; i--) {
      const a = this.alias(!this.flaw(0.1));
      if (a) sources.push(`*${a}`);
    }
    if (sources.length === 0) {
      // A merge of an inline block map.
      this.lines.push(`${pad}<<:`, `${pad}  ${this.rng.pick(KEYS)}: ${this.rng.pick(SCALARS)}`);
      return;
    }
    const value = sources.length === 1 && this.rng.chance(0.7) ? sources[0] : `[${sources.join(this.rng.pick([', ', ',']))}]`;
    this.lines.push(`${pad}<<: ${value}${this.comment()}`);
  }

  seq(indent: number, depth: number): void {
    const pad = ' '.repeat(indent);
    for (let i = this.rng.int(1, 4); i > 0; i--) {
      const roll = this.rng.next();
      if (roll < 0.25) {
        const a = this.alias(false);
        this.lines.push(a ? `${pad}- *${a}${this.comment()}` : `${pad}- ${this.rng.pick(SCALARS)}`);
      } else if (roll < 0.45) {
        const n = this.name();
        this.lines.push(`${pad}- &${n} ${this.rng.pick(SCALARS)}`);
        this.others.push(n);
      } else if (roll < 0.7 && depth > 0) {
        // An item map starting with a key on the dash's line, maybe a merge.
        const source = this.rng.chance(0.4) ? this.alias(true) : undefined;
        const first = source ? `<<: *${source}` : `${this.rng.pick(KEYS)}: ${this.rng.pick(SCALARS)}`;
        this.lines.push(`${pad}- ${first}`);
        this.map(indent + 2, depth - 1, this.rng.int(0, 3), false);
      } else if (roll < 0.85 && depth > 0) {
        const n = this.name();
        this.lines.push(`${pad}- &${n}`);
        this.anchoredDepth++;
        this.map(indent + 2, depth - 1);
        this.anchoredDepth--;
        this.maps.push(n);
      } else {
        this.lines.push(`${pad}- ${this.rng.pick(SCALARS)}`);
      }
    }
  }
}

export function generateAnchorsText(rng: Rng, options: AnchorsOptions = {}): string {
  const tame = options.tame ?? rng.chance(0.5);
  const docs: string[] = [];
  const earlier: string[] = [];
  for (let n = rng.int(1, 3); n > 0; n--) {
    const doc = new Doc(rng, tame, earlier);
    doc.lines.push('apiVersion: v1', 'kind: ConfigMap');
    doc.map(0, 3, rng.int(2, 6), false); // after apiVersion and kind
    earlier.push(...doc.maps, ...doc.others);
    docs.push(doc.lines.join('\n'));
  }
  const text = `${rng.chance(0.3) ? '---\n' : ''}${docs.join('\n---\n')}\n`;
  return options.crlf ? text.replace(/\n/g, '\r\n') : text;
}
