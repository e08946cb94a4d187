// Which cross-resource rules the inventory can support right now, and how to say so: one kind
// that cannot be listed (RBAC), is not listed yet, or went stale disables only the rules that read
// it. Shared by the admission decision (warnings), /readyz (details) and /metrics (gauges).
import type { RuleInfo } from '../engine/check.js';
import type { InventoryView, KindHealth } from './inventory.js';

/** Kinds rules must not rely on now, by kind name (as rules name what they read). */
export function unusableKinds(inventory: InventoryView): KindHealth[] {
  return inventory.health().filter((h) => h.state !== 'synced');
}

/** Whether a cross-resource rule reads this kind (a rule without `reads` reads every kind). */
function reads(rule: RuleInfo, kind: string): boolean {
  return !rule.reads || rule.reads.includes('*') || rule.reads.includes(kind);
}

/** The rules among `rules` that cannot be evaluated, each with the kinds that block it. */
export function blockedRules(rules: readonly RuleInfo[], unusable: readonly KindHealth[]): Map<string, KindHealth[]> {
  const blocked = new Map<string, KindHealth[]>();
  if (unusable.length === 0) return blocked;
  for (const rule of rules) {
    if (rule.scope !== 'batch') continue;
    const by = unusable.filter((h) => reads(rule, h.kind));
    if (by.length > 0) blocked.set(rule.id, by);
  }
  return blocked;
}

const STATUS_WORDS: Record<number, string> = { 401: 'unauthorized', 403: 'forbidden', 404: 'not served' };

/** A short phrase for warnings (the API server's full error is in /readyz and the log). */
export function whyUnusable(h: KindHealth): string {
  if (h.state === 'pending') return 'not listed yet';
  if (h.state === 'stale') return `stale, last synced ${Math.round(h.ageSeconds ?? 0)} s ago`;
  const status = h.reason?.match(/^HTTP (\d{3})/)?.[1];
  return status ? `cannot be listed (${STATUS_WORDS[Number(status)] ?? 'error'}, HTTP ${status})` : 'cannot be listed';
}

/** One line per unusable kind: `<kind> <why>: <rule ids>`, for warnings and denials. */
export function blockedLines(blocked: ReadonlyMap<string, readonly KindHealth[]>): string[] {
  const byKind = new Map<string, { health: KindHealth; rules: string[] }>();
  for (const [rule, kinds] of blocked) {
    for (const h of kinds) {
      const entry = byKind.get(h.label) ?? { health: h, rules: [] };
      entry.rules.push(rule);
      byKind.set(h.label, entry);
    }
  }
  return [...byKind.values()].map(({ health, rules }) => `${health.label} ${whyUnusable(health)}: ${rules.join(', ')}`);
}

/**
 * /readyz: not ready while a kind is still being listed for the first time (pending); ready once
 * every kind is synced, failed or stale, since a replica that can evaluate most rules is better
 * than none (the others are named here and warned about at admission).
 */
export function readiness(inventory: InventoryView, blocked: ReadonlyMap<string, readonly KindHealth[]>): { ready: boolean; text: string } {
  const health = inventory.health();
  const lines = health.map((h) => {
    const age = h.ageSeconds === undefined ? '' : `, last synced ${Math.round(h.ageSeconds)} s ago`;
    const disabled = [...blocked].filter(([, kinds]) => kinds.some((k) => k.label === h.label)).map(([id]) => id);
    const detail = h.state === 'synced' ? `synced${age}` : `${h.state}${age}${h.reason ? `: ${h.reason}` : ''}`;
    return `[${h.state === 'synced' ? '+' : '-'}]inventory ${h.label} ${detail}${disabled.length > 0 ? `; rules not evaluated: ${disabled.join(', ')}` : ''}`;
  });
  const pending = health.filter((h) => h.state === 'pending');
  // A view without per-kind health (a fixed inventory) is ready when it says it is synced.
  const ready = health.length > 0 ? pending.length === 0 : inventory.synced();
  const head = ready ? (blocked.size > 0 ? 'ok (degraded: some rules not evaluated)' : 'ok') : `inventory not synced: ${pending.map((h) => h.label).join(', ') || 'unknown kinds'}`;
  return { ready, text: [head, ...lines].join('\n') + '\n' };
}
