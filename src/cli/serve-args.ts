// `kubelint serve` arguments → config overrides and process options.
import { parseArgs } from 'node:util';
import type { ConfigFile } from '../config/load.js';
import type { WebhookConfig } from '../config/types.js';
import { UsageError } from './io.js';

/** serve's usage errors point to `kubelint serve --help`. */
export class ServeUsageError extends UsageError {
  constructor(message: string) {
    super(message, 'kubelint serve --help');
  }
}

export interface ServeArgs {
  configFile?: string | false;
  overrides: ConfigFile;
  host?: string;
  kubeconfig?: string;
  /** Keep serving this long after SIGTERM so endpoints stop routing here first. */
  shutdownDelayMs: number;
  /** Bound on draining in-flight reviews after that. */
  shutdownGraceMs: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  help: boolean;
}

export const SERVE_HELP = `Usage: kubelint serve [options]

Runs the validating admission webhook: HTTPS POST /validate (admission.k8s.io/v1 AdmissionReview),
plus GET /healthz, /readyz (503 until each inventory kind is listed or refused; a line per kind)
and /metrics (Prometheus).
The inventory for cross-resource rules is listed and watched from the API server (in-cluster
service account, else KUBECONFIG / ~/.kube/config).

Options:
  -c, --config <file>            use this config file (settings under "webhook")
      --no-config                ignore config files
      --port <n>                 HTTPS port (default 8443)
      --host <address>           listen address (default: all interfaces)
      --tls-cert <file>          PEM certificate (reloaded when the file changes)
      --tls-key <file>           PEM private key
      --mode <mode>              enforce (default) | warn | audit
      --cross-resource <action>  warn (default) | deny: what cross-resource errors do at admission
      --failure-policy <p>       allow (default) | deny: the answer when evaluation fails
      --kubeconfig <file>        kubeconfig to use instead of the default lookup
      --shutdown-delay <ms>      keep serving after SIGTERM before closing (default 0)
      --shutdown-grace <ms>      bound on draining in-flight reviews (default 10000)
      --log-level <level>        debug | info (default) | warn | error
  -h, --help                     show this help
`;

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new ServeUsageError(`--${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
  return value as T;
}

function nonNegativeInt(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new ServeUsageError(`--${flag} must be a non-negative integer, got "${value}"`);
  return n;
}

export function parseServeArgs(argv: string[]): ServeArgs {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      allowPositionals: false,
      options: {
        config: { type: 'string', short: 'c' },
        'no-config': { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'tls-cert': { type: 'string' },
        'tls-key': { type: 'string' },
        mode: { type: 'string' },
        'cross-resource': { type: 'string' },
        'failure-policy': { type: 'string' },
        kubeconfig: { type: 'string' },
        'shutdown-delay': { type: 'string' },
        'shutdown-grace': { type: 'string' },
        'log-level': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new ServeUsageError((error as Error).message);
  }
  const webhook: Partial<WebhookConfig> = {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ServeUsageError(`--port must be 1-65535, got "${values.port}"`);
    webhook.port = port;
  }
  if (values['tls-cert'] !== undefined) webhook.tlsCert = values['tls-cert'];
  if (values['tls-key'] !== undefined) webhook.tlsKey = values['tls-key'];
  const mode = oneOf('mode', values.mode, ['enforce', 'warn', 'audit'] as const);
  if (mode) webhook.mode = mode;
  const crossResource = oneOf('cross-resource', values['cross-resource'], ['warn', 'deny'] as const);
  if (crossResource) webhook.crossResource = crossResource;
  const failurePolicy = oneOf('failure-policy', values['failure-policy'], ['allow', 'deny'] as const);
  if (failurePolicy) webhook.failurePolicy = failurePolicy;
  return {
    configFile: values['no-config'] ? false : values.config,
    overrides: Object.keys(webhook).length > 0 ? { webhook } : {},
    host: values.host,
    kubeconfig: values.kubeconfig,
    shutdownDelayMs: nonNegativeInt('shutdown-delay', values['shutdown-delay'], 0),
    shutdownGraceMs: nonNegativeInt('shutdown-grace', values['shutdown-grace'], 10_000),
    logLevel: oneOf('log-level', values['log-level'], ['debug', 'info', 'warn', 'error'] as const) ?? 'info',
    help: values.help === true,
  };
}
