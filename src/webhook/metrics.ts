import type { KindHealth } from './inventory.js';

// Prometheus metrics of the webhook, rendered in the text exposition format (0.0.4) by hand:
// a handful of counters, one histogram and a few gauges do not justify a dependency.

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function labelText(labels: Record<string, string>): string {
  const parts = Object.entries(labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
  return parts.length > 0 ? `{${parts.join(',')}}` : '';
}

class LabelledCounter {
  private readonly values = new Map<string, number>();
  constructor(readonly name: string, readonly help: string, readonly type: 'counter' | 'gauge' = 'counter') {}

  inc(labels: Record<string, string> = {}, by = 1): void {
    const key = labelText(labels);
    this.values.set(key, (this.values.get(key) ?? 0) + by);
  }

  set(labels: Record<string, string>, value: number): void {
    this.values.set(labelText(labels), value);
  }

  /** Forgets every series (gauges recomputed from scratch at each scrape). */
  reset(): void {
    this.values.clear();
  }

  get(labels: Record<string, string> = {}): number {
    return this.values.get(labelText(labels)) ?? 0;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`];
    if (this.values.size === 0 && this.type === 'counter') lines.push(`${this.name} 0`);
    for (const [labels, value] of this.values) lines.push(`${this.name}${labels} ${value}`);
    return lines.join('\n');
  }
}

class Histogram {
  private readonly counts = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  private sum = 0;
  private total = 0;
  constructor(readonly name: string, readonly help: string) {}

  observe(seconds: number): void {
    this.sum += seconds;
    this.total++;
    for (let i = 0; i < LATENCY_BUCKETS.length; i++) if (seconds <= LATENCY_BUCKETS[i]!) this.counts[i]!++;
  }

  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`];
    LATENCY_BUCKETS.forEach((le, i) => lines.push(`${this.name}_bucket{le="${le}"} ${this.counts[i]}`));
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.total}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.total}`);
    return lines.join('\n');
  }
}

export class WebhookMetrics {
  readonly reviews = new LabelledCounter('kubelint_webhook_reviews_total', 'Admission reviews answered, by decision (allowed, warned, denied, skipped, failed-open, failed-closed).');
  readonly rejected = new LabelledCounter('kubelint_webhook_rejected_requests_total', 'Requests refused before a decision, by HTTP status and reason.');
  readonly latency = new Histogram('kubelint_webhook_review_duration_seconds', 'Time from request arrival to response, for admission reviews.');
  readonly inFlight = new LabelledCounter('kubelint_webhook_in_flight_requests', 'Admission reviews being read or evaluated.', 'gauge');
  readonly overLimit = new LabelledCounter('kubelint_webhook_reviews_over_limit_total', 'Reviews not evaluated because the object exceeds a review limit (answered by mode), by limit (depth, array-items, containers, values).');
  readonly policyErrors = new LabelledCounter('kubelint_webhook_policy_errors_total', 'Reviews whose evaluation failed and were answered by the failure policy, by cause.');
  readonly audited = new LabelledCounter('kubelint_webhook_audit_findings_total', 'Findings logged but not enforced (audit mode), by rule.');
  readonly inventoryMissing = new LabelledCounter('kubelint_webhook_inventory_missing_total', 'Reviews whose cross-resource rules could not be evaluated because the inventory was not synced.');
  readonly inventorySynced = new LabelledCounter('kubelint_webhook_inventory_synced', 'Whether each watched kind has been listed (1) or not (0).', 'gauge');
  readonly inventoryObjects = new LabelledCounter('kubelint_webhook_inventory_objects', 'Objects kept in the inventory, by kind.', 'gauge');
  readonly watchRestarts = new LabelledCounter('kubelint_webhook_watch_restarts_total', 'List/watch restarts, by kind and reason (closed, error, gone).');
  readonly certReloads = new LabelledCounter('kubelint_webhook_certificate_reloads_total', 'Serving certificate reloads, by result (ok, error).');
  readonly rechecks = new LabelledCounter('kubelint_webhook_denial_rechecks_total', 'Cross-resource denials re-decided after listing the namespace afresh, by result (done, error).');
  readonly inventoryAge = new LabelledCounter('kubelint_webhook_inventory_sync_age_seconds', 'Seconds since each watched kind was last known current (0 while its watch is open).', 'gauge');
  readonly inventoryUsable = new LabelledCounter('kubelint_webhook_inventory_usable', 'Whether rules may rely on each watched kind (1), or not: not listed yet, cannot be listed, or stale (0), by state.', 'gauge');
  readonly rulesDisabled = new LabelledCounter('kubelint_webhook_rules_disabled', 'Cross-resource rules not evaluated because an inventory kind they read is not usable (1 per rule and blocking kind).', 'gauge');

  /** Inventory health and the rules it disables, recomputed at scrape time. */
  observeInventory(health: readonly KindHealth[], blocked: ReadonlyMap<string, readonly KindHealth[]>): void {
    this.inventoryAge.reset();
    this.inventoryUsable.reset();
    this.rulesDisabled.reset();
    for (const h of health) {
      if (h.ageSeconds !== undefined) this.inventoryAge.set({ kind: h.label }, Math.round(h.ageSeconds * 1000) / 1000);
      this.inventoryUsable.set({ kind: h.label, state: h.state }, h.state === 'synced' ? 1 : 0);
    }
    for (const [rule, kinds] of blocked) for (const k of kinds) this.rulesDisabled.set({ rule, kind: k.label }, 1);
  }

  render(): string {
    const all = [
      this.reviews, this.rejected, this.latency, this.inFlight, this.overLimit, this.policyErrors, this.audited,
      this.inventoryMissing, this.inventorySynced, this.inventoryObjects, this.inventoryAge, this.inventoryUsable,
      this.rulesDisabled, this.rechecks, this.watchRestarts, this.certReloads,
    ];
    return `${all.map((m) => m.render()).join('\n')}\n`;
  }
}
