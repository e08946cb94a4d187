// Wires the agent together: outbox on disk, sync loop, HTTP server. No process handling here
// (signals and exit codes belong to main.ts), so tests can run several agents in one process.
import type { AgentConfig } from './config.js';
import { createLogger, type Logger } from './log.js';
import { AgentMetrics } from './metrics.js';
import { Outbox, type OutboxFs } from './outbox.js';
import type { Reading } from './reading.js';
import type { SendOptions, SendOutcome } from './sender.js';
import { AgentServer } from './server.js';
import { Syncer } from './syncer.js';

export interface AgentDeps {
  logger?: Logger;
  fs?: OutboxFs;
  random?: () => number;
  send?: (readings: readonly Reading[], options: SendOptions) => Promise<SendOutcome>;
  /** Tests may start without the sync loop to inspect the outbox first. */
  autoSync?: boolean;
}

export interface Agent {
  readonly outbox: Outbox;
  readonly metrics: AgentMetrics;
  readonly syncer: Syncer;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startAgent(config: AgentConfig, deps: AgentDeps = {}): Promise<Agent> {
  const logger = deps.logger ?? createLogger(config.logLevel);
  const outbox = await Outbox.open(config.dataDir, deps.fs);
  const metrics = new AgentMetrics();
  const syncer = new Syncer(
    {
      apiUrl: config.apiUrl,
      apiToken: config.apiToken,
      batchSize: config.batchSize,
      requestTimeoutMs: config.requestTimeoutMs,
      backoff: { baseMs: config.backoffBaseMs, maxMs: config.backoffMaxMs },
      retryAfterMaxMs: config.retryAfterMaxMs,
      idlePollMs: config.idlePollMs,
    },
    { outbox, metrics, logger, random: deps.random, send: deps.send },
  );
  const server = new AgentServer({
    outbox,
    metrics,
    logger,
    onAccepted: () => syncer.wake(),
    maxBodyBytes: config.maxBodyBytes,
    maxReadingsPerRequest: config.maxReadingsPerRequest,
  });
  const port = await server.listen(config.port, config.host);
  if (deps.autoSync !== false) syncer.start();
  logger.info('solar-sync agent listening', {
    port, host: config.host, dataDir: config.dataDir, apiUrl: config.apiUrl.origin + config.apiUrl.pathname, pending: outbox.depth,
  });

  let stopping: Promise<void> | undefined;
  return {
    outbox,
    metrics,
    syncer,
    port,
    stop() {
      stopping ??= (async () => {
        logger.info('shutting down: no new readings; finishing the send in flight', { pending: outbox.depth });
        await server.close();
        await syncer.stop(config.shutdownGraceMs);
        logger.info('stopped', { pending: outbox.depth });
      })();
      return stopping;
    },
  };
}
