// Builtins a user policy's WebAssembly imports from its host. OPA compiles most builtins into the
// wasm; the rest (sprintf, time.*, most regex.*, units.*) must come from the host, with OPA's
// semantics. kubelint provides the ones below; any other one is refused when the policy is built.
import { undefinedOnError } from './builtins/raw.js';
import { regexFindN, regexReplace, regexSplit } from './builtins/regex.js';
import { goSprintf } from './builtins/sprintf.js';
import { loadPolicySync, sdkBuiltins, type Builtin } from './opa-sdk.js';
import { addDate, nowNs, parseDurationNs, parseRfc3339Ns, timeClock, timeDate, timeWeekday } from './builtins/time.js';

/** strings.Count: non-overlapping; an empty substring counts the runes plus one. */
function stringsCount(s: string, sub: string): number {
  if (sub === '') return [...s].length + 1;
  return s.split(sub).length - 1;
}

const strict = (type: string, ...values: unknown[]) => {
  if (!values.every((v) => typeof v === type)) throw new Error(`want ${type}`);
};

/** kubelint's host builtins, by OPA name. A builtin error makes the call undefined, as in OPA. */
export const HOST_BUILTINS: Readonly<Record<string, Builtin>> = Object.fromEntries(
  Object.entries({
    sprintf: (format: string, values: unknown[]) => (strict('string', format), Array.isArray(values) ? goSprintf(format, values) : undefined),
    'strings.count': (s: string, sub: string) => (strict('string', s, sub), stringsCount(s, sub)),
    'regex.replace': (s: string, pattern: string, value: string) => (strict('string', s, pattern, value), regexReplace(s, pattern, value)),
    'regex.split': (pattern: string, s: string) => (strict('string', pattern, s), regexSplit(pattern, s)),
    'regex.find_n': (pattern: string, s: string, n: number) => (strict('string', pattern, s), strict('number', n), regexFindN(pattern, s, n)),
    'time.now_ns': () => nowNs(),
    'time.parse_rfc3339_ns': (s: string) => (strict('string', s), parseRfc3339Ns(s)),
    'time.parse_duration_ns': (s: string) => (strict('string', s), parseDurationNs(s)),
    'time.date': timeDate,
    'time.clock': timeClock,
    'time.weekday': timeWeekday,
    'time.add_date': (ns: number, y: number, m: number, d: number) => (strict('number', ns, y, m, d), addDate(ns, y, m, d)),
  } as Record<string, Builtin>).map(([name, fn]) => [name, undefinedOnError(fn)]),
);

/** The wasm SDK's own builtins that already behave as OPA's for the values a policy passes. */
const SDK_BUILTINS_KEPT = new Set(['json.is_valid']);

let installed = false;

/**
 * The SDK consults its own builtins before the custom ones it is given, so kubelint's versions
 * replace the SDK's entries of the same name (its sprintf is C-style, not Go's), and the SDK's
 * others that differ from OPA are withdrawn: a policy using them is refused at build time.
 * Built-in rules never import host builtins (their build fails otherwise), so only user policies see this.
 */
export function installHostBuiltins(): void {
  if (installed) return;
  const sdk = sdkBuiltins();
  for (const name of Object.keys(sdk)) if (!SDK_BUILTINS_KEPT.has(name)) delete sdk[name];
  Object.assign(sdk, HOST_BUILTINS);
  installed = true;
}

export function providedBuiltins(): Set<string> {
  return new Set([...Object.keys(HOST_BUILTINS), ...SDK_BUILTINS_KEPT]);
}

/** Names of builtins the wasm imports from its host (the `builtins` export lists them). */
export function importedBuiltins(wasm: Uint8Array): string[] {
  const policy = loadPolicySync(wasm, { initial: 2 });
  const exports = (policy.wasmInstance as WebAssembly.Instance).exports as unknown as { builtins(): number; opa_json_dump(addr: number): number };
  const addr = exports.opa_json_dump(exports.builtins());
  const bytes = new Uint8Array(policy.mem.buffer);
  let end = addr;
  while (bytes[end] !== 0) end++;
  return Object.keys(JSON.parse(Buffer.from(bytes.subarray(addr, end)).toString('utf8')) as object).sort();
}

export async function missingBuiltins(wasm: Uint8Array): Promise<string[]> {
  const provided = providedBuiltins();
  return importedBuiltins(wasm).filter((name) => !provided.has(name));
}
