// The HTTPS server: POST /validate for AdmissionReviews, plus /healthz, /readyz and /metrics.
// Hardened at the edge (media type, size, deadline, concurrency, Node's timeouts) and drained
// gracefully on shutdown.
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { WebhookConfig } from '../config/types.js';
import { checkRequestHead, HttpError, MAX_BODY_BYTES, parseJson, readBody } from './body.js';
import { Capacity } from './capacity.js';
import { boundConnections } from './connections.js';
import { answerDeadlineMs } from './deadline.js';
import { readiness } from './health.js';
import type { Refresh } from './refresh.js';
import type { InventoryView } from './inventory.js';
import { errorText, type Logger } from './log.js';
import type { WebhookMetrics } from './metrics.js';
import { failureResponse, type AdmissionPolicy, type Decision } from './policy.js';
import { BadReviewError, parseReview, reviewResponse, uidOf, type AdmissionRequest, type AdmissionResponse } from './review.js';
import { boundRequest, DEFAULT_REVIEW_LIMITS, type ReviewLimits } from './bounds.js';
import type { KeyPair } from './tls.js';
import { createTurns } from './turns.js';

export interface ServerLimits {
  maxBodyBytes: number;
  /**
   * Answer (per the failure policy) within this time when the request carries no `?timeout=`;
   * with one (the API server always sends it), the deadline derives from it.
   */
  deadlineMs: number;
  /**
   * Reviews evaluated or waiting for their turn (bodies complete); more get 429 and the API server
   * applies its failurePolicy. Reviews still being received do not count (capacity.ts).
   */
  maxInFlight: number;
  /** Bytes of bodies held at once beyond the first 64 KiB of each; a body that would pass it gets 429. */
  maxBodyBytesHeld: number;
  /** Open connections; more are closed as they arrive, before any TLS work. */
  maxConnections: number;
  /** A TLS handshake not done within this is dropped. */
  handshakeTimeoutMs: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
  /** What one object may hold to be evaluated (bounds.ts). */
  review: ReviewLimits;
}

/** Ordinary reviews (a few KiB) fit in this and never wait on the byte budget. */
const FREE_BYTES_PER_BODY = 64 * 1024;

export const DEFAULT_LIMITS: ServerLimits = {
  maxBodyBytes: MAX_BODY_BYTES,
  deadlineMs: 2_000,
  maxInFlight: 64,
  maxBodyBytesHeld: 32 * 1024 * 1024,
  maxConnections: 256,
  handshakeTimeoutMs: 5_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 15_000,
  keepAliveTimeoutMs: 30_000,
  review: DEFAULT_REVIEW_LIMITS,
};

export interface WebhookServerOptions {
  tls: KeyPair;
  policy: AdmissionPolicy;
  inventory: InventoryView;
  metrics: WebhookMetrics;
  logger: Logger;
  failurePolicy: WebhookConfig['failurePolicy'];
  limits?: Partial<ServerLimits>;
  /** Lists kinds of a namespace afresh before a cross-resource denial stands (a watched inventory only). */
  refresh?: Refresh;
}

export interface WebhookServer {
  readonly server: Server;
  listen(port: number, host?: string): Promise<AddressInfo>;
  /** Reports not-ready and closes connections after each response, while still serving. */
  beginDrain(): void;
  /** Stops accepting, lets in-flight reviews finish (up to graceMs), then closes what is left. */
  shutdown(graceMs: number): Promise<void>;
  inFlight(): number;
}

function sendJson(res: ServerResponse, status: number, body: unknown, close = false): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  const headers: Record<string, string | number> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) };
  if (close) headers.Connection = 'close';
  res.writeHead(status, headers);
  res.end(text);
}

