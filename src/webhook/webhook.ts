// Assembles the running webhook: certificate, inventory (list+watch), policy, HTTPS server and
// certificate reloader, with one shutdown for all of them.
import type { AddressInfo } from 'node:net';
import type { ResolvedConfig } from '../config/types.js';
import type { Linter } from '../engine/engine.js';
import { DEFAULT_REVIEW_LIMITS, type ReviewLimits } from './bounds.js';
import { exemptNamespaces } from './exempt.js';
import { Inventory, inventoryKinds, type InventoryView, type WatchedKind } from './inventory.js';
import type { KubeTransport } from './kube.js';
import type { Logger } from './log.js';
import { WebhookMetrics } from './metrics.js';
import { createAdmissionPolicy, type AdmissionPolicy } from './policy.js';
import { PolicyReloader } from './policy-reload.js';
import { startReflectors, type ReflectorOptions } from './reflector.js';
import { inventoryRefresh, type Refresh } from './refresh.js';
import { createWebhookServer, type ServerLimits, type WebhookServer } from './server.js';
import { CertificateReloader, readKeyPair } from './tls.js';

export interface WebhookOptions {
  config: ResolvedConfig;
  linter: Linter;
  logger: Logger;
  /** The API server, for the inventory; or a fixed inventory (tests, benchmarks). */
  inventory: { transport: KubeTransport; kinds?: readonly WatchedKind[]; reflector?: Partial<ReflectorOptions> } | { view: InventoryView };
  ownNamespace?: string;
  host?: string;
  limits?: Partial<ServerLimits>;
  certificate?: { debounceMs?: number; pollMs?: number };
  /** Users' policies to reload when their files change (config `policies`, `policyData`). */
  userPolicies?: { paths: readonly string[]; hash: () => string; load: () => Promise<Linter>; debounceMs?: number; pollMs?: number };
}

export interface RunningWebhook {
  address: AddressInfo;
  server: WebhookServer;
  metrics: WebhookMetrics;
  inventory: InventoryView;
  reloader: CertificateReloader;
  policyReloader?: PolicyReloader;
  /** Keeps serving for delayMs while reporting not-ready (endpoints stop routing here), then shuts down. */
  drainAndShutdown(delayMs: number, graceMs: number): Promise<void>;
  /** Stops accepting, drains in-flight reviews within graceMs, stops watches. */
  shutdown(graceMs: number): Promise<void>;
}

export async function startWebhook(options: WebhookOptions): Promise<RunningWebhook> {
  const { config, linter, logger } = options;
  const { tlsCert, tlsKey, port } = config.webhook;
  if (!tlsCert || !tlsKey) throw new Error('the webhook serves HTTPS only: give --tls-cert and --tls-key (or webhook.tlsCert/tlsKey in config)');
  const tls = await readKeyPair(tlsCert, tlsKey);
  const metrics = new WebhookMetrics();

  let inventory: InventoryView;
  let reflectors: { stop(): Promise<void> } | undefined;
  let refresh: Refresh | undefined;
  if ('view' in options.inventory) {
    inventory = options.inventory.view;
  } else {
    const store = new Inventory(options.inventory.kinds ?? inventoryKinds(config), { maxStaleSeconds: config.webhook.inventoryMaxStaleSeconds });
    reflectors = startReflectors({ ...options.inventory.reflector, transport: options.inventory.transport, inventory: store, logger, metrics });
    refresh = inventoryRefresh(options.inventory.transport, store);
    inventory = store;
  }

  const exempt = exemptNamespaces(config.webhook.exemptNamespaces, options.ownNamespace);
  let current = createAdmissionPolicy({ linter, config, inventory, exemptNamespaces: exempt });
  // Reloaded user policies take over from the next request; one in flight finishes with the old ones.
  const policy: AdmissionPolicy = { decide: (request) => current.decide(request), blockedRules: () => current.blockedRules() };
  const user = options.userPolicies;
  const policyReloader = user
    ? new PolicyReloader({
        paths: user.paths,
        initialHash: user.hash(),
        hash: user.hash,
        load: user.load,
        apply: (next) => (current = createAdmissionPolicy({ linter: next, config, inventory, exemptNamespaces: exempt })),
        logger,
        debounceMs: user.debounceMs,
        pollMs: user.pollMs,
      })
    : undefined;
  const server = createWebhookServer({ tls, policy, inventory, metrics, logger, failurePolicy: config.webhook.failurePolicy, limits: { review: reviewLimits(config), ...options.limits }, refresh });
  const reloader = new CertificateReloader({
    server: server.server,
    certFile: tlsCert,
    keyFile: tlsKey,
    initial: tls,
    logger,
    onReload: (result) => metrics.certReloads.inc({ result }),
    ...options.certificate,
  });
  let address: AddressInfo;
  try {
    address = await server.listen(port, options.host);
  } catch (error) {
    await reflectors?.stop();
    throw error;
  }
  reloader.start();
  policyReloader?.start();
  logger.log('info', 'webhook listening', {
    address: address.address,
    port: address.port,
    mode: config.webhook.mode,
    crossResource: config.webhook.crossResource,
    failurePolicy: config.webhook.failurePolicy,
    rules: [...linter.rules.keys()].length,
  });

  const running: RunningWebhook = {
    address,
    server,
    metrics,
    inventory,
    reloader,
    policyReloader,
    async drainAndShutdown(delayMs, graceMs) {
      server.beginDrain();
      if (delayMs > 0) {
        logger.log('info', 'draining: not ready, still serving', { delayMs });
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
      await running.shutdown(graceMs);
    },
    async shutdown(graceMs) {
      logger.log('info', 'shutting down: draining in-flight reviews', { inFlight: server.inFlight(), graceMs });
      reloader.stop();
      policyReloader?.stop();
      await server.shutdown(graceMs);
      await reflectors?.stop();
      logger.log('info', 'shutdown complete');
    },
  };
  return running;
}

/** The config's webhook.limits over the defaults, field by field. */
export function reviewLimits(config: ResolvedConfig): ReviewLimits {
  return { ...DEFAULT_REVIEW_LIMITS, ...config.webhook.limits };
}
