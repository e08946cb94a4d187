// Agent configuration from environment variables. Every bad variable is reported at once,
// so an operator fixes the Deployment in one round instead of one crash loop per variable.

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface AgentConfig {
  /** Central API endpoint that receives batches (JSON POST). */
  apiUrl: URL;
  /** Optional bearer token for the central API. */
  apiToken?: string;
  /** The only writable place: outbox, dead letters, temp files. */
  dataDir: string;
  host: string;
  /** 0 picks a free port (tests); the bound port is logged. */
  port: number;
  batchSize: number;
  requestTimeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Upper bound on a server-requested Retry-After, so a bad header cannot stall us for days. */
  retryAfterMaxMs: number;
  /** How long the sync loop sleeps when the outbox is empty (new readings wake it sooner). */
  idlePollMs: number;
  shutdownGraceMs: number;
  maxBodyBytes: number;
  /** Largest number of readings one POST /readings may carry. */
  maxReadingsPerRequest: number;
  logLevel: LogLevel;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

interface IntSpec {
  name: string;
  fallback: number;
  min: number;
  max: number;
}

function readInt(env: Env, spec: IntSpec, problems: string[]): number {
  const raw = env[spec.name];
  if (raw === undefined || raw.trim() === '') return spec.fallback;
  const text = raw.trim();
  if (!/^\d+$/.test(text)) {
    problems.push(`${spec.name}: expected a whole number between ${spec.min} and ${spec.max}, got "${raw}"`);
    return spec.fallback;
  }
  const value = Number(text);
  if (value < spec.min || value > spec.max) {
    problems.push(`${spec.name}: ${value} is out of range (${spec.min}..${spec.max})`);
    return spec.fallback;
  }
  return value;
}

const LOG_LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Parses and validates the environment; throws ConfigError listing every problem. */
export function loadConfig(env: Env): AgentConfig {
  const problems: string[] = [];

  let apiUrl: URL | undefined;
  const rawUrl = env.API_URL?.trim();
  if (!rawUrl) {
    problems.push('API_URL: required (the central API endpoint, e.g. https://central.example.org/api/solar)');
  } else {
    try {
      apiUrl = new URL(rawUrl);
      if (apiUrl.protocol !== 'http:' && apiUrl.protocol !== 'https:') {
        problems.push(`API_URL: must be an http:// or https:// URL, got "${rawUrl}"`);
      }
    } catch {
      problems.push(`API_URL: not a valid URL: "${rawUrl}"`);
    }
  }

  const dataDir = env.DATA_DIR?.trim() || '/data';
  if (!dataDir.startsWith('/')) problems.push(`DATA_DIR: must be an absolute path, got "${dataDir}"`);

  const host = env.HOST?.trim() || '0.0.0.0';
  const port = readInt(env, { name: 'PORT', fallback: 8080, min: 0, max: 65535 }, problems);
  const batchSize = readInt(env, { name: 'BATCH_SIZE', fallback: 50, min: 1, max: 1000 }, problems);
  const requestTimeoutMs = readInt(env, { name: 'REQUEST_TIMEOUT_MS', fallback: 10_000, min: 1, max: 600_000 }, problems);
  const backoffBaseMs = readInt(env, { name: 'BACKOFF_BASE_MS', fallback: 500, min: 1, max: 3_600_000 }, problems);
  const backoffMaxMs = readInt(env, { name: 'BACKOFF_MAX_MS', fallback: 60_000, min: 1, max: 86_400_000 }, problems);
  const retryAfterMaxMs = readInt(env, { name: 'RETRY_AFTER_MAX_MS', fallback: 300_000, min: 0, max: 86_400_000 }, problems);
  const idlePollMs = readInt(env, { name: 'IDLE_POLL_MS', fallback: 5_000, min: 1, max: 3_600_000 }, problems);
  const shutdownGraceMs = readInt(env, { name: 'SHUTDOWN_GRACE_MS', fallback: 10_000, min: 0, max: 600_000 }, problems);
  const maxBodyBytes = readInt(env, { name: 'MAX_BODY_BYTES', fallback: 1_048_576, min: 256, max: 67_108_864 }, problems);
  const maxReadingsPerRequest = readInt(env, { name: 'MAX_READINGS_PER_REQUEST', fallback: 1000, min: 1, max: 100_000 }, problems);
  if (backoffBaseMs > backoffMaxMs) {
    problems.push(`BACKOFF_BASE_MS (${backoffBaseMs}) must not exceed BACKOFF_MAX_MS (${backoffMaxMs})`);
  }

  // The seed used LOG_LEVEL=INFO; accept any case.
  const rawLevel = (env.LOG_LEVEL?.trim() || 'info').toLowerCase();
  let logLevel: LogLevel = 'info';
  if ((LOG_LEVELS as readonly string[]).includes(rawLevel)) logLevel = rawLevel as LogLevel;
  else problems.push(`LOG_LEVEL: expected one of ${LOG_LEVELS.join(', ')}, got "${env.LOG_LEVEL}"`);

  const apiToken = env.API_TOKEN?.trim() || undefined;

  if (problems.length > 0 || !apiUrl) throw new ConfigError(problems);
  return {
    apiUrl,
    apiToken,
    dataDir,
    host,
    port,
    batchSize,
    requestTimeoutMs,
    backoffBaseMs,
    backoffMaxMs,
    retryAfterMaxMs,
    idlePollMs,
    shutdownGraceMs,
    maxBodyBytes,
    maxReadingsPerRequest,
    logLevel,
  };
}
