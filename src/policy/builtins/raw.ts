// Values handed back to the wasm: the SDK parses an ArrayBuffer as JSON text as it is, so big
// integers (nanosecond timestamps) keep every digit that a JS number would round away.
export function rawJson(text: string): ArrayBuffer {
  const bytes = new TextEncoder().encode(text);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

/** OPA's default (non-strict) builtin errors: the call is undefined, the rule simply does not apply. */
export function undefinedOnError<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => unknown {
  return (...args: A) => {
    try {
      return fn(...args);
    } catch {
      return undefined;
    }
  };
}
