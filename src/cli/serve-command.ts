// `kubelint serve`: run the admission webhook until SIGTERM/SIGINT, then drain and return 0.
import { resolveConfig } from '../config/load.js';
import { KUBE_CLIENT_RANGE } from '../version.js';
import { linterFor } from '../engine/linter-factory.js';
import { contentHash } from '../webhook/policy-reload.js';
import { ownNamespace } from '../webhook/exempt.js';
import { jsonLogger } from '../webhook/log.js';
import type { CliIO } from './io.js';
import { SetupError } from './io.js';
import { parseServeArgs, SERVE_HELP, ServeUsageError } from './serve-args.js';

/** Resolves with the signal that asked the process to stop. */
export type StopSignal = () => Promise<string>;

function processStopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve(signal);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}

export const KUBE_CLIENT = '@kubernetes/client-node';

/**
 * The webhook's Kubernetes client, loaded here, not at import: it takes seconds to import, `lint`
 * never needs it, and it is an optional peer dependency that a plain install leaves out (57 MB).
 */
export async function importKubeClient(load = () => import('../webhook/kube.js')) {
  try {
    return await load();
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ERR_MODULE_NOT_FOUND' && message.includes(`'${KUBE_CLIENT}'`)) {
      throw new SetupError(
        `kubelint serve needs ${KUBE_CLIENT}, an optional dependency that is not installed; ` +
          `install it next to kubelint: npm install ${KUBE_CLIENT}@${KUBE_CLIENT_RANGE}`,
      );
    }
    throw error;
  }
}

export async function serveCommand(argv: string[], io: CliIO, waitForStop: StopSignal = processStopSignal): Promise<number> {
  const args = parseServeArgs(argv);
  if (args.help) {
    io.stdout.write(SERVE_HELP);
    return 0;
  }
  // The webhook's config is the operator's (mounted from a ConfigMap), never a linted repository's.
  const config = await resolveConfig({ cwd: io.cwd, configFile: args.configFile, overrides: args.overrides, trustConfig: true });
  if (!config.webhook.tlsCert || !config.webhook.tlsKey) {
    throw new ServeUsageError('serve needs --tls-cert and --tls-key (or webhook.tlsCert and webhook.tlsKey in config): the webhook serves HTTPS only');
  }
  const logger = jsonLogger((line) => io.stdout.write(line), args.logLevel);
  const linter = await linterFor(config, { cwd: io.cwd, env: io.env });
  const { kubeTransport, loadKubeConfig } = await importKubeClient();
  const { startWebhook } = await import('../webhook/webhook.js');
  const transport = kubeTransport(loadKubeConfig(args.kubeconfig));
  const stopped = waitForStop();
  const userPolicies =
    config.policies.length > 0
      ? { paths: [...config.policies, ...config.policyData], hash: () => contentHash(config.policies, config.policyData), load: () => linterFor(config, { cwd: io.cwd, env: io.env }) }
      : undefined;
  const webhook = await startWebhook({ config, linter, logger, inventory: { transport }, ownNamespace: ownNamespace(io.env), host: args.host, userPolicies });
  const signal = await stopped;
  logger.log('info', 'stop signal received', { signal, delayMs: args.shutdownDelayMs });
  await webhook.drainAndShutdown(args.shutdownDelayMs, args.shutdownGraceMs);
  return 0;
}
