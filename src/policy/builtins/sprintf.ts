// OPA's sprintf: Go's fmt.Sprintf over the arguments as OPA hands them to it (topdown/strings.go):
// integers as int64, numbers written with a fraction or exponent as float64, strings as strings,
// anything else as its Rego text (`{"a": 1}`, `[1, 2]`, `true`, `null`). The wasm SDK's own
// sprintf is C-style (sprintf-js) and differs: `%v` of an object, `%d` of a string, `%!s(int64=1)`.
// Limit: values reach the host as JSON, so a set prints as an array and 2.0 as the integer 2.

type Arg = { type: 'int64'; value: bigint } | { type: 'float64'; value: number } | { type: 'string'; value: string };

function quote(s: string): string {
  // strconv.Quote: Go escapes, \u/\U for non-printable runes; printable Unicode stays as is.
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    else if (cp === 11) out += '\\v';
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp >= 0x80 && cp < 0xa0) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A JSON value as OPA prints the Rego term (ast Value.String()). */
export function regoText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(regoText).join(', ')}]`;
  const entries = Object.keys(value as object)
    .sort()
    .map((k) => `${quote(k)}: ${regoText((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(', ')}}`;
}

function toArg(value: unknown): Arg {
  if (typeof value === 'string') return { type: 'string', value };
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? { type: 'int64', value: BigInt(value) } : { type: 'float64', value };
  return { type: 'string', value: regoText(value) };
}

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width?: number;
  precision?: number;
}

function pad(s: string, spec: Spec, zeroOk = true): string {
  const width = spec.width ?? 0;
  const length = [...s].length;
  if (length >= width) return s;
  const fill = width - length;
  if (spec.minus) return s + ' '.repeat(fill);
  if (spec.zero && zeroOk) {
    const sign = /^[+\- ]/.test(s) ? s[0]! : '';
    const body = s.slice(sign.length);
    const prefix = /^0[xXbo]/.test(body) ? body.slice(0, 2) : '';
    return sign + prefix + '0'.repeat(fill) + body.slice(prefix.length);
  }
  return ' '.repeat(fill) + s;
}

function formatInt(n: bigint, verb: string, spec: Spec): string {
  const negative = n < 0n;
  const abs = negative ? -n : n;
  let digits: string;
  let prefix = '';
  switch (verb) {
    case 'd':
    case 'v':
      digits = abs.toString(10);
      break;
    case 'b':
      digits = abs.toString(2);
      if (spec.sharp) prefix = '0b';
      break;
    case 'o':
    case 'O':
      digits = abs.toString(8);
      if (verb === 'O') prefix = '0o';
      else if (spec.sharp) prefix = '0';
      break;
    case 'x':
      digits = abs.toString(16);
      if (spec.sharp) prefix = '0x';
      break;
    case 'X':
      digits = abs.toString(16).toUpperCase();
      if (spec.sharp) prefix = '0X';
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(n)), spec, false);
    case 'q':
      return pad(`'${String.fromCodePoint(Number(n))}'`, spec, false);
    case 'U':
      return pad(`U+${abs.toString(16).toUpperCase().padStart(4, '0')}`, spec, false);
    default:
      return bad(verb, { type: 'int64', value: n }, spec);
  }
  if (spec.precision !== undefined) {
    if (spec.precision === 0 && n === 0n) digits = '';
    digits = digits.padStart(spec.precision, '0');
  }
  const sign = negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '';
  return pad(sign + prefix + digits, spec, spec.precision === undefined);
}

/** The exact decimal value of a finite double >= 0: digits and the position of the decimal point. */
function exactDecimal(x: number): { digits: string; point: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const biased = Number((bits >> 52n) & 0x7ffn);
  const fraction = bits & ((1n << 52n) - 1n);
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exp2 = (biased === 0 ? 1 : biased) - 1075;
  if (mantissa === 0n) return { digits: '0', point: 1 };
  if (exp2 >= 0) {
    const digits = (mantissa << BigInt(exp2)).toString();
    return { digits, point: digits.length };
  }
  const digits = (mantissa * 5n ** BigInt(-exp2)).toString();
  return { digits, point: digits.length + exp2 };
}

/** Rounds to `keep` leading digits, half to even as Go's strconv does (JS's toFixed rounds half up). */
function roundDigits(d: { digits: string; point: number }, keep: number): { digits: string; point: number } {
  const digits = d.digits.replace(/^0+/, '') || '0';
  const point = d.point - (d.digits.length - digits.length);
  if (keep < 0) return { digits: '0', point };
  if (digits.length <= keep) return { digits: digits.padEnd(keep, '0'), point };
  const kept = digits.slice(0, keep);
  const rest = digits.slice(keep);
  const last = keep > 0 ? Number(kept[keep - 1]) : 0;
  const up = rest[0]! > '5' || (rest[0] === '5' && (/[1-9]/.test(rest.slice(1)) || last % 2 === 1));
  if (!up) return { digits: keep === 0 ? '' : kept, point };
  const bumped = (BigInt(kept || '0') + 1n).toString();
  if (keep === 0) return { digits: bumped, point: point + 1 };
  return bumped.length > keep ? { digits: bumped.slice(0, keep), point: point + 1 } : { digits: bumped.padStart(keep, '0'), point };
}

/** %.<precision>f */
function fixed(x: number, precision: number): string {
  const r = roundDigits(exactDecimal(x), exactDecimal(x).point + precision);
  const all = r.point <= 0 ? '0'.repeat(-r.point) + r.digits : r.digits;
  const point = Math.max(r.point, 0);
  const padded = all.padEnd(point + precision, '0');
  const intPart = padded.slice(0, point) || '0';
  const frac = padded.slice(point, point + precision);
  return precision > 0 ? `${intPart}.${frac}` : intPart;
}

/** %.<precision>e; a negative precision means the shortest digits. */
function exponential(x: number, precision: number, trimZeros = false): string {
  let digits: string;
  let exp: number;
  if (x === 0) {
    digits = '0'.repeat(Math.max(precision, 0) + 1);
    exp = 0;
  } else if (precision < 0) {
    const [m, e] = x.toExponential().split('e');
    digits = m!.replace('.', '');
    exp = Number(e);
  } else {
    const r = roundDigits(exactDecimal(x), precision + 1);
    digits = r.digits;
    exp = r.point - 1;
  }
  if (trimZeros) digits = digits.replace(/(.)0+$/, '$1');
  const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Plain decimal with the shortest round-trip digits. */
function fixedShortest(f: number): string {
  const [m, e] = f.toExponential().split('e');
  const exp = Number(e);
  const digits = m!.replace('.', '');
  if (exp >= digits.length - 1) return digits + '0'.repeat(exp - digits.length + 1);
  if (exp >= 0) return `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** strconv.FormatFloat(f, 'g', precision): %e when the exponent is < -4 or >= the precision (6 when shortest). */
function formatG(f: number, spec: Spec, upper: boolean): string {
  let out: string;
  if (spec.precision === undefined) {
    const exp = f === 0 ? 0 : Number(f.toExponential().split('e')[1]);
    out = exp < -4 || exp >= 6 ? exponential(f, -1) : fixedShortest(f);
  } else {
    const p = spec.precision === 0 ? 1 : spec.precision;
    const r = f === 0 ? { digits: '0', point: 1 } : roundDigits(exactDecimal(f), p);
    const exp = r.point - 1;
    let eprec = p;
    const nd = r.digits.replace(/0+$/, '').length || 1;
    if (eprec > nd && nd >= r.point) eprec = nd;
    out = exp < -4 || exp >= eprec ? exponential(f, p - 1, true) : fixed(f, Math.max(0, p - 1 - exp)).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
  }
  return upper ? out.toUpperCase() : out;
}

function formatFloat(f: number, verb: string, spec: Spec): string {
  let body: string;
  if (!Number.isFinite(f)) body = Number.isNaN(f) ? 'NaN' : f > 0 ? '+Inf' : '-Inf';
  else {
    const abs = Math.abs(f);
    switch (verb) {
      case 'v':
      case 'g':
        body = formatG(abs, spec, false);
        break;
      case 'G':
        body = formatG(abs, spec, true);
        break;
      case 'e':
      case 'E':
        body = exponential(abs, spec.precision ?? 6);
        if (verb === 'E') body = body.toUpperCase();
        break;
      case 'f':
      case 'F':
        body = fixed(abs, spec.precision ?? 6);
        break;
      default:
        return bad(verb, { type: 'float64', value: f }, spec);
    }
    const negative = f < 0 || Object.is(f, -0);
    body = (negative ? '-' : spec.plus ? '+' : spec.space ? ' ' : '') + body;
  }
  return pad(body, spec, Number.isFinite(f));
}

function formatString(s: string, verb: string, spec: Spec): string {
  if (spec.precision !== undefined && (verb === 's' || verb === 'v' || verb === 'q')) s = [...s].slice(0, spec.precision).join('');
  switch (verb) {
    case 's':
    case 'v':
      return pad(s, spec);
    case 'q':
      return pad(spec.sharp && !/[`\u0000-\u0008\u000a-\u001f\u007f]/.test(s) ? `\`${s}\`` : quote(s), spec);
    case 'x':
    case 'X': {
      let bytes = [...Buffer.from(s, 'utf8')];
      if (spec.precision !== undefined) bytes = bytes.slice(0, spec.precision);
      const hex = bytes.map((b) => b.toString(16).padStart(2, '0'));
      const parts = hex.map((h) => (spec.sharp ? `0x${h}` : h));
      const out = parts.join(spec.space ? ' ' : '').replace(/^$/, '');
      const joined = spec.sharp && !spec.space ? `0x${hex.join('')}` : out;
      return pad(verb === 'X' ? joined.toUpperCase() : joined, spec);
    }
    default:
      return bad(verb, { type: 'string', value: s }, spec);
  }
}

function plain(arg: Arg): string {
  return arg.type === 'float64' ? formatG(arg.value, { minus: false, plus: false, sharp: false, space: false, zero: false }, false) : String(arg.value);
}

/** Go's %!verb(type=value): the value printed with %v under the same flags, width and precision. */
function bad(verb: string, arg: Arg, spec: Spec): string {
  return `%!${verb}(${arg.type}=${formatArg(arg, 'v', spec)})`;
}

function formatArg(arg: Arg, verb: string, spec: Spec): string {
  if (verb === 'T') return pad(arg.type, spec);
  if (arg.type === 'int64') return formatInt(arg.value, verb, spec);
  if (arg.type === 'float64') return formatFloat(arg.value, verb, spec);
  return formatString(arg.value, verb, spec);
}

/** fmt.Sprintf(format, args...) with OPA's argument conversion. */
export function goSprintf(format: string, values: readonly unknown[]): string {
  const args = values.map(toArg);
  let out = '';
  let argNum = 0;
  let reordered = false;
  let i = 0;
  const readNumber = (): number | undefined => {
    const m = /^\d+/.exec(format.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return Number(m[0]);
  };
  const readIndex = (): boolean => {
    const m = /^\[(\d+)\]/.exec(format.slice(i));
    if (!m) return true;
    i += m[0].length;
    reordered = true;
    const n = Number(m[1]) - 1;
    if (n < 0 || n >= args.length) return false;
    argNum = n;
    return true;
  };
  while (i < format.length) {
    const next = format.indexOf('%', i);
    if (next === -1) {
      out += format.slice(i);
      break;
    }
    out += format.slice(i, next);
    i = next + 1;
    const spec: Spec = { minus: false, plus: false, sharp: false, space: false, zero: false };
    for (; i < format.length; i++) {
      const c = format[i];
      if (c === '-') spec.minus = true;
      else if (c === '+') spec.plus = true;
      else if (c === '#') spec.sharp = true;
      else if (c === ' ') spec.space = true;
      else if (c === '0') spec.zero = !spec.minus;
      else break;
    }
    let goodIndex = readIndex();
    if (format[i] === '*') {
      i++;
      const a = args[argNum++];
      if (a?.type === 'int64') {
        spec.width = Number(a.value);
        if (spec.width < 0) {
          spec.minus = true;
          spec.width = -spec.width;
        }
      } else out += '%!(BADWIDTH)';
      goodIndex = readIndex();
    } else spec.width = readNumber();
    if (format[i] === '.') {
      i++;
      goodIndex = readIndex();
      if (format[i] === '*') {
        i++;
        const a = args[argNum++];
        if (a?.type === 'int64' && a.value >= 0n) spec.precision = Number(a.value);
        else out += '%!(BADPREC)';
        goodIndex = readIndex();
      } else spec.precision = readNumber() ?? 0;
    }
    if (spec.minus) spec.zero = false;
    if (i >= format.length) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (!goodIndex) {
      out += `%!${verb}(BADINDEX)`;
      continue;
    }
    if (argNum >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatArg(args[argNum++]!, verb, spec);
  }
  if (!reordered && argNum < args.length) {
    out += `%!(EXTRA ${args
      .slice(argNum)
      .map((a) => `${a.type}=${plain(a)}`)
      .join(', ')})`;
  }
  return out;
}
