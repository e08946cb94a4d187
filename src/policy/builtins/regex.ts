// regex.replace, regex.split, regex.find_n with Go's regexp semantics: RE2 syntax translated to a
// JavaScript RegExp (flags, named groups, POSIX classes, \A \z \Q..\E), Go's rules for successive
// matches (no empty match right after a match) and Go's `$name` template expansion.
const POSIX: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7F',
  blank: '\\t ',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-\\/:-@\\[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

const cache = new Map<string, RegExp>();

/** An RE2 pattern as a global JavaScript RegExp; throws on syntax JavaScript cannot express. */
export function goRegExp(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  let source = pattern;
  let flags = 'g';
  const leading = /^\(\?([imsU]+)\)/.exec(source);
  if (leading) {
    if (leading[1]!.includes('U')) throw new Error('ungreedy flag not supported');
    for (const f of leading[1]!) if (!flags.includes(f)) flags += f;
    source = source.slice(leading[0].length);
  }
  source = source
    .replace(/\\Q(.*?)(\\E|$)/g, (_, text: string) => text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&'))
    .replace(/\(\?P</g, '(?<')
    .replace(/\[:(\^?)([a-z]+):\]/g, (whole, negate: string, name: string) => {
      if (!POSIX[name] || negate) throw new Error(`class ${whole} not supported`);
      return POSIX[name]!;
    })
    .replace(/\\A/g, '(?<![\\s\\S])')
    .replace(/\\z/g, '(?![\\s\\S])');
  if (/\(\?[a-zA-Z-]+[:)]/.test(source)) throw new Error('inline flags inside the pattern are not supported');
  if (/\\[pP]/.test(source)) flags += 'u';
  re = new RegExp(source, flags);
  cache.set(pattern, re);
  return re;
}

/** Go's allMatches: successive matches, an empty match right after the previous one skipped. */
function allMatches(re: RegExp, s: string, n: number): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      const cp = s.codePointAt(start);
      pos = start + (cp === undefined ? 1 : cp > 0xffff ? 2 : 1);
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) out.push(m);
  }
  return out;
}

/** Go's Regexp.Expand for ReplaceAllString: $1, ${1}, $name, ${name}, $$; $1x means ${1x}. */
function expand(template: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '$') {
      out += c;
      continue;
    }
    const rest = template.slice(i + 1);
    if (rest.startsWith('$')) {
      out += '$';
      i++;
      continue;
    }
    const braced = /^\{([A-Za-z0-9_]+)\}/.exec(rest);
    const bare = /^[A-Za-z0-9_]+/.exec(rest);
    const name = braced ? braced[1]! : bare?.[0];
    if (!name) {
      out += '$';
      continue;
    }
    i += braced ? braced[0].length : name.length;
    const value = /^\d+$/.test(name) ? m[Number(name)] : m.groups?.[name];
    out += value ?? '';
  }
  return out;
}

export function regexReplace(s: string, pattern: string, value: string): string {
  const re = goRegExp(pattern);
  let out = '';
  let last = 0;
  for (const m of allMatches(re, s, -1)) {
    out += s.slice(last, m.index) + expand(value, m);
    last = m.index + m[0].length;
  }
  return out + s.slice(last);
}

export function regexSplit(pattern: string, s: string): string[] {
  const re = goRegExp(pattern);
  if (pattern.length > 0 && s.length === 0) return [''];
  const parts: string[] = [];
  let beg = 0;
  let end = 0;
  for (const m of allMatches(re, s, -1)) {
    end = m.index;
    if (m.index + m[0].length !== 0) parts.push(s.slice(beg, end));
    beg = m.index + m[0].length;
  }
  if (end !== s.length) parts.push(s.slice(beg));
  return parts;
}

export function regexFindN(pattern: string, s: string, n: number): string[] {
  return allMatches(goRegExp(pattern), s, n).map((m) => m[0]);
}
