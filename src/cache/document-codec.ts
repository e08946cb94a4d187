// The body of a parsed-documents entry (parsed-documents.ts): JSON when JSON gives the documents
// back exactly, else V8's serialization. JSON.parse reads a plain 10,000 run's entries in about
// half the time v8.deserialize takes (a warm run's largest store item), but JSON has no NaN,
// Infinity, -0 or undefined, and turns other objects (a Date) into something else; so a text whose
// values hold any of them keeps V8's form. The first byte says which.
import v8 from 'node:v8';

const JSON_BODY = 0x4a; // 'J'
const V8_BODY = 0x56; // 'V'

/** The entry body of `documents`. */
export function encodeDocuments(documents: readonly unknown[]): Buffer {
  if (documents.every((d) => exactDocument(d))) return Buffer.from(`J${JSON.stringify(documents)}`, 'utf8');
  const serialized = v8.serialize(documents);
  return Buffer.concat([Buffer.of(V8_BODY), serialized]);
}

/** The documents an entry body holds, when it is an array in a known form (anything else: undefined). */
export function decodeDocuments<T>(body: Buffer): T[] | undefined {
  try {
    const value: unknown =
      body[0] === JSON_BODY ? JSON.parse(body.toString('utf8', 1)) : body[0] === V8_BODY ? v8.deserialize(body.subarray(1)) : undefined;
    return Array.isArray(value) ? (value as T[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A document JSON gives back as it is: its own fields that are undefined read back as missing
 * (the parser's optional fields, read by name only); below them, nothing but what JSON keeps.
 */
function exactDocument(document: unknown): boolean {
  if (!isPlainObject(document)) return exact(document);
  for (const key in document) {
    const field = document[key];
    if (field !== undefined && !exact(field)) return false;
  }
  return true;
}

function exact(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object':
      if (value === null) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!(i in value) || !exact(value[i])) return false; // a hole reads back as null
        return true;
      }
      if (!isPlainObject(value)) return false;
      for (const key in value) if (!exact(value[key])) return false;
      return true;
    default:
      return false; // undefined, bigint, functions, symbols
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
