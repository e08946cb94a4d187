// Entry bodies of the parsed-documents store (src/cache/document-codec.ts): JSON when JSON gives
// the documents back exactly, V8's serialization for anything JSON would change (NaN, infinities,
// -0, undefined values, holes, Dates, Maps, bigints); either way the same documents come back.
import { describe, expect, it } from 'vitest';
import { decodeDocuments, encodeDocuments } from '../../src/cache/document-codec.js';
import { parseManifestText } from '../../src/load/yaml.js';

const doc = (value: unknown, extra: Record<string, unknown> = {}) => ({ piece: { from: 0, to: 10, firstLine: 1 }, index: 0, value, scalars: undefined, ...extra });

/** The form an entry took, and whether what comes back equals what went in (Object.is on -0 too). */
function roundTrip(documents: unknown[]) {
  const body = encodeDocuments(documents);
  const back = decodeDocuments<unknown>(body);
  return { form: String.fromCharCode(body[0]!), back };
}

describe('entry bodies of parsed documents', () => {
  it('are JSON for what manifests hold: strings, numbers, booleans, null, nested maps and lists, a __proto__ key', () => {
    const value = JSON.parse('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","__proto__":{"x":1}},"data":{"n":1.5,"i":-3,"big":1e21,"b":true,"z":null,"l":[1,"a",[],{}],"s":"\\ud800 lone"}}') as unknown;
    const documents = [doc(value), doc(value, { scalars: [1, 2, 3], index: 1 }), doc(value, { scalars: null })];
    const { form, back } = roundTrip(documents);
    expect(form).toBe('J');
    expect(back).toEqual(documents);
    expect(Object.hasOwn((back![0] as { value: { metadata: object } }).value.metadata, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf((back![0] as { value: { metadata: object } }).value.metadata)).toBe(Object.prototype);
  });

  it('keep V8\'s form for values JSON would change, and give them back exactly', () => {
    const cases: Array<[string, unknown]> = [
      ['NaN', { n: NaN }],
      ['Infinity', { n: [1, -Infinity] }],
      ['-0', { n: -0 }],
      ['undefined below a document', { a: { b: undefined } }],
      ['undefined in a list', [1, undefined]],
      // eslint-disable-next-line no-sparse-arrays
      ['a hole', [1, , 3]],
      ['a Date', { d: new Date(0) }],
      ['a Map', new Map([['a', 1]])],
      ['a bigint', { n: 10n }],
    ];
    for (const [name, value] of cases) {
      const documents = [doc({ ok: 1 }), doc(value)];
      const { form, back } = roundTrip(documents);
      expect([name, form]).toEqual([name, 'V']);
      expect(back).toEqual(documents);
    }
    const zero = roundTrip([doc({ n: -0 })]).back as Array<{ value: { n: number } }>;
    expect(Object.is(zero[0]!.value.n, -0)).toBe(true);
  });

  it('give back what the parser read from YAML holding .nan, .inf and -0, in V8\'s form', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: .nan\n  b: -.inf\n  c: -0\n';
    const values = parseManifestText(text, { kind: 'file', name: 'c.yaml' }).manifests.map((m) => m.value);
    const { form, back } = roundTrip(values.map((v) => doc(v)));
    expect(form).toBe('V');
    expect((back as Array<{ value: unknown }>).map((d) => d.value)).toEqual(values);
  });

  it('refuse a body of no known form, a damaged one, or one that is not a list', () => {
    const good = encodeDocuments([doc({ a: 1 })]);
    expect(decodeDocuments(Buffer.concat([Buffer.from('X'), good.subarray(1)]))).toBeUndefined();
    expect(decodeDocuments(good.subarray(0, good.length - 3))).toBeUndefined();
    expect(decodeDocuments(Buffer.alloc(0))).toBeUndefined();
    expect(decodeDocuments(Buffer.from('J{"a":1}'))).toBeUndefined();
    const v8Body = encodeDocuments([doc(NaN)]);
    expect(decodeDocuments(v8Body.subarray(0, 4))).toBeUndefined();
  });
});
