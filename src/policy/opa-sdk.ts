// The OPA wasm SDK (CommonJS; its ESM entry lacks the synchronous loader) and its builtins table,
// for rego.ts, instance.ts and host-builtins.ts. Loaded with require() at run time; the CLI's
// CommonJS bundle swaps this module for static requires of the same two files
// (scripts/bundle.mjs), so the SDK is compiled from the CLI's code cache instead of ~15 files.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { loadPolicySync as LoadPolicySync } from '@open-policy-agent/opa-wasm';

export type Builtin = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any

const require = createRequire(import.meta.url);

export const { loadPolicySync } = require('@open-policy-agent/opa-wasm') as { loadPolicySync: typeof LoadPolicySync };

/** The SDK's builtins table: the very object its evaluation looks builtins up in. */
export function sdkBuiltins(): Record<string, Builtin> {
  return require(path.join(path.dirname(require.resolve('@open-policy-agent/opa-wasm')), 'builtins', 'index.js')) as Record<string, Builtin>;
}
