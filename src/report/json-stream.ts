// JSON text written in pieces: the same bytes as JSON.stringify(value, null, 2), but an array marked
// with `streamed` is serialized one item at a time while the text is written. A report of 50,000
// findings then never exists as one string (plus its Buffer copy, plus an object per finding made
// for it): each item's text is garbage as soon as it is written.

/** An array whose items are made and serialized one at a time (a report's findings). */
export class StreamedArray {
  constructor(readonly items: Iterable<unknown>) {}
}

/** `items`, each made into its JSON value by `each` only when it is written. */
export function streamed<T>(items: Iterable<T>, each: (item: T) => unknown = (item) => item): StreamedArray {
  return new StreamedArray((function* () { for (const item of items) yield each(item); })());
}

/** Whether the walk must go inside `value`: only the path down to a streamed array is walked by hand. */
function holdsStreamed(value: unknown): boolean {
  if (value instanceof StreamedArray) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value).some(holdsStreamed);
}

/** JSON.stringify(value, null, 2) as it reads at `depth` inside an enclosing value. */
function indented(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  // JSON strings hold no raw newline (it is escaped), so every newline is a line break of the layout.
  return depth === 0 ? text : text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
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

function* pieces(value: unknown, depth: number): Generator<string> {
  if (value instanceof StreamedArray) {
    // JSON.stringify writes an undefined array item as null.
    yield* entries('[', ']', (function* () { for (const item of value.items) yield [undefined, item ?? null] as [undefined, unknown]; })(), depth);
  } else if (!holdsStreamed(value)) {
    yield indented(value, depth);
  } else if (Array.isArray(value)) {
    yield* entries('[', ']', value.map((item) => [undefined, item ?? null] as [undefined, unknown]), depth);
  } else {
    // Keys whose value is undefined are left out, as JSON.stringify leaves them out.
    yield* entries('{', '}', Object.entries(value as object).filter(([, v]) => v !== undefined), depth);
  }
}

/** The pieces of JSON.stringify(value, null, 2) + '\n', streamed arrays serialized item by item. */
export function* jsonPieces(value: unknown): Generator<string> {
  yield* pieces(value, 0);
  yield '\n';
}
