// List+watch of one kind into the inventory, the way client-go's reflector does it: list (in
// pages), then watch from the list's resourceVersion; a closed watch resumes from the last
// version seen, a 410 Gone relists, other errors back off and retry. It never gives up.
import { setTimeout as delay } from 'node:timers/promises';
import { ApiError, type KubeTransport } from './kube.js';
import { Inventory, kindLabel, type WatchedKind } from './inventory.js';
import { errorText, type Logger } from './log.js';
import type { WebhookMetrics } from './metrics.js';

export interface ReflectorOptions {
  transport: KubeTransport;
  inventory: Inventory;
  kind: WatchedKind;
  logger: Logger;
  metrics: WebhookMetrics;
  pageSize?: number;
  /** Server-side watch timeout, so connections are renewed regularly. */
  watchTimeoutSeconds?: number;
  backoff?: { initialMs: number; maxMs: number };
}

interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: { metadata?: { resourceVersion?: string }; code?: number; message?: string };
}

/** A watch ended with 410 Gone: the version we hold is too old, relist. */
class GoneError extends Error {}

export function resourcePath(kind: WatchedKind): string {
  return kind.apiVersion.includes('/') ? `/apis/${kind.apiVersion}/${kind.resource}` : `/api/${kind.apiVersion}/${kind.resource}`;
}

export class Reflector {
  private readonly controller = new AbortController();
  private resourceVersion = '';
  private running: Promise<void> | undefined;
  private failures = 0;

  constructor(private readonly options: ReflectorOptions) {}

  start(): void {
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.running;
  }

  private get label(): string {
    return kindLabel(this.options.kind);
  }

  private async run(): Promise<void> {
    const { metrics, logger } = this.options;
    metrics.inventorySynced.set({ kind: this.label }, 0);
    while (!this.controller.signal.aborted) {
      try {
        if (!this.resourceVersion) await this.list();
        await this.watch();
        if (this.controller.signal.aborted) return;
        metrics.watchRestarts.inc({ kind: this.label, reason: 'closed' });
        logger.log('debug', 'watch closed by the server; resuming', { kind: this.label, resourceVersion: this.resourceVersion });
      } catch (error) {
        if (this.controller.signal.aborted) return;
        if (error instanceof GoneError || (error instanceof ApiError && error.status === 410)) {
          this.resourceVersion = '';
          metrics.watchRestarts.inc({ kind: this.label, reason: 'gone' });
          logger.log('info', 'resource version expired (410 Gone); relisting', { kind: this.label });
          continue;
        }
        this.failures++;
        this.options.inventory.failed(this.options.kind, { message: errorText(error), status: error instanceof ApiError ? error.status : undefined });
        metrics.watchRestarts.inc({ kind: this.label, reason: 'error' });
        const delay = this.delay();
        logger.log('warn', 'list/watch failed; retrying', { kind: this.label, error: errorText(error), retryInMs: delay });
        await this.sleep(delay);
      }
    }
  }

  private delay(): number {
    const { initialMs, maxMs } = this.options.backoff ?? { initialMs: 500, maxMs: 30_000 };
    const base = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures - 1, 16));
    return Math.round(base / 2 + (Math.random() * base) / 2);
  }

  /** Waits, or stops waiting when the reflector stops; leaves no listener on the signal either way. */
  private async sleep(ms: number): Promise<void> {
    await delay(ms, undefined, { signal: this.controller.signal }).catch(() => {});
  }

  private async list(): Promise<void> {
    const { transport, inventory, kind, metrics, logger } = this.options;
    const items: unknown[] = [];
    let continueToken = '';
    let resourceVersion = '';
    do {
      const query = new URLSearchParams({ limit: String(this.options.pageSize ?? 500) });
      if (continueToken) query.set('continue', continueToken);
      const page = (await transport.getJson(`${resourcePath(kind)}?${query}`, this.controller.signal)) as {
        items?: unknown[];
        metadata?: { resourceVersion?: string; continue?: string };
      };
      if (!page || !Array.isArray(page.items)) throw new Error(`list of ${this.label} has no items`);
      items.push(...page.items);
      continueToken = page.metadata?.continue ?? '';
      resourceVersion = page.metadata?.resourceVersion ?? '';
    } while (continueToken);
    if (!resourceVersion) throw new Error(`list of ${this.label} has no resourceVersion`);
    inventory.replace(kind, items);
    this.resourceVersion = resourceVersion;
    metrics.inventorySynced.set({ kind: this.label }, 1);
    metrics.inventoryObjects.set({ kind: this.label }, inventory.count(kind));
    logger.log('info', 'inventory listed', { kind: this.label, objects: inventory.count(kind), resourceVersion });
  }

  private async watch(): Promise<void> {
    const { transport, inventory, kind, metrics } = this.options;
    const timeout = this.options.watchTimeoutSeconds ?? 300 + Math.floor(Math.random() * 300);
    const query = new URLSearchParams({
      watch: '1',
      allowWatchBookmarks: 'true',
      resourceVersion: this.resourceVersion,
      timeoutSeconds: String(timeout),
    });
    let gone = false;
    this.options.logger.log('debug', 'watching', { kind: this.label, resourceVersion: this.resourceVersion });
    const opened = () => inventory.watchOpened(kind);
    await transport.streamLines(`${resourcePath(kind)}?${query}`, this.controller.signal, (line) => {
      if (gone) return;
      let event: WatchEvent;
      try {
        event = JSON.parse(line) as WatchEvent;
      } catch {
        this.options.logger.log('warn', 'ignoring a watch line that is not JSON', { kind: this.label, length: line.length });
        return;
      }
      this.failures = 0; // the connection works
      if (event.type === 'ERROR') {
        if (event.object?.code === 410) gone = true;
        else this.options.logger.log('warn', 'watch error event', { kind: this.label, code: event.object?.code, error: event.object?.message });
        return;
      }
      if (event.type === 'ADDED' || event.type === 'MODIFIED') inventory.upsert(kind, event.object);
      else if (event.type === 'DELETED') inventory.remove(kind, event.object);
      const version = event.object?.metadata?.resourceVersion;
      if (version) this.resourceVersion = version;
      metrics.inventoryObjects.set({ kind: this.label }, inventory.count(kind));
    }, opened).finally(() => inventory.watchClosed(kind));
    if (gone) throw new GoneError('watch reported 410 Gone');
  }
}

/** Runs one reflector per watched kind; readiness is the inventory's synced(). */
export function startReflectors(options: Omit<ReflectorOptions, 'kind'>): { stop(): Promise<void> } {
  const reflectors = options.inventory.kinds.map((kind) => new Reflector({ ...options, kind }));
  for (const r of reflectors) r.start();
  return { stop: async () => void (await Promise.all(reflectors.map((r) => r.stop()))) };
}
