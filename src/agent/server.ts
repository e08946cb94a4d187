// The agent's local HTTP surface: POST /readings (the input), /healthz, /readyz, /metrics.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from './log.js';
import type { AgentMetrics } from './metrics.js';
import type { Outbox } from './outbox.js';
import { validateReading, type Reading } from './reading.js';

export interface ServerDeps {
  outbox: Outbox;
  metrics: AgentMetrics;
  logger: Logger;
  /** Called after readings were persisted, to wake the sync loop. */
  onAccepted: () => void;
  maxBodyBytes: number;
  maxReadingsPerRequest: number;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

function reply(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    'content-type': typeof body === 'string' ? 'text/plain; version=0.0.4; charset=utf-8' : 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/** After a 413, at most this much more of the body is read (and dropped) before the socket closes. */
const DRAIN_LIMIT_BYTES = 1024 * 1024;

function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const tooLarge = (): HttpError => new HttpError(413, `body larger than ${limit} bytes`, {}, { connection: 'close' });
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(tooLarge());
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // A chunked body has no length to refuse up front. Destroying the socket here reset the
      // connection before the client saw a status; instead answer 413 and drop a bounded
      // remainder so the client can read it, then close.
      req.off('data', onData);
      chunks.length = 0;
      let drained = 0;
      req.on('data', (rest: Buffer) => {
        drained += rest.length;
        if (drained > DRAIN_LIMIT_BYTES) req.destroy();
      });
      res.once('finish', () => req.destroy());
      reject(tooLarge());
    };
    req.on('data', onData);
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export class AgentServer {
  private readonly server: Server;
  private accepting = true;

  constructor(private readonly deps: ServerDeps) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err: unknown) => {
        if (err instanceof HttpError) return reply(res, err.status, { error: err.message, ...err.extra }, err.headers);
        deps.logger.error('request failed', { error: err, path: req.url });
        if (!res.headersSent) reply(res, 500, { error: 'internal error' });
      });
    });
    // Probes and clients are local; a stuck connection must not hold shutdown hostage.
    this.server.requestTimeout = 30_000;
    this.server.keepAliveTimeout = 5_000;
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve((this.server.address() as AddressInfo).port);
      });
    });
  }

  /** Stops accepting readings and connections; in-progress requests may finish. */
  async close(): Promise<void> {
    this.accepting = false;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://agent').pathname;
    const method = req.method ?? 'GET';
    const only = (allowed: string): void => {
      if (method !== allowed && !(allowed === 'GET' && method === 'HEAD')) {
        throw new HttpError(405, `use ${allowed} on ${path}`, {}, { allow: allowed === 'GET' ? 'GET, HEAD' : allowed });
      }
    };
    switch (path) {
      case '/healthz':
        only('GET');
        return reply(res, 200, { status: 'ok' });
      case '/readyz':
        only('GET');
        return this.readyz(res);
      case '/metrics':
        only('GET');
        return reply(res, 200, this.deps.metrics.render({ outboxDepth: this.deps.outbox.depth, ready: await this.isReady() }));
      case '/readings':
        only('POST');
        return this.acceptReadings(req, res);
      default:
        throw new HttpError(404, `no route ${path}`);
    }
  }

  private async isReady(): Promise<boolean> {
    if (!this.accepting) return false;
    try {
      await this.deps.outbox.probe();
      return true;
    } catch {
      return false;
    }
  }

  private async readyz(res: ServerResponse): Promise<void> {
    if (!this.accepting) return reply(res, 503, { status: 'shutting down' });
    try {
      await this.deps.outbox.probe();
      reply(res, 200, { status: 'ready', outboxDepth: this.deps.outbox.depth });
    } catch (err) {
      this.deps.logger.error('not ready: outbox not writable', { error: err });
      reply(res, 503, { status: 'not ready', error: (err as Error).message });
    }
  }

  private async acceptReadings(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!this.accepting) throw new HttpError(503, 'shutting down; send to another replica', {});
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) throw new HttpError(415, 'content-type must be application/json');
    const text = await readBody(req, res, this.deps.maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (err) {
      throw new HttpError(400, `body is not valid JSON: ${(err as Error).message}`);
    }
    const items = Array.isArray(body) ? body : [body];
    if (items.length === 0) throw new HttpError(400, 'no readings in the body');
    if (items.length > this.deps.maxReadingsPerRequest) {
      throw new HttpError(413, `at most ${this.deps.maxReadingsPerRequest} readings per request`);
    }
    const readings: Reading[] = [];
    const problems: Array<{ index: number; errors: string[] }> = [];
    const now = new Date();
    items.forEach((item, index) => {
      const result = validateReading(item, now);
      if (result.ok) readings.push(result.reading);
      else problems.push({ index, errors: result.errors });
    });
    // All or nothing: a client fixes its payload and resends it whole.
    if (problems.length > 0) throw new HttpError(400, 'invalid readings; nothing stored', { problems });
    try {
      await this.deps.outbox.append(readings);
    } catch (err) {
      this.deps.logger.error('cannot persist readings; refusing them', { error: err, count: readings.length });
      throw new HttpError(503, (err as Error).message, { hint: 'nothing acknowledged; resend later with the same ids' });
    }
    this.deps.metrics.readingsAccepted += readings.length;
    this.deps.onAccepted();
    reply(res, 202, { accepted: readings.length, ids: readings.map((r) => r.idempotency_key) });
  }
}
