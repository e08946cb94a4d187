// time.* as OPA computes them (Go's time package): nanosecond integers returned with every digit
// (raw JSON), RFC 3339 and Go durations parsed exactly. Time zones: UTC, "Local" and IANA names
// through Intl. Limit: a nanosecond argument reaches the host as a JS number (exact to the
// microsecond or so at today's dates), enough for dates, clocks and weekdays.
import { rawJson } from './raw.js';

const NS_PER_MS = 1_000_000n;

export function nowNs(): ArrayBuffer {
  return rawJson(String(BigInt(Date.now()) * NS_PER_MS));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/** time.Parse(time.RFC3339, s): a fraction of any length is accepted, as Go does. */
export function parseRfc3339Ns(s: string): ArrayBuffer {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/.exec(s);
  if (!m) throw new Error(`cannot parse ${JSON.stringify(s)} as RFC 3339`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const dim = month === 2 && leap(year) ? 29 : DAYS_IN_MONTH[month - 1];
  if (month < 1 || month > 12 || day < 1 || day > dim! || hour > 23 || minute > 59 || second > 59) throw new Error('time out of range');
  let offset = 0;
  if (!/^[Zz]$/.test(m[8]!)) {
    const [h, mi] = m[8]!.slice(1).split(':').map(Number) as [number, number];
    if (h > 23 || mi > 59) throw new Error('offset out of range');
    offset = (m[8]!.startsWith('-') ? -1 : 1) * (h * 3600 + mi * 60);
  }
  const seconds = BigInt(Date.UTC(year, month - 1, day, hour, minute, second) / 1000 - offset);
  const fraction = BigInt((m[7] ?? '').slice(0, 9).padEnd(9, '0'));
  return rawJson(String(seconds * 1_000_000_000n + fraction));
}

const UNITS: Record<string, bigint> = { ns: 1n, us: 1_000n, µs: 1_000n, μs: 1_000n, ms: 1_000_000n, s: 1_000_000_000n, m: 60_000_000_000n, h: 3_600_000_000_000n };

/** time.ParseDuration: "1h30m", "-1.5s", "300ms"; fractions exact to the nanosecond (truncated, as Go). */
export function parseDurationNs(s: string): ArrayBuffer {
  let rest = s;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return rawJson('0');
  if (rest === '') throw new Error('invalid duration');
  let total = 0n;
  while (rest !== '') {
    const m = /^(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/.exec(rest);
    if (!m || (m[1] === '' && (m[2] ?? '') === '')) throw new Error(`invalid duration ${JSON.stringify(s)}`);
    const unit = UNITS[m[3]!]!;
    const whole = BigInt(m[1] || '0') * unit;
    const fracDigits = m[2] ?? '';
    const frac = fracDigits === '' ? 0n : (BigInt(fracDigits) * unit) / 10n ** BigInt(fracDigits.length);
    total += whole + frac;
    rest = rest.slice(m[0].length);
  }
  if (total > 9_223_372_036_854_775_807n) throw new Error('duration out of range');
  return rawJson(String(negative ? -total : total));
}

/** The wall-clock fields of `x` (ns, or [ns, tz]) in its time zone. */
function fields(x: unknown): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const [ns, tz] = Array.isArray(x) ? [x[0], x[1]] : [x, 'UTC'];
  if (typeof ns !== 'number' || typeof tz !== 'string') throw new Error('time: want a number or [number, string]');
  const ms = Math.floor(ns / 1e6);
  const zone = tz === '' || tz === 'UTC' ? 'UTC' : tz === 'Local' ? undefined : tz;
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    weekday: 'short',
    era: 'short',
  }).formatToParts(new Date(ms));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const year = Number(get('year')) * (get('era') === 'BC' ? -1 : 1) + (get('era') === 'BC' ? 1 : 0);
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { year, month: Number(get('month')), day: Number(get('day')), hour: Number(get('hour')), minute: Number(get('minute')), second: Number(get('second')), weekday };
}

export const timeDate = (x: unknown) => {
  const f = fields(x);
  return [f.year, f.month, f.day];
};

export const timeClock = (x: unknown) => {
  const f = fields(x);
  return [f.hour, f.minute, f.second];
};

export const timeWeekday = (x: unknown) => ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][fields(x).weekday];

/** time.AddDate in UTC: overflowing months and days normalise as Go's time.Date does. */
export function addDate(ns: number, years: number, months: number, days: number): ArrayBuffer {
  const ms = Math.floor(ns / 1e6);
  const rest = BigInt(Math.round(ns - ms * 1e6));
  const d = new Date(ms);
  const moved = Date.UTC(d.getUTCFullYear() + years, d.getUTCMonth() + months, d.getUTCDate() + days, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return rawJson(String(BigInt(moved) * NS_PER_MS + rest));
}
