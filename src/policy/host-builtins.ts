// Builtins a user policy's WebAssembly imports from its host. OPA compiles most builtins into the
// wasm; the rest (sprintf, time.*, most regex.*, units.*) must come from the host, with OPA's
// semantics. kubelint provides the ones below; any other one is refused when the policy is built.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { loadPolicySync as LoadPolicySync } from '@open-policy-agent/opa-wasm';
import { goSprintf } from './builtins/sprintf.js';

type Builtin = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

/** kubelint's host builtins, by OPA name. */
export const HOST_BUILTINS: Readonly<Record<string, Builtin>> = {
  sprintf: (format: string, values: unknown[]) => goSprintf(format, values),
};

/** The wasm SDK's own builtins that already behave as OPA's for the values a policy passes. */
const SDK_BUILTINS_KEPT = new Set(['json.is_valid']);

const require = createRequire(import.meta.url);
const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as { loadPolicySync: typeof LoadPolicySync };

let installed = false;

/**
 * The SDK consults its own builtins before the custom ones it is given, so kubelint's versions
 * replace the SDK's entries of the same name (its sprintf is C-style, not Go's), and the SDK's
 * others that differ from OPA are withdrawn: a policy using them is refused at build time.
 * Built-in rules never import host builtins (their build fails otherwise), so only user policies see this.
 */
export function installHostBuiltins(): void {
  if (installed) return;
  const sdkRoot = path.dirname(require.resolve('@open-policy-agent/opa-wasm'));
  const sdk = require(path.join(sdkRoot, 'builtins', 'index.js')) as Record<string, Builtin>;
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
