// V8 flags a run changes for itself (cli/young-generation.ts), and a way to put them back while a
// code cache is made or used. V8 stamps every code cache with a hash of all flags and refuses one
// whose hash differs: the CLI bundle's cache (made after the lint, used by the next start) and
// the precompiled kinds' caches (used during the lint) would all be refused, or made unusable
// for the next run, while a flag differs (cache/code-cache.ts calls withDefaultFlags).
// The flags live in a global registry: boot and the CLI bundle are separate bundles, each with
// its own copy of this module, and boot writes the CLI's cache after the CLI changed a flag.
import v8 from 'node:v8';
import vm from 'node:vm';

interface ChangedFlag {
  set: string;
  reset: string;
}

const REGISTRY: unique symbol = Symbol.for('kubelint.changedV8Flags') as never;

function changed(): Map<string, ChangedFlag> {
  const global = globalThis as unknown as Record<symbol, Map<string, ChangedFlag> | undefined>;
  return (global[REGISTRY] ??= new Map());
}

/** How V8 reads `value` for flag `name`: `--name=value`, or `--name`/`--no-name` for a boolean (V8 refuses `--name=false`). */
function flagText(name: string, value: number | boolean): string {
  if (typeof value === 'boolean') return value ? `--${name}` : `--no-${name}`;
  return `--${name}=${value}`;
}

/** Sets flag `name` to `value` for this process and records `defaultValue` (V8's) to put back around code caches. */
export function setRunFlag(name: string, value: number | boolean, defaultValue: number | boolean): void {
  const flag = { set: flagText(name, value), reset: flagText(name, defaultValue) };
  changed().set(name, flag);
  v8.setFlagsFromString(flag.set);
}

/** Puts flag `name` back to V8's default and forgets it: a run that turned out to need it after all. */
export function clearRunFlag(name: string): void {
  const flag = changed().get(name);
  if (!flag) return;
  changed().delete(name);
  v8.setFlagsFromString(flag.reset);
}

/**
 * The flags set through setRunFlag, as `--name=value`. A new isolate (a worker thread) puts some
 * back as it sets up its heap (V8 raises --semi-space-growth-factor to at least 2 there, for the
 * whole process): the worker sets these again (parallel/rego-helper.ts).
 */
export function runFlags(): string[] {
  return [...changed().values()].map((flag) => flag.set);
}

/** Sets the run's flags again from this thread (a worker's heap set-up resets some process-wide). */
export function restoreRunFlags(): void {
  for (const flag of runFlags()) v8.setFlagsFromString(flag);
}

let gc: (() => void) | undefined;

/**
 * A full garbage collection now: the CLI's way to give a large dropped wasm memory back before
 * its peak (engine.ts onRelease), which otherwise waits for a GC the heap's growth may not bring
 * in time. `gc` comes from a context made while --expose-gc is on; the flag goes back at once
 * (it is hashed into code caches like any other).
 */
export function collectGarbage(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (!gc && typeof exposed === 'function') gc = exposed; // node --expose-gc: the flags stay as given
  gc ??= withFlag('--expose-gc', '--no-expose-gc', () => vm.runInNewContext('gc') as () => void);
  gc();
}

/** Runs `fn` with the flag `set`, then `reset` (a flag left changed would be hashed into code caches). */
export function withFlag<T>(set: string, reset: string, fn: () => T): T {
  v8.setFlagsFromString(set);
  try {
    return fn();
  } finally {
    v8.setFlagsFromString(reset);
  }
}

/** Runs `fn` with V8's default value for every flag set through setRunFlag, then sets them again. */
export function withDefaultFlags<T>(fn: () => T): T {
  const flags = [...changed().values()];
  if (flags.length === 0) return fn();
  for (const flag of flags) v8.setFlagsFromString(flag.reset);
  try {
    return fn();
  } finally {
    for (const flag of flags) v8.setFlagsFromString(flag.set);
  }
}