function sendText(res: ServerResponse, status: number, text: string, contentType = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** Stops reading a body we refused: the connection is closed once the answer is out. */
function refuseRest(req: IncomingMessage): void {
  req.socket.pause();
  req.pause();
}

export function createWebhookServer(options: WebhookServerOptions): WebhookServer {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const { policy, inventory, metrics, logger } = options;
  const turns = createTurns();
  let draining = false;
  const capacity = new Capacity({ maxEvaluations: limits.maxInFlight, maxBodyBytesHeld: limits.maxBodyBytesHeld, freeBytesPerBody: FREE_BYTES_PER_BODY });

  const tlsOptions = { cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' as const, handshakeTimeout: limits.handshakeTimeoutMs };
  // Expired header/request timeouts are swept every second rather than every 30 s (Node's default).
  const server = createServer({ ...tlsOptions, connectionsCheckingInterval: 1_000 }, (req, res) => {
    route(req, res).catch((error: unknown) => {
      logger.log('error', 'unhandled request error', { error: errorText(error) });
      if (!res.headersSent) sendJson(res, 500, { error: 'internal error' }, true);
    });
  });
  server.headersTimeout = limits.headersTimeoutMs;
  server.requestTimeout = limits.requestTimeoutMs;
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  server.maxHeadersCount = 100;
  boundConnections(server, { maxConnections: limits.maxConnections, firstRequestTimeoutMs: limits.headersTimeoutMs });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (draining) res.setHeader('Connection', 'close');
    const pathname = (req.url ?? '/').split('?', 1)[0];
    if (pathname === '/validate') {
      if (req.method !== 'POST') return sendJson(res, 405, { error: 'use POST' });
      return validate(req, res);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: 'use GET' });
    if (pathname === '/healthz') return sendText(res, 200, 'ok\n');
    if (pathname === '/readyz') {
      if (draining) return sendText(res, 503, 'shutting down\n');
      const { ready, text } = readiness(inventory, policy.blockedRules());
      return sendText(res, ready ? 200 : 503, text);
    }
    if (pathname === '/metrics') {
      metrics.inFlight.set({}, capacity.open());
      metrics.observeInventory(inventory.health(), policy.blockedRules());
      return sendText(res, 200, metrics.render(), 'text/plain; version=0.0.4; charset=utf-8');
    }
    return sendJson(res, 404, { error: 'no such route (POST /validate, GET /healthz, /readyz, /metrics)' });
  }

  function reject(req: IncomingMessage, res: ServerResponse, error: HttpError): void {
    metrics.rejected.inc({ code: String(error.status), reason: error.reason });
    logger.log('warn', 'request rejected', { status: error.status, reason: error.reason, error: error.message, remote: req.socket.remoteAddress });
    // Refused before the whole body was read: the rest is not read, the connection closes.
    const close = error.status === 413 || error.status === 415 || error.status === 408 || error.reason === 'body-budget';
    if (close) refuseRest(req);
    if (error.status === 429) res.setHeader('Retry-After', '1');
    sendJson(res, error.status, { error: error.message }, close);
  }

  async function validate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    try {
      checkRequestHead(req, limits.maxBodyBytes);
    } catch (error) {
      return reject(req, res, error as HttpError);
    }
    const ticket = capacity.enter();
    let uid: string | undefined;
    const deadlineMs = answerDeadlineMs(new URL(req.url ?? '/', 'https://webhook.invalid').searchParams.get('timeout'), limits.deadlineMs);
    const deadline = setTimeout(() => {
      if (res.headersSent) return;
      ticket.release(); // answered: its share is free even if the client never finishes its body
      metrics.policyErrors.inc({ cause: 'deadline' });
      logger.log('error', 'review deadline exceeded', { uid, deadlineMs });
      if (uid) answer(res, failureResponse(uid, options.failurePolicy, 'deadline exceeded'), 'failed');
      else reject(req, res, new HttpError(408, 'deadline', 'request body not received within the deadline'));
    }, deadlineMs);
    try {
      const body = parseJson(await readBody(req, limits.maxBodyBytes, ticket.bodyGrew));
      uid = uidOf(body);
      let request: AdmissionRequest;
      try {
        request = parseReview(body);
      } catch (error) {
        if (error instanceof BadReviewError) throw new HttpError(400, 'bad-review', error.message);
        throw error;
      }
      boundRequest(request, limits.review);
      if (res.headersSent) return; // the deadline answered already
      if (!ticket.startEvaluation()) throw new HttpError(429, 'overload', 'too many admission reviews in flight');
      // A review whose deadline passed while it waited for its turn was answered by then: not evaluated.
      const first = await turns.run(() => (res.headersSent ? 'answered' : decide(request)));
      if (first === 'answered') return;
      let decision = first;
      if (decision?.recheck && options.refresh) decision = await confirmed(request, decision, decision.recheck);
      if (res.headersSent) return;
      if (!decision) return reject(req, res, new HttpError(400, 'bad-review', `request.object is required for ${request.operation}`));
      answer(res, decision.response, decision.outcome);
      metrics.latency.observe((performance.now() - started) / 1000);
      logDecision(request, decision, performance.now() - started, deadlineMs);
    } catch (error) {
      if (error instanceof HttpError) return reject(req, res, error);
      throw error;
    } finally {
      clearTimeout(deadline);
      ticket.release();
    }
  }

  /** The decision again after the inventory of the namespace is listed afresh; the first one if that fails. */
  async function confirmed(request: AdmissionRequest, first: Decision, recheck: NonNullable<Decision['recheck']>): Promise<Decision> {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), 1_000);
    try {
      await options.refresh!(recheck.namespace, recheck.kinds, abort.signal);
      metrics.rechecks.inc({ result: 'done' });
      return (await turns.run(() => decide(request))) ?? first;
    } catch (error) {
      metrics.rechecks.inc({ result: 'error' });
      logger.log('warn', 'could not refresh the inventory before a cross-resource denial; it stands', { uid: request.uid, error: errorText(error) });
      return first;
    } finally {
      clearTimeout(timer);
    }
  }

  /** The policy's decision, or the failure policy's answer when evaluation throws. */
  function decide(request: AdmissionRequest): Decision | undefined {
    try {
      return policy.decide(request);
    } catch (error) {
      if (error instanceof BadReviewError) return undefined;
      metrics.policyErrors.inc({ cause: 'exception' });
      logger.log('error', 'policy evaluation failed; answering per failure policy', { uid: request.uid, failurePolicy: options.failurePolicy, error: errorText(error) });
      const response = failureResponse(request.uid, options.failurePolicy, 'internal error');
      return { response, outcome: response.allowed ? 'failed-open' : 'failed-closed', violations: [] };
    }
  }

  function answer(res: ServerResponse, response: AdmissionResponse, outcome: string): void {
    metrics.reviews.inc({ decision: outcome === 'failed' ? (response.allowed ? 'failed-open' : 'failed-closed') : outcome });
    sendJson(res, 200, reviewResponse(response));
  }

  function logDecision(request: AdmissionRequest, decision: Decision, ms: number, deadlineMs: number): void {
    for (const v of decision.violations) if (v.action === 'audit') metrics.audited.inc({ rule: v.ruleId });
    if (decision.inventoryMissing) metrics.inventoryMissing.inc();
    if (decision.skipReason === 'over-limit' && request.exceeds) metrics.overLimit.inc({ limit: request.exceeds.limit });
    const { kind, group } = request.kind;
    logger.log(decision.outcome === 'skipped' ? 'debug' : 'info', 'admission review', {
      uid: request.uid,
      operation: request.operation,
      kind: group ? `${group}/${kind}` : kind,
      subResource: request.subResource,
      namespace: request.namespace,
      name: request.name ?? (request.object as { metadata?: { name?: string } } | undefined)?.metadata?.name,
      dryRun: request.dryRun === true,
      decision: decision.outcome,
      skipReason: decision.skipReason,
      limit: decision.skipReason === 'over-limit' ? request.exceeds?.limit : undefined,
      violations: decision.violations.map((v) => ({ rule: v.ruleId, path: v.path, action: v.action, ...(v.preexisting ? { preexisting: true } : {}) })),
      durationMs: Math.round(ms * 100) / 100,
      deadlineMs,
    });
  }

  return {
    server,
    inFlight: () => capacity.open(),
    beginDrain() {
      draining = true;
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          resolve(server.address() as AddressInfo);
        });
      });
    },
    async shutdown(graceMs) {
      draining = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const drained = capacity.drained();
      let timer: NodeJS.Timeout | undefined;
      const bound = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      const result = await Promise.race([drained.then(() => 'drained' as const), bound]);
      if (result === 'timeout') logger.log('warn', 'shutdown grace period over; closing remaining connections', { inFlight: capacity.open() });
      if (result === 'timeout') server.closeAllConnections();
      // Keep-alive connections that carried the last responses turn idle once those are flushed.
      const sweep = setInterval(() => server.closeIdleConnections(), 20);
      server.closeIdleConnections();
      await Promise.race([closed, bound]);
      clearInterval(sweep);
      clearTimeout(timer);
      server.closeAllConnections();
    },
  };
}
