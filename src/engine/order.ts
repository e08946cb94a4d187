/**
 * Code-unit order: the same on every machine (localeCompare depends on the locale, and its first
 * call costs a cold run several milliseconds of ICU start-up).
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
