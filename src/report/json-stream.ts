// JSON text written in pieces: the same bytes as JSON.stringify(value, null, 2), but an array marked
// with `streamed` is serialized a few items at a time while the text is written. A report of 50,000
// findings then never exists as one string (plus its Buffer copy, plus an object per finding made
// for it): each item's text is garbage as soon as it is written.

/**
 * An array whose items are made and serialized a few at a time (a report's findings). `flat`: no
 * item holds a streamed array, so none is looked through for one (a report's findings are plain
 * values; the look cost legacy 10,000 ~15 ms of walking 54,000 findings' keys).
 */
export class StreamedArray {
  constructor(
    readonly items: Iterable<unknown>,
    readonly flat = false,
  ) {}
}

/**
 * `items`, each made into its JSON value by `each` only when it is about to be written. `flat`
 * promises that no value `each` makes holds a streamed array (StreamedArray).
 */
export function streamed<T>(items: Iterable<T>, each: (item: T) => unknown = (item) => item, { flat = false } = {}): StreamedArray {
  return new StreamedArray((function* () { for (const item of items) yield each(item); })(), flat);
}

/**
 * How many items of a streamed array are made and serialized together: one JSON.stringify call per
 * item cost about twice as much CPU on 54,000 findings (legacy 10,000: ~135 against ~72 ms), and
 * 64 findings are a few tens of KB at most.
 */
export const STREAM_BATCH = 64;

/** Whether the walk must go inside `value`: only the path down to a streamed array is walked by hand. */
function holdsStreamed(value: unknown): boolean {
  if (value instanceof StreamedArray) return true;
  if (value === null || typeof value !== 'object') return false;
  for (const key in value) if (holdsStreamed((value as Record<string, unknown>)[key])) return true;
  return false;
}

/** What JSON.stringify leaves out of an object and writes as null in an array. */
function omitted(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** `value` inside `depth` arrays: JSON.stringify then lays it out as it reads at that depth. */
function wrapped(value: unknown, depth: number): unknown {
  let out = value;
  for (let i = 0; i < depth; i++) out = [out];
  return out;
}

/** Characters JSON.stringify(wrapped(x, depth), null, 2) puts before x's text (`[`, a newline, an indent per level) and after it. */
const wrapperHead = (depth: number) => 2 * depth + depth * (depth + 1);
const wrapperTail = (depth: number) => 2 * depth + depth * (depth - 1);

/**
 * JSON.stringify(value, null, 2) as it reads at `depth` inside an enclosing value. The value is
 * laid out inside `depth` arrays and the wrapper cut off: no second pass over its text to indent it.
 */
function indented(value: unknown, depth: number): string {
  if (depth === 0) return JSON.stringify(value, null, 2);
  const text = JSON.stringify(wrapped(value, depth), null, 2);
  return text.slice(wrapperHead(depth), text.length - wrapperTail(depth));
}

function* entries(open: string, close: string, items: Iterable<[string | undefined, unknown]>, depth: number): Generator<string> {
  const pad = `\n${'  '.repeat(depth + 1)}`;
  let first = true;
  for (const [key, item] of items) {
    yield `${first ? open : ','}${pad}${key === undefined ? '' : `${JSON.stringify(key)}: `}`;
    yield* pieces(item, depth + 1);
    first = false;
  }
  // An empty object or array prints as {} or [], as JSON.stringify does.
  yield first ? `${open}${close}` : `\n${'  '.repeat(depth)}${close}`;
}

/**
 * A streamed array at `depth`: its items in batches of STREAM_BATCH, each batch one JSON.stringify
 * of an array at this depth with its brackets cut off (the text between them is the items', commas
 * and line breaks included). An item that holds a streamed array itself is walked by hand.
 */
function* streamedItems(items: Iterable<unknown>, depth: number, flat: boolean): Generator<string> {
  const close = `\n${'  '.repeat(depth)}]`;
  let first = true;
  let batch: unknown[] = [];
  function* flush(): Generator<string> {
    if (batch.length === 0) return;
    const text = indented(batch, depth);
    // `[` + the items + `\n<indent>]`: the items' text starts with its line break, like entries'.
    yield `${first ? '[' : ','}${text.slice(1, text.length - close.length)}`;
    first = false;
    batch = [];
  }
  for (const item of items) {
    if (!flat && holdsStreamed(item)) {
      yield* flush();
      yield `${first ? '[' : ','}\n${'  '.repeat(depth + 1)}`;
      yield* pieces(item, depth + 1);
      first = false;
    } else {
      batch.push(item);
      if (batch.length >= STREAM_BATCH) yield* flush();
    }
  }
  yield* flush();
  yield first ? '[]' : close;
}

function* pieces(value: unknown, depth: number): Generator<string> {
  if (value instanceof StreamedArray) {
    yield* streamedItems(value.items, depth, value.flat);
  } else if (!holdsStreamed(value)) {
    yield indented(value, depth);
  } else if (Array.isArray(value)) {
    // JSON.stringify writes an undefined, function or symbol array item as null.
    yield* entries('[', ']', value.map((item) => [undefined, omitted(item) ? null : item] as [undefined, unknown]), depth);
  } else {
    // Keys whose value is undefined, a function or a symbol are left out, as JSON.stringify leaves them out.
    yield* entries('{', '}', Object.entries(value as object).filter(([, v]) => !omitted(v)), depth);
  }
}

/** The pieces of JSON.stringify(value, null, 2) + '\n', streamed arrays serialized a batch at a time. */
export function* jsonPieces(value: unknown): Generator<string> {
  yield* pieces(value, 0);
  yield '\n';
}
